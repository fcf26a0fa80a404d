package digest

import (
	"strings"
	"testing"

	"github.com/preread/preread"
)

// twoMB is a 2 MB status entry: words, and then one endless word.
var twoMB = strings.Repeat("lorem ipsum dolor sit amet ", 40000) + strings.Repeat("x", 1<<20)

func TestHugeEntry(t *testing.T) {
	day := TeamDay{Team: platform, Date: tue24, Members: []Member{
		{Person: alice, BlockerStreak: 4, Entries: []preread.StatusEntry{
			entry(alice, 24, at(24, 9, 0), twoMB, twoMB, twoMB, twoMB),
			entry(alice, 24, at(24, 9, 5), twoMB, "", "", ""),
		}},
		{Person: bob, Entries: []preread.StatusEntry{entry(bob, 24, at(24, 9, 0), strings.Repeat("\n", 2<<20)+"hi", "", "", "")}},
	}}
	m := meeting()
	it := item(1, preread.CategoryHelp, alice, true, 0, twoMB, twoMB)
	it.Note = twoMB
	it.Forwarded = &preread.Forwarded{From: twoMB, Subject: twoMB}
	m.Items = []Item{it, item(2, preread.CategoryIdea, alice, true, 0, "", twoMB)}
	for d := 1; d <= 30; d++ {
		m.Status = append(m.Status, entry(alice, 23, at(23, 9, 0), twoMB, "", "", twoMB))
	}
	m.Notes = []preread.Note{{From: carol.Email, Text: twoMB}}

	// How long this takes is BenchmarkRender's to measure, not a test's.
	emails := []preread.Email{TeamDigest(day, carol, Addresses{}), Preread(m, carol, Addresses{})}
	for _, e := range emails {
		for part, body := range map[string]string{"text": e.Text, "HTML": e.HTML} {
			if len(body) > 64<<10 {
				t.Errorf("%s %s is %d bytes, want under 64 KB", e.Kind, part, len(body))
			}
			if !strings.Contains(body, cutNote) {
				t.Errorf("%s %s does not say it was cut (%q)", e.Kind, part, cutNote)
			}
		}
		if len(e.Subject) > 300 {
			t.Errorf("%s subject is %d bytes", e.Kind, len(e.Subject))
		}
		checkWidth(t, string(e.Kind)+" with 2 MB entries", e.Text)
	}
}

func TestEscaping(t *testing.T) {
	for _, e := range []preread.Email{TeamDigest(hostileDay(), carol, Addresses{}), Preread(hostileMeeting(), carol, Addresses{})} {
		low := strings.ToLower(e.HTML)
		for _, bad := range []string{"<script", "<img", "<style>", "<h1>broken", "<b>"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s HTML contains %q from user text", e.Kind, bad)
			}
		}
		for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&amp;amp; &amp;lt;b&amp;gt;"} {
			if !strings.Contains(e.HTML, want) {
				t.Errorf("%s HTML lacks %q: user text must be escaped once, as written", e.Kind, want)
			}
		}
		if !strings.Contains(e.Text, "<script>alert(1)</script>") {
			t.Errorf("%s text does not show the user's text as written", e.Kind)
		}
	}
	if e := TeamDigest(hostileDay(), carol, Addresses{}); !strings.Contains(e.HTML, `<div dir="auto">שלום!`) {
		t.Errorf("Hebrew user text is not in a dir=auto line")
	}
}

func TestHeaderInjection(t *testing.T) {
	day := emptyDay()
	day.Team.Name = "Platform\r\nBcc: everyone@corp.example"
	e := TeamDigest(day, carol, Addresses{})
	if strings.ContainsAny(e.Subject, "\r\n") {
		t.Errorf("TeamDigest subject = %q, want one line", e.Subject)
	}
	m := meeting()
	m.Report.Name = "Alice\nX-Evil: 1"
	if e := Preread(m, carol, Addresses{}); strings.ContainsAny(e.Subject, "\r\n") {
		t.Errorf("Preread subject = %q, want one line", e.Subject)
	}
}

// Every line of every plain-text email fits in 72 columns.
func TestTextWidth(t *testing.T) {
	for _, c := range goldenCases() {
		checkWidth(t, c.name, c.render().Text)
	}
}

// checkWidth reports lines of text wider than the line width.
func checkWidth(t *testing.T, name, text string) {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if w := textWidth(l); w > lineWidth {
			t.Errorf("%s: line %d is %d columns wide: %q", name, i+1, w, l)
		}
	}
}
