package demo

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/loopback"
)

func TestOutcome(t *testing.T) {
	ac := newAccount(&bytes.Buffer{}, team(), monday().Location())
	for _, tc := range []struct {
		p    preread.Processed
		want string
	}{
		{preread.Processed{}, "not read"},
		{preread.Processed{Outcome: preread.OutcomeRejected, Reason: "bulk mail"}, "rejected: bulk mail"},
		{preread.Processed{Outcome: preread.OutcomeFiled, Status: &preread.StatusEntry{Date: preread.DateOf(monday()),
			Blockers: "waiting for the security review of the TLS change (SEC-412)\nand more"}},
			"filed: status for Mon 30 Nov, blocker “waiting for the security review of the TLS…”"},
		{preread.Processed{Outcome: preread.OutcomeFiled, Agenda: &preread.AgendaItem{Manager: "carol@corp.example",
			Report: "alice@corp.example", From: "alice@corp.example", Category: preread.CategoryFeedback,
			Forwarded: &preread.Forwarded{From: "Priya Raman <priya@payments.corp.example>"}}},
			"filed: agenda item (feedback) for Alice's 1:1, forwarded from Priya Raman"},
		{preread.Processed{Outcome: preread.OutcomeFiled, Agenda: &preread.AgendaItem{Manager: "carol@corp.example",
			Report: "dan@corp.example", From: "carol@corp.example", Category: preread.CategoryIdea}},
			"filed: agenda item (idea) for Carol's 1:1 with Dan"},
		{preread.Processed{Outcome: preread.OutcomeFiled, Done: &preread.Done{Numbers: []int{1, 3}},
			Note: &preread.Note{Manager: "carol@corp.example", Report: "alice@corp.example"}, Reply: &preread.Rendered{}},
			"filed: closes item 1, 3; note filed on Carol and Alice's notebook; sent on to Alice as a question"},
	} {
		if got := ac.outcome(tc.p); got != tc.want {
			t.Errorf("outcome(%+v) =\n  %q, want\n  %q", tc.p, got, tc.want)
		}
	}
}

func TestName(t *testing.T) {
	ac := newAccount(&bytes.Buffer{}, team(), monday().Location())
	at := monday().Add(15 * time.Hour)
	for email, want := range map[string]string{
		"bob@corp.example":   "Bob",
		"alice@corp.example": "Alice [09:00 New York]",
		"dan@corp.example":   "Dan [23:00 Tokyo]",
		"x@elsewhere.test":   "x@elsewhere.test",
	} {
		if got := ac.name(email, at); got != want {
			t.Errorf("name(%q) = %q, want %q", email, got, want)
		}
	}
}

func TestSameLine(t *testing.T) {
	prompt := &sentMail{Kind: preread.KindPrompt}
	digestA := &sentMail{Kind: preread.KindDigest, Subject: "[Platform] Status"}
	digestB := &sentMail{Kind: preread.KindDigest, Subject: "[Infra] Status"}
	pre := &sentMail{Kind: preread.KindPreread}
	for _, tc := range []struct {
		a, b *sentMail
		want bool
	}{
		{prompt, prompt, true}, {digestA, digestA, true}, {digestA, digestB, false}, {pre, pre, false}, {prompt, digestA, false},
	} {
		if got := sameLine(tc.a, tc.b); got != tc.want {
			t.Errorf("sameLine(%s %q, %s %q) = %v, want %v", tc.a.Kind, tc.a.Subject, tc.b.Kind, tc.b.Subject, got, tc.want)
		}
	}
}

func TestSummary(t *testing.T) {
	var out bytes.Buffer
	ac := newAccount(&out, team(), monday().Location())
	ac.sent[preread.KindPrompt] = 2
	ac.sent[preread.KindWelcome] = 1
	ac.outcomes[preread.OutcomeFiled] = 3
	ac.outcomes[preread.OutcomeRejected] = 1
	ac.filed["status"], ac.filed["note"] = 2, 1
	ac.summary("/tmp/x", []loopback.Folder{{Name: "INBOX", Messages: 0}, {Name: "preread/Processed", Messages: 3}}, 1500*time.Millisecond)
	for _, want := range []string{
		"  sent      3 emails: 1 welcome, 2 prompt\n",
		"  read      4 emails: 3 filed (2 status entries, 1 note), 1 rejected\n",
		"  mailbox   INBOX 0, preread/Processed 3\n",
		"  took      1.5 s\n",
		"preread export --config /tmp/x/preread.yaml",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary does not say %q:\n%s", want, out.String())
		}
	}
}

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"  first line\nsecond", 20, "first line"},
		{"waiting for the review", 12, "waiting for…"},
	} {
		if got := excerpt(tc.s, tc.n); got != tc.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}
