package mailin

import (
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

// hostileHTML is a body of the shapes the HTML parser is slowest on,
// about size bytes.
func hostileHTML(shape string, size int) string {
	return "<html><body>" + strings.Repeat(shape, size/len(shape)) + "</body></html>"
}

// htmlMail writes a message with the header lines given and an HTML body.
func htmlMail(header, body string) []byte {
	return []byte(strings.TrimSpace(header) + "\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body)
}

// TestStrangersBodiesAreNeverRead gives the classifier no time at all to
// read a body: a message whose body is read fails, so a message from a
// stranger, an unauthenticated sender or a machine that is rejected shows
// its fate was decided from the header alone.
func TestStrangersBodiesAreNeverRead(t *testing.T) {
	c := memClassifier()
	c.Budget = time.Nanosecond
	body := hostileHTML("<tr><td>x", 1<<20)
	cases := []struct {
		name, header string
		outcome      preread.Outcome
		reason       string
	}{
		{"unknown sender", `
From: mallory@evil.example
To: preread+status.aaaaaaaaaaaaaaaa@corp.example
Message-ID: <1@evil.example>`, preread.OutcomeRejected, "unknown sender"},
		{"known sender without a token or a pass", `
From: alice@corp.example
To: preread@corp.example
Subject: [STATUS] x
Message-ID: <2@evil.example>`, preread.OutcomeRejected, "sender not authenticated"},
		{"forged pass below a received", `
Authentication-Results: mx.corp.example; dkim=fail header.d=corp.example
Received: from evil.example by mx.corp.example
Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example
From: alice@corp.example
To: preread@corp.example
Subject: [STATUS] x
Message-ID: <3@evil.example>`, preread.OutcomeRejected, "sender not authenticated"},
		{"auto-reply from a known sender", `
From: alice@corp.example
To: preread+status.aaaaaaaaaaaaaaaa@corp.example
Auto-Submitted: auto-replied
Message-ID: <4@evil.example>`, preread.OutcomeRejected, "auto-reply"},
		{"known, authenticated sender", `
From: alice@corp.example
To: preread+status.aaaaaaaaaaaaaaaa@corp.example
Message-ID: <5@corp.example>`, preread.OutcomeFailed, "time budget"},
	}
	for _, tc := range cases {
		p, err := c.Process(t.Context(), htmlMail(tc.header, body), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Outcome != tc.outcome || !strings.Contains(p.Reason, tc.reason) {
			t.Errorf("%s: Process = %s %q, want %s with %q", tc.name, p.Outcome, p.Reason, tc.outcome, tc.reason)
		}
	}
}

// TestHostileHTMLFromAKnownSenderIsStillRead: a known, authenticated
// person's HTML of the parser's worst shapes is read, within the budget,
// by the tag-stripping reader, and the words are filed. The budget is
// wide here: this is about what is read, not how fast (the race detector
// and a busy machine slow it several times; BenchmarkIngestHostile
// measures the time).
func TestHostileHTMLFromAKnownSenderIsStillRead(t *testing.T) {
	c := memClassifier()
	c.Budget = time.Minute
	for _, shape := range []string{"<tr><td>x", "x</span>", "<a>x"} {
		body := "<p>Today: shipping the importer</p>" + hostileHTML(shape, 3<<20)
		p, err := c.Process(t.Context(), htmlMail(`
From: alice@corp.example
To: preread+status.aaaaaaaaaaaaaaaa@corp.example
Message-ID: <`+shape+`@corp.example>`, body), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Outcome != preread.OutcomeFiled || p.Status == nil || !strings.Contains(p.Status.Text, "shipping the importer") {
			t.Errorf("Process(%q × 3 MiB) = %s %q, want the status filed", shape, p.Outcome, p.Reason)
		}
	}
}

// TestDuplicateFieldsAreRefused: a second From on top of a signed message
// replays it under another name; a second Sender or Subject is as odd.
func TestDuplicateFieldsAreRefused(t *testing.T) {
	c := memClassifier()
	signed := `
Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example
Received: from mail.corp.example by mx.corp.example
To: preread@corp.example
Message-ID: <%s@corp.example>`
	cases := map[string]string{
		"From":    "From: alice@corp.example\r\nSubject: [STATUS] x\r\nFrom: carol@corp.example",
		"Sender":  "From: alice@corp.example\r\nSubject: [STATUS] x\r\nSender: alice@corp.example\r\nSender: carol@corp.example",
		"Subject": "From: alice@corp.example\r\nSubject: [STATUS] x\r\nSubject: [AGENDA] y",
	}
	for name, fields := range cases {
		header := strings.Replace(signed, "%s", name, 1) + "\n" + fields
		p, err := c.Process(t.Context(), htmlMail(header, "<p>Today: x</p>"), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Outcome != preread.OutcomeRejected || !strings.Contains(p.Reason, "2 "+name+" fields") {
			t.Errorf("two %s fields: Process = %s %q, want rejected for the duplicate", name, p.Outcome, p.Reason)
		}
	}
	// The same message with one of each is filed: the check is not what
	// rejects it.
	header := strings.Replace(signed, "%s", "one", 1) + "\nFrom: alice@corp.example\r\nSubject: [STATUS] x"
	if p, _ := c.Process(t.Context(), htmlMail(header, "<p>Today: x</p>"), time.Time{}); p.Outcome != preread.OutcomeFiled {
		t.Errorf("one of each: Process = %s %q, want filed", p.Outcome, p.Reason)
	}
}

// TestEveryAutoSubmittedFieldCounts: "no" on top does not hide a machine
// below.
func TestEveryAutoSubmittedFieldCounts(t *testing.T) {
	c := memClassifier()
	for _, fields := range []string{
		"Auto-Submitted: no\r\nAuto-Submitted: auto-replied",
		"Precedence: first-class\r\nPrecedence: bulk",
	} {
		p, err := c.Process(t.Context(), htmlMail(`
From: alice@corp.example
To: preread+status.aaaaaaaaaaaaaaaa@corp.example
Message-ID: <auto@corp.example>
`+fields, "<p>Today: x</p>"), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Outcome != preread.OutcomeRejected {
			t.Errorf("%q: Process = %s %q, want rejected as machine mail", fields, p.Outcome, p.Reason)
		}
	}
}

// TestReasonsNeverQuoteTheMessage: whatever a message holds, the reason
// stored and logged for it carries none of its text.
func TestReasonsNeverQuoteTheMessage(t *testing.T) {
	c := memClassifier()
	const canary = "\x1b[31mCANARY"
	for _, raw := range []string{
		canary + " no colon\r\nFrom: a@b.example\r\n\r\nx",
		"From: " + canary + "\r\n\r\nx",
		"From: mallory" + canary + "@evil.example\r\n\r\nx",
		"From: alice@corp.example\r\nAuto-Submitted: " + canary + "\r\n\r\nx",
		"From: alice@corp.example\r\nSubject: Warning: message " + canary + " delayed\r\n\r\nx",
		"From: alice@corp.example\r\nTo: preread+status.bbbbbbbbbbbbbbbb" + canary + "@corp.example\r\n\r\nx",
	} {
		p, err := c.Process(t.Context(), []byte(raw), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(p.Reason, "CANARY") || strings.ContainsRune(p.Reason, 0x1b) {
			t.Errorf("Process(%q) reason %q quotes the message", raw, p.Reason)
		}
	}
}
