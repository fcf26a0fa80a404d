package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

func TestReplies(t *testing.T) {
	dir := preread.Directory{People: []preread.Person{carol, alice}}
	mb := preread.Mailbox{Address: "preread@corp.example", Separator: "+"}
	addr := AddressesFor(mb, "abcdefghijkmnop2")
	// 03:30 UTC on Wed 25 Nov is still Tue 24 Nov in New York.
	at := time.Date(2026, 11, 25, 3, 30, 0, 0, time.UTC)
	answers := preread.Answered{Key: "<m1@corp.example>", MessageID: "<m1@corp.example>", Subject: "hello",
		References: []string{"<m0@corp.example>"}}
	check := func(due preread.ReplyDue, kind preread.EmailKind, to, period, replyTo string, says ...string) preread.Email {
		t.Helper()
		e, err := Reply(due, dir, addr)
		if err != nil {
			t.Fatalf("Reply(%s) = %v", due.Kind, err)
		}
		if e.Kind != kind || e.To != to || e.Period != period || e.ReplyTo != replyTo || !e.Date.Equal(at) {
			t.Errorf("Reply(%s) = kind %q to %q period %q reply-to %q date %v; want %q to %q period %q reply-to %q",
				due.Kind, e.Kind, e.To, e.Period, e.ReplyTo, e.Date, kind, to, period, replyTo)
		}
		for _, s := range says {
			if !strings.Contains(e.Text, s) {
				t.Errorf("Reply(%s) text lacks %q:\n%s", due.Kind, s, e.Text)
			}
		}
		return e
	}

	// Untagged mail: once a day (the recipient's day), threaded under the message.
	e := check(preread.ReplyDue{Kind: preread.ReplyHowToTag, To: alice.Email, Problem: "no tag", Answers: answers, At: at},
		preread.KindHelp, alice.Email, "2026-11-24", "", "Hi Alice,", addr.Status, addr.Agenda, "at most one such email a day")
	if e.Subject != "Re: hello" || e.InReplyTo != "<m1@corp.example>" ||
		strings.Join(e.References, " ") != "<m0@corp.example> <m1@corp.example>" {
		t.Errorf("help threading = subject %q in-reply-to %q references %v", e.Subject, e.InReplyTo, e.References)
	}
	// A reply of only the quote: explained once a day, the same day's key as
	// the untagged mail's, so one help email a day in all.
	check(preread.ReplyDue{Kind: preread.ReplyOnlyQuote, To: alice.Email, Problem: "only the quote", Answers: answers, At: at},
		preread.KindHelp, alice.Email, "2026-11-24", "", "Hi Alice,", "nothing of your own", "above the quoted email", addr.Status)
	// A notice: why the mail could not be used, with the addresses to use.
	check(preread.ReplyDue{Kind: preread.ReplyNotice, To: alice.Email, Problem: "it went to an address with your old token", Answers: answers, At: at},
		preread.KindHelp, alice.Email, "2026-11-24", "", "could not use your email: it went to an address with your old token.", addr.Status, addr.Agenda)
	// Commands: one confirmation per command message, in a line.
	away := &preread.Command{Kind: preread.CommandAway, Person: alice.Email, Written: "AWAY 2026-12-21..2027-01-04",
		Away: preread.DateRange{From: preread.Date{Year: 2026, Month: 12, Day: 21}, To: preread.Date{Year: 2027, Month: 1, Day: 4}}}
	check(preread.ReplyDue{Kind: preread.ReplyConfirm, To: alice.Email, Command: away, Answers: answers, At: at},
		preread.KindConfirm, alice.Email, "<m1@corp.example>", "", "You're away Mon 21 Dec 2026 – Mon 4 Jan 2027: no prompts, the digest says away.")
	bad := &preread.Command{Kind: preread.CommandAway, Person: alice.Email, Written: "AWAY soon", Problem: "the days could not be used: no days could be read from it"}
	check(preread.ReplyDue{Kind: preread.ReplyConfirm, To: alice.Email, Command: bad, Answers: answers, At: at},
		preread.KindConfirm, alice.Email, "<m1@corp.example>", "", `Your command "AWAY soon" did nothing: the days could not be used`)
	skip := &preread.Command{Kind: preread.CommandSkip, Person: alice.Email, Written: "SKIP next 1:1", With: carol.Email,
		Meeting: time.Date(2026, 12, 1, 10, 0, 0, 0, berlin), Next: time.Date(2026, 12, 8, 10, 0, 0, 0, berlin)}
	check(preread.ReplyDue{Kind: preread.ReplyConfirm, To: alice.Email, Command: skip, Answers: answers, At: at},
		preread.KindConfirm, alice.Email, "<m1@corp.example>", "", "Your 1:1 with Carol on Tue 1 Dec 04:00 is skipped", "The next one is on Tue 8 Dec 04:00.")
	// An agenda item that fits no pair: once a day too (Carol's day, in
	// Berlin), with the problem and a named address.
	check(preread.ReplyDue{Kind: preread.ReplyNameReport, To: carol.Email, Problem: "it names no report", Answers: answers, At: at},
		preread.KindHelp, carol.Email, "2026-11-25", "", "could not file your agenda item: it names no report.",
		"preread+agenda.abcdefghijkmnop2.alice@corp.example")
	// A manager's question goes on to the report, with the report's reply address; user text is escaped in HTML.
	note := &preread.Note{Manager: carol.Email, Report: alice.Email, From: carol.Email, Text: "Bring <b>the plan</b>?"}
	meeting := time.Date(2026, 11, 26, 16, 30, 0, 0, berlin)
	e = check(preread.ReplyDue{Kind: preread.ReplyQuestion, To: alice.Email, Note: note, Meeting: meeting, Answers: answers, At: at},
		preread.KindQuestion, alice.Email, "carol@corp.example:alice@corp.example/<m1@corp.example>", addr.Reply,
		"Carol read the pre-read for your 1:1 on Thu 26 Nov 10:30 and asks:", "    Bring <b>the plan</b>?")
	if e.Subject != "A question from Carol before your 1:1 on Thu 26 Nov 10:30" {
		t.Errorf("question subject = %q", e.Subject)
	}
	if strings.Contains(e.HTML, "<b>the plan") || !strings.Contains(e.HTML, "&lt;b&gt;the plan") {
		t.Errorf("question HTML does not escape the note: %s", e.HTML)
	}

	// Nobody outside the directory is ever written to.
	for _, due := range []preread.ReplyDue{
		{Kind: preread.ReplyHowToTag, To: "stranger@elsewhere.example"},
		{Kind: preread.ReplyQuestion, To: alice.Email},
		{Kind: preread.ReplyQuestion, To: alice.Email, Note: &preread.Note{From: "stranger@elsewhere.example"}},
		{Kind: "bogus", To: alice.Email},
	} {
		if e, err := Reply(due, dir, addr); err == nil {
			t.Errorf("Reply(%+v) = %+v, want an error", due, e)
		}
	}
}
