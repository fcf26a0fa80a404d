package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Issue 17 through the built binary: the follow-up after a 1:1, its reply
// filed as action items, a DONE and the meeting's notes, the next pre-read
// that starts with them, DONE A1 from the report, the notebook by email,
// and who may write to a pair's notebook or read it.

// notebookDirectory: Carol manages Alice (weekly on Tuesday at 10:00, 30
// minutes, a follow-up to both); Frank manages Bob; Dave is in the team
// but in no pair with Carol or Alice. Reviews are on Fri 13 Nov.
const notebookDirectory = `defaults:
  timezone: Europe/Berlin
reviews: [2026-11-13]
people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: alice@corp.example
    name: Alice Liddell
  - email: bob@corp.example
    name: Bob Marley
  - email: dave@corp.example
    name: Dave Ito
  - email: frank@corp.example
    name: Frank Castle
teams:
  - name: Platform
    manager: carol@corp.example
    members: [alice@corp.example, bob@corp.example, dave@corp.example]
pairs:
  - manager: carol@corp.example
    report: alice@corp.example
    meets: weekly tue 10:00
    duration: 30m
    followup_to: both
  - manager: frank@corp.example
    report: bob@corp.example
    meets: weekly wed 11:00
    followup_to: none
`

func replyAddr(token string) string { return "preread+reply." + token + "@corp.example" }

// reply is a message from one address to another, in reply to a message
// of ours.
func reply(from, to, inReplyTo, subject, body string, n int, at time.Time) []byte {
	h := []string{"From: " + from, "To: " + to, "Subject: " + subject, fmt.Sprintf("Message-ID: <nb-%d@corp.example>", n),
		"Date: " + rfc5322(at)}
	if inReplyTo != "" {
		h = append(h, "In-Reply-To: "+inReplyTo, "References: "+inReplyTo)
	}
	return msg(h, body)
}

// outcome is what became of a message: its outcome and the reason.
func (w *world) outcome(messageID string) string {
	w.t.Helper()
	var outcome, reason string
	if err := w.sqlDB().QueryRow(`SELECT outcome, reason FROM messages WHERE message_key = ?`, messageID).Scan(&outcome, &reason); err != nil {
		w.t.Fatalf("message %s: %v", messageID, err)
	}
	return outcome + ": " + reason
}

func TestNotebookAfterTheMeetingThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, notebookDirectory)
	w.runAt("prompts", monAt(8, 0)) // syncs the directory, gives everyone a token
	tok := w.tokens("carol@corp.example", "alice@corp.example", "dave@corp.example", "frank@corp.example")
	w.deliver(reply("alice@corp.example", agendaAddr(tok["alice@corp.example"]), "", "Staging access",
		"I still have no access to the staging database.", 1, monAt(9, 0)))
	w.ingestAt(monAt(9, 5))
	w.runAt("preread", monAt(16, 0))
	if got := len(w.mailTo("carol@corp.example", "1:1 with Alice")); got != 1 {
		t.Fatalf("Carol got %d pre-reads, want 1", got)
	}

	// The meeting (Tue 3 Nov 10:00, 30 minutes) has not ended at 10:20;
	// at 10:31 it has, and the follow-up goes to both, once, however often
	// a new process runs the planner.
	w.runAt("followups", dayAt(3, 10, 20))
	if got := w.mailTo("carol@corp.example", "Your 1:1 with Alice"); len(got) != 0 {
		t.Fatalf("a follow-up went before the meeting ended: %q", got[0].Subject)
	}
	for _, at := range []time.Time{dayAt(3, 10, 31), dayAt(3, 10, 45), dayAt(4, 9, 0)} {
		w.runAt("followups", at)
	}
	carolUps, aliceUps := w.mailTo("carol@corp.example", "Your 1:1 with Alice"), w.mailTo("alice@corp.example", "Your 1:1 with Carol")
	if len(carolUps) != 1 || len(aliceUps) != 1 {
		t.Fatalf("follow-ups: %d to Carol, %d to Alice; want one each", len(carolUps), len(aliceUps))
	}
	up := carolUps[0]
	for _, want := range []string{"what did you agree?", "1.  Staging access", "DONE 1 closes agenda item 1", "ACTION Alice:"} {
		if !strings.Contains(up.Subject+"\n"+up.Text, want) {
			t.Errorf("Carol's follow-up lacks %q:\n%s", want, up.Text)
		}
	}
	if up.ReplyTo != replyAddr(tok["carol@corp.example"]) {
		t.Errorf("follow-up Reply-To %q, want Carol's reply address", up.ReplyTo)
	}

	// Carol's reply: two action items (one for Alice, due Thursday), DONE 1
	// and a note. Dave's replies, with Carol's token or his own, are
	// rejected with the reason and file nothing.
	w.deliver(
		reply("carol@corp.example", up.ReplyTo, up.MessageID, "Re: "+up.Subject,
			"ACTION Alice: send the staging access request to Infra by Thu\nACTION me: ask the payments team for their suggestions\n"+
				"DONE 1\n\nWe agreed that staging access is the top blocker.\n\n> quoted follow-up", 2, dayAt(3, 11, 0)),
		reply("dave@corp.example", up.ReplyTo, up.MessageID, "Re: "+up.Subject, "ACTION me: take over", 3, dayAt(3, 11, 1)),
		reply("dave@corp.example", replyAddr(tok["dave@corp.example"]), up.MessageID, "Re: "+up.Subject, "DONE 1\nACTION: mine now", 4, dayAt(3, 11, 2)),
	)
	w.ingestAt(dayAt(3, 11, 5))
	if got := w.count(`SELECT count(*) FROM actions`); got != 2 {
		t.Errorf("%d action items filed, want 2", got)
	}
	if got := w.count(`SELECT count(*) FROM actions a JOIN people o ON o.id = a.owner_id
		WHERE a.number = 1 AND o.email = 'alice@corp.example' AND a.due = '2026-11-05' AND a.state = 'open'`); got != 1 {
		t.Errorf("A1 is not Alice's, due Thu 5 Nov")
	}
	if got := w.count(`SELECT count(*) FROM actions a JOIN people o ON o.id = a.owner_id
		WHERE a.number = 2 AND o.email = 'carol@corp.example' AND a.due = ''`); got != 1 {
		t.Errorf("A2 is not Carol's, without a due date")
	}
	if got := w.count(`SELECT count(*) FROM meeting_notes WHERE text = 'We agreed that staging access is the top blocker.'
		AND meeting_at = '2026-11-03T09:00:00.000Z'`); got != 1 {
		t.Errorf("the meeting note is not filed as written, for the meeting of Tue 3 Nov")
	}
	if got := w.count(`SELECT count(*) FROM agenda_items a JOIN people c ON c.id = a.closed_by
		WHERE a.state = 'done' AND c.email = 'carol@corp.example'`); got != 1 {
		t.Errorf("item 1 is not closed by Carol")
	}
	for id, want := range map[string]string{
		"<nb-3@corp.example>": "rejected: reply token of another person (carol@corp.example) used by dave@corp.example",
		"<nb-4@corp.example>": "rejected: reply from dave@corp.example, who is not in the 1:1 of carol@corp.example and alice@corp.example",
	} {
		if got := w.outcome(id); !strings.HasPrefix(got, want) {
			t.Errorf("Dave's reply %s: %q, want %q", id, got, want)
		}
	}

	// The next pre-read (Mon 9 Nov 16:00, past A1's Thursday) starts with
	// both action items, A1 overdue, and the note; it says item 1 was
	// closed by Carol.
	w.runAt("preread", dayAt(9, 16, 0))
	pres := w.mailTo("carol@corp.example", "1:1 with Alice")
	if len(pres) != 2 {
		t.Fatalf("Carol got %d pre-reads, want 2", len(pres))
	}
	next := space(pres[1].Text)
	for _, want := range []string{"Action items: 2 open", "A1 send the staging access request to Infra (Alice · due Thu 5 Nov · overdue",
		"A2 ask the payments team for their suggestions (Carol · new since the last 1:1)",
		"Notes from last time, Tue 3 Nov", "We agreed that staging access is the top blocker.",
		"Closed since last time", "Staging access (raised by Alice, closed by Carol"} {
		if !strings.Contains(next, want) {
			t.Errorf("the next pre-read lacks %q:\n%s", want, pres[1].Text)
		}
	}
	if strings.Index(next, "Action items") > strings.Index(next, "Agenda") {
		t.Errorf("the action items come after the agenda:\n%s", pres[1].Text)
	}

	// Alice closes A1 by replying DONE A1 to her follow-up.
	aliceUp := aliceUps[0]
	w.deliver(reply("alice@corp.example", aliceUp.ReplyTo, aliceUp.MessageID, "Re: "+aliceUp.Subject, "DONE A1", 5, dayAt(10, 8, 0)))
	w.ingestAt(dayAt(10, 8, 5))
	if got := w.count(`SELECT count(*) FROM actions a JOIN people c ON c.id = a.closed_by
		WHERE a.number = 1 AND a.state = 'done' AND c.email = 'alice@corp.example'`); got != 1 {
		t.Errorf("A1 is not closed by Alice: %s", w.outcome("<nb-5@corp.example>"))
	}
	w.runAt("followups", dayAt(10, 10, 31))
	if ups := w.mailTo("carol@corp.example", "Your 1:1 with Alice"); len(ups) != 2 || strings.Contains(ups[1].Text, "A1") ||
		!strings.Contains(ups[1].Text, "A2") {
		t.Errorf("the second follow-up should list A2 alone")
	}

	// The review pre-read goes to Carol the workday before the review,
	// once, with what the notebook holds since Alice's first entry.
	w.runAt("reviews", dayAt(12, 15, 59))
	w.runAt("reviews", dayAt(12, 16, 0))
	w.runAt("reviews", dayAt(12, 20, 0))
	reviews := w.mailTo("carol@corp.example", "Review pre-read: Alice Liddell")
	if len(reviews) != 1 || len(w.mailTo("alice@corp.example", "Review pre-read")) != 0 {
		t.Fatalf("Carol got %d review pre-reads (want 1), Alice %d (want 0)", len(reviews), len(w.mailTo("alice@corp.example", "Review pre-read")))
	}
	review := space(reviews[0].Text)
	for _, want := range []string{"Alice's review is on Fri 13 Nov 2026", "since Alice's first entry, Mon 2 Nov 2026",
		"1 agenda item, 2 action items (1 done, 1 open)", "Other topics", "Staging access",
		"done Tue 3 Nov (closed by Carol)", "A1 send the staging access request to Infra (Alice · due Thu 5 Nov · done Tue 10 Nov)"} {
		if !strings.Contains(review, want) {
			t.Errorf("the review pre-read lacks %q:\n%s", want, reviews[0].Text)
		}
	}
	w.checkDeliveries([]string{"carol@corp.example", "alice@corp.example", "bob@corp.example", "dave@corp.example", "frank@corp.example"})
}

func TestNotebookByEmailThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, notebookDirectory)
	w.runAt("prompts", monAt(8, 0))
	tok := w.tokens("carol@corp.example", "alice@corp.example", "frank@corp.example", "bob@corp.example")
	w.deliver(reply("alice@corp.example", agendaAddr(tok["alice@corp.example"]), "", "Conference talk #growth",
		"I'd like to give a talk <b>next spring</b>.", 1, monAt(9, 0)))
	w.ingestAt(monAt(9, 5))
	w.runAt("preread", monAt(16, 0))
	w.runAt("followups", dayAt(3, 10, 31))
	up := w.mailTo("carol@corp.example", "Your 1:1 with Alice")[0]
	w.deliver(reply("carol@corp.example", up.ReplyTo, up.MessageID, "Re: "+up.Subject,
		"TODO @alice: write the abstract by 2026-11-20\nWe talked about the talk.", 2, dayAt(3, 11, 0)))
	w.ingestAt(dayAt(3, 11, 5))

	w.deliver(
		// Alice asks for her notebook at her agenda address.
		reply("alice@corp.example", agendaAddr(tok["alice@corp.example"]), "", "NOTEBOOK", "", 10, dayAt(4, 9, 0)),
		// A stranger, and Bob without a token (nor a DKIM pass): nothing.
		reply("eve@evil.example", "preread+agenda@corp.example", "", "NOTEBOOK Alice", "", 11, dayAt(4, 9, 1)),
		reply("bob@corp.example", "preread+agenda@corp.example", "", "NOTEBOOK Alice", "", 12, dayAt(4, 9, 2)),
		reply("alice@corp.example", "preread+agenda@corp.example", "", "NOTEBOOK", "", 13, dayAt(4, 9, 3)),
		// Frank manages Bob, not Alice.
		reply("frank@corp.example", agendaAddr(tok["frank@corp.example"]), "", "NOTEBOOK Alice", "", 14, dayAt(4, 9, 4)),
	)
	w.ingestAt(dayAt(4, 9, 10))

	books := w.mailTo("alice@corp.example", "Re: NOTEBOOK")
	if len(books) != 1 {
		t.Fatalf("Alice got %d notebooks, want 1", len(books))
	}
	b := books[0]
	text := space(b.Text)
	for _, want := range []string{"Your 1:1 notebook with Carol Danvers", "A1 write the abstract (Alice · due Fri 20 Nov)",
		"Conference talk", "We talked about the talk.", "newest first"} {
		if !strings.Contains(text, want) {
			t.Errorf("Alice's notebook lacks %q:\n%s", want, b.Text)
		}
	}
	md, ok := b.Files["preread-notebook-carol-2026-11-04.md"]
	if !ok {
		t.Fatalf("the notebook's attachments: %v, want preread-notebook-carol-2026-11-04.md", keys(b.Files))
	}
	for _, want := range []string{"# 1:1 notebook of Carol Danvers and Alice Liddell", "**A1**", "write the abstract (due 2026-11-20)",
		"I'd like to give a talk &lt;b&gt;next spring&lt;/b&gt;.", "## Meeting notes"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(b.HTML, "<b>next spring</b>") {
		t.Errorf("the notebook's HTML holds the user's tags unescaped")
	}
	for _, m := range w.sentMails() {
		if len(m.Files) > 0 && m.Rcpt[0] != "alice@corp.example" {
			t.Errorf("a notebook went to %s: %q", m.Rcpt[0], m.Subject)
		}
	}
	frank := w.mailTo("frank@corp.example", "Re: NOTEBOOK")
	if len(frank) != 1 || len(frank[0].Files) > 0 ||
		!strings.Contains(space(frank[0].Text), `Your command "NOTEBOOK Alice" did nothing: you are not Alice's manager in preread.`) ||
		strings.Contains(frank[0].Text, "abstract") {
		t.Errorf("Frank's answer: %d emails, %q", len(frank), texts(frank))
	}
	for id, want := range map[string]string{
		"<nb-11@corp.example>": "rejected: unknown sender",
		"<nb-12@corp.example>": "rejected: sender not authenticated",
		"<nb-13@corp.example>": "rejected: sender not authenticated",
	} {
		if got := w.outcome(id); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	for _, who := range []string{"bob@corp.example", "carol@corp.example"} {
		if got := w.mailTo(who, "Re: NOTEBOOK"); len(got) != 0 {
			t.Errorf("%s got %q", who, got[0].Subject)
		}
	}
	w.checkDeliveries([]string{"carol@corp.example", "alice@corp.example", "bob@corp.example", "dave@corp.example", "frank@corp.example"})

	// The export has what the notebook holds, and --since/--until cut it.
	out := w.must("export", "--pair", "carol@corp.example:alice@corp.example", "--since", "2026-11-03", "--until", "2026-11-03")
	for _, want := range []string{`"number": "A1"`, `"owner": "alice@corp.example"`, `"due": "2026-11-20"`, `"meeting_notes": [`,
		`"text": "We talked about the talk."`, `"meeting": "2026-11-03T10:00:00+01:00"`} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Conference talk") {
		t.Errorf("export --since 2026-11-03 holds the item of Mon 2 Nov:\n%s", out)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
