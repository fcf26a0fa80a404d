package message

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// htmlMessage is a message with an HTML body.
func htmlMessage(body string) []byte {
	return []byte("From: alice@corp.example\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body)
}

func TestStripTags(t *testing.T) {
	in := `<html><head><title>T</title><style>p{color:red}</style></head><body>` +
		`<p>Hello <b>world</b>&amp;co</p><script>evil()</script><div>Line two<br>three</div>` +
		`<table><tr><td>a</td><td>b</td></tr></table><ul><li>one<li>two</ul>x</span>y</body></html>`
	want := "Hello world&co\nLine two\nthree\na b\none\ntwo\nxy"
	if got := stripTags(in, nil); got != want {
		t.Errorf("stripTags(%q) = %q, want %q", in, got, want)
	}
}

// TestBigHTMLIsStrippedNotParsed: past maxParsedHTML the text still comes
// out, scripts and styles still don't.
func TestBigHTMLIsStrippedNotParsed(t *testing.T) {
	body := "<style>.x{}</style><p>Today: the importer</p><script>alert(1)</script>" +
		strings.Repeat("<tr><td>x", maxParsedHTML/9+1)
	m, err := Parse(htmlMessage(body), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Text, "Today: the importer\n") || strings.Contains(m.Text, "alert") || strings.Contains(m.Text, ".x{}") || !m.HTML {
		t.Errorf("Parse(%d bytes of HTML).Text starts %q, want the text without script or style", len(body), m.Text[:min(len(m.Text), 80)])
	}
}

// TestReadBodyStopsAtItsDeadline: a body read after its deadline gives
// ErrTooSlow, not text; the header stays readable.
func TestReadBodyStopsAtItsDeadline(t *testing.T) {
	m, err := ParseHeader(htmlMessage("<p>hello</p>"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.ReadBody(time.Now().Add(-time.Second)); !errors.Is(err, ErrTooSlow) || m.Text != "" {
		t.Errorf("ReadBody(past deadline) = %v, Text %q; want ErrTooSlow and no text", err, m.Text)
	}
	if m.From.Address != "alice@corp.example" {
		t.Errorf("From = %q after ReadBody, want alice@corp.example", m.From.Address)
	}
	if err := m.ReadBody(time.Now().Add(time.Minute)); err != nil || m.Text != "hello" {
		t.Errorf("ReadBody(a minute) = %v, Text %q; want hello", err, m.Text)
	}
}

// TestTextIsCutAtMaxText: a body of many megabytes gives at most MaxText
// of text, cut at a line break.
func TestTextIsCutAtMaxText(t *testing.T) {
	raw := []byte("From: alice@corp.example\r\n\r\nToday: x\r\n" + strings.Repeat("a line of status\r\n", 3*MaxText/17))
	m, err := Parse(raw, len(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Text) > MaxText || !strings.HasSuffix(m.Text, "a line of status") {
		t.Errorf("Parse(%d bytes).Text is %d bytes ending %q, want at most %d ending at a line", len(raw), len(m.Text), m.Text[max(0, len(m.Text)-20):], MaxText)
	}
}

// FuzzHostileHTML builds HTML from a shape the fuzzer chooses, repeated up
// to a few megabytes, and reads it as ReadBody does, with a one-second
// budget: whatever the shape, reading must end soon after the budget (the
// parser and the tag stripper check the clock as they go), never panic,
// and give valid UTF-8.
func FuzzHostileHTML(f *testing.F) {
	for _, shape := range []string{"<tr><td>x", "x</span>", "<a>x", "<b><i>x", "<table>x", "<p>x</p>", "<div>", "<blockquote>", "<li>x", "x<frameset>", "<select><option>x", "<svg><p>x", "<font>x", "&amp;x"} {
		f.Add(shape, uint32(3<<20))
	}
	f.Fuzz(func(t *testing.T, shape string, size uint32) {
		if shape == "" {
			return
		}
		size = size % (4 << 20)
		body := "<html><body><p>Today: x</p>" + strings.Repeat(shape, int(size)/len(shape)+1)
		m, err := ParseHeader(htmlMessage(body), 8<<20)
		if err != nil {
			return
		}
		const budget = time.Second
		start := time.Now()
		err = m.ReadBody(start.Add(budget))
		took := time.Since(start)
		if err != nil && !errors.Is(err, ErrTooSlow) {
			t.Fatalf("ReadBody(%q × %d) = %v", shape, size, err)
		}
		if took > 3*budget && !raceEnabled {
			t.Fatalf("ReadBody(%q × %d) took %v, budget %v", shape, size, took, budget)
		}
		if !utf8.ValidString(m.Text) {
			t.Fatalf("ReadBody(%q × %d) gave invalid UTF-8", shape, size)
		}
	})
}

// TestPlainTextUnderAnotherTopType: some clients label a message's text
// application/plain; unnamed, it is read as the text it is, and a named
// part of that type stays an attachment.
func TestPlainTextUnderAnotherTopType(t *testing.T) {
	raw := "From: alice@corp.example\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: application/plain; charset=utf-8\r\n\r\nToday: the signed status\r\n" +
		"--b\r\nContent-Type: application/plain; name=notes.txt\r\n\r\nnot the body\r\n" +
		"--b\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n\r\nMIAGCSqGSIb3\r\n--b--\r\n"
	m, err := Parse([]byte(raw), 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != "Today: the signed status" || len(m.Attachments) != 2 {
		t.Errorf("Parse(signed application/plain).Text = %q, attachments %q; want the status and two attachments", m.Text, m.Attachments)
	}
}
