package mailin_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
)

// deliver appends a plain message and runs one ingest pass.
func (e *ingestEnv) deliver(s *mailin.Syncer, headers, body string) {
	e.t.Helper()
	raw := strings.ReplaceAll(headers+"\n\n"+body+"\n", "\n", "\r\n")
	e.dovecot.Append(e.t, mailtest.DefaultUser, "INBOX", []byte(raw))
	if _, err := e.pass(s); err != nil {
		e.t.Fatalf("Pass() = %v", err)
	}
}

// savePreread numbers the pair's open items for the meeting at start and
// records the pre-read (with a known Message-ID) as sent to the manager.
func (e *ingestEnv) savePreread(report string, start time.Time, messageID string) digest.Meeting {
	e.t.Helper()
	ctx := e.t.Context()
	var pair preread.Pair
	for _, p := range e.dir.Pairs {
		if p.Report == report {
			pair = p
		}
	}
	m, err := digest.BuildMeeting(ctx, e.db, e.dir, pair, preread.Meeting{Start: start, At: start}, start.Add(-18*time.Hour))
	if err != nil {
		e.t.Fatal(err)
	}
	r := preread.Rendered{MessageID: messageID, Raw: []byte("pre-read"), Email: preread.Email{Kind: preread.KindPreread,
		To: pair.Manager, Period: preread.PairPeriod(pair.Key(), start.UTC().Format(time.RFC3339))}}
	if err := e.db.SaveMeeting(ctx, pair.Manager, pair.Report, preread.Meeting{Start: start, At: start}, digest.ItemIDs(m.Items), []preread.Rendered{r}); err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *ingestEnv) items(report string) map[string]preread.AgendaItem {
	e.t.Helper()
	items, err := e.db.Notebook(e.t.Context(), "carol@corp.example:"+report)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]preread.AgendaItem{}
	for _, a := range items.Agenda {
		out[a.Text] = a
	}
	return out
}

func TestReplyLoop(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	s := e.syncer(mailtest.LogTo(t))
	ctx := t.Context()
	for i, text := range []string{"promotion timeline #growth", "feedback on my design doc #feedback", "need help with the migration #help"} {
		e.deliver(s, fmt.Sprintf("From: alice@corp.example\nTo: %s\nSubject: topic\nMessage-ID: <a%d@corp.example>",
			mailbox.Build(preread.SubAddress{Kind: "agenda", Token: e.tokens["alice@corp.example"]}), i), text)
	}
	for i, text := range []string{"on-call load #help", "conference budget #growth"} {
		e.deliver(s, fmt.Sprintf("From: bob@corp.example\nTo: %s\nSubject: topic\nMessage-ID: <b%d@corp.example>",
			mailbox.Build(preread.SubAddress{Kind: "agenda", Token: e.tokens["bob@corp.example"]}), i), text)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	first := time.Date(2026, 12, 1, 10, 0, 0, 0, berlin)
	alice := e.savePreread("alice@corp.example", first, "<preread-alice-1@corp.example>")
	e.savePreread("bob@corp.example", first, "<preread-bob-1@corp.example>")
	number := map[string]int{}
	for _, it := range alice.Items {
		number[it.Text] = it.Number
	}
	// Carol closes two of Alice's items by number and asks a question.
	e.deliver(s, fmt.Sprintf("From: carol@corp.example\nTo: %s\nSubject: Re: 1:1 with Alice\nMessage-ID: <carol-reply-1@corp.example>\nIn-Reply-To: <preread-alice-1@corp.example>",
		mailbox.Build(preread.SubAddress{Kind: "reply", Token: e.tokens["carol@corp.example"]})),
		fmt.Sprintf("DONE %d, %d\nCould you bring the migration plan?\n\nOn Mon, Carol wrote:\n> old", number["promotion timeline"], number["need help with the migration"]))

	items := e.items("alice@corp.example")
	for text, want := range map[string]preread.ItemState{"promotion timeline": preread.ItemDone, "need help with the migration": preread.ItemDone, "feedback on my design doc": preread.ItemOpen} {
		if got := items[text].State; got != want {
			t.Errorf("Alice's %q is %s, want %s", text, got, want)
		}
	}
	for text, it := range e.items("bob@corp.example") {
		if it.State != preread.ItemOpen {
			t.Errorf("Bob's %q is %s: DONE on Alice's pre-read closed another pair's item", text, it.State)
		}
	}
	// The question went on to Alice, with a reply address that files her answer.
	out, err := e.db.Outbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var question *preread.Email
	var questionID string
	for _, o := range out {
		if o.Kind == preread.KindQuestion {
			question = &preread.Email{To: o.Recipient, Period: o.Period}
			questionID = o.MessageID
		}
	}
	if question == nil || question.To != "alice@corp.example" {
		t.Fatalf("outbox %+v: want a question to alice", out)
	}
	e.deliver(s, fmt.Sprintf("From: alice@corp.example\nTo: %s\nSubject: Re: A question from Carol\nMessage-ID: <alice-answer-1@corp.example>\nIn-Reply-To: %s",
		mailbox.Build(preread.SubAddress{Kind: "reply", Token: e.tokens["alice@corp.example"]}), questionID),
		"Yes, I will bring it.\n\nSent from my iPhone")
	nb, err := e.db.Notebook(ctx, "carol@corp.example:alice@corp.example")
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, n := range nb.Notes {
		notes = append(notes, n.From+": "+n.Text)
	}
	want := "carol@corp.example: Could you bring the migration plan?|alice@corp.example: Yes, I will bring it."
	if strings.Join(notes, "|") != want {
		t.Errorf("notes = %q, want %q", strings.Join(notes, "|"), want)
	}

	// Two meetings pass with the design-doc item still open: carried twice.
	if err := e.db.CarryOver(ctx, first.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	second := first.AddDate(0, 0, 7)
	m2 := e.savePreread("alice@corp.example", second, "<preread-alice-2@corp.example>")
	if len(m2.Items) != 1 || m2.Items[0].New || m2.Items[0].Carried != 1 {
		t.Errorf("second pre-read items = %+v, want the design-doc item carried once", m2.Items)
	}
	for range 2 { // carrying is idempotent
		if err := e.db.CarryOver(ctx, second.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.items("alice@corp.example")["feedback on my design doc"].Carried; got != 2 {
		t.Errorf("carried count after two meetings = %d, want 2", got)
	}
	if got := e.items("bob@corp.example")["on-call load"].Carried; got != 1 {
		t.Errorf("Bob's item listed in one past pre-read carried %d, want 1", got)
	}
}
