package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Issue 16, points 1 to 4, through the built binary: commands by email,
// out-of-office replies, a reply to a digest, and notices.

// commandsDirectory: Carol manages Alice and Bob and is in no team; Alice,
// Bob, Dave, Erin and Fay are the Platform team.
const commandsDirectory = `defaults:
  timezone: Europe/Berlin
people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: alice@corp.example
    name: Alice Liddell
  - email: bob@corp.example
    name: Bob Marley
  - email: dave@corp.example
    name: Dave Ito
  - email: erin@corp.example
    name: Erin Hale
  - email: fay@corp.example
    name: Fay Okafor
teams:
  - name: Platform
    manager: carol@corp.example
    members: [alice@corp.example, bob@corp.example, dave@corp.example, erin@corp.example, fay@corp.example]
pairs:
  - manager: carol@corp.example
    report: alice@corp.example
    meets: weekly tue 10:00
  - manager: carol@corp.example
    report: bob@corp.example
    meets: weekly thu 14:30
  - manager: carol@corp.example
    report: dave@corp.example
    meets: weekly wed 11:00
`

// monAt is a time on Monday 2 November 2026 in Berlin; dayAt on another
// day of that week.
func monAt(h, m int) time.Time { return dayAt(2, h, m) }
func dayAt(day, h, m int) time.Time {
	return time.Date(2026, 11, day, h, m, 0, 0, berlin)
}

// command is a message whose subject is a command, to the sender's status
// address.
func command(w *world, from, subject string, n int, at time.Time) []byte {
	token := w.tokens(from)[from]
	return msg([]string{"From: " + from, "To: " + statusAddr(token), "Subject: " + subject,
		fmt.Sprintf("Message-ID: <cmd-%d@corp.example>", n), "Date: " + rfc5322(at)}, "")
}

// texts are the plain-text parts of mails, joined.
func texts(ms []sentMail) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}

func TestCommandsByEmailThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, commandsDirectory)
	w.runAt("prompts", monAt(9, 0))
	w.deliver(
		command(w, "alice@corp.example", "AWAY until Fri 6 Nov", 1, monAt(9, 10)),
		command(w, "alice@corp.example", "AWAY 2026-11-09..2027-06-01", 2, monAt(9, 11)),
		command(w, "alice@corp.example", "AWAY 2026-10-01..2026-10-05", 3, monAt(9, 12)),
		command(w, "alice@corp.example", "Away when pigs fly", 4, monAt(9, 13)),
		command(w, "bob@corp.example", "PAUSE", 5, monAt(9, 14)),
		command(w, "carol@corp.example", "SKIP next 1:1 with Alice", 6, monAt(9, 15)),
		command(w, "carol@corp.example", "SKIP next 1:1", 7, monAt(9, 16)),
	)
	w.ingestAt(monAt(9, 30))

	confirmations := texts(w.mailTo("alice@corp.example", "Re: AWAY")) + texts(w.mailTo("alice@corp.example", "Re: Away"))
	for _, want := range []string{
		"You're away Mon 2 Nov – Fri 6 Nov: no prompts, the digest says away.",
		`Your command "AWAY 2026-11-09..2027-06-01" did nothing: the days could not be used: it is 205 days long`,
		`Your command "AWAY 2026-10-01..2026-10-05" did nothing: the days could not be used: it is in the past`,
		`Your command "Away when pigs fly" did nothing: the days could not be used: no days could be read from it. Write them like AWAY until Fri 18 Dec`,
	} {
		if !strings.Contains(space(confirmations), space(want)) {
			t.Errorf("Alice's confirmations lack %q:\n%s", want, confirmations)
		}
	}
	if got := len(w.mailTo("alice@corp.example", "Re: AWAY")) + len(w.mailTo("alice@corp.example", "Re: Away")); got != 4 {
		t.Errorf("Alice got %d confirmations, want one per command (4)", got)
	}
	if got := texts(w.mailTo("bob@corp.example", "Re: PAUSE")); !strings.Contains(got, "paused until you send RESUME") {
		t.Errorf("Bob's confirmation: %q", got)
	}
	carol := space(texts(w.mailTo("carol@corp.example", "Re: SKIP")))
	for _, want := range []string{"Your 1:1 with Alice on Tue 3 Nov 10:00 is skipped: no pre-read for it. The next one is on Tue 10 Nov 10:00.",
		`Your command "SKIP next 1:1" did nothing: you have 1:1s with Alice and Bob and Dave`} {
		if !strings.Contains(carol, want) {
			t.Errorf("Carol's confirmations lack %q:\n%s", want, carol)
		}
	}
	out := w.must("away", "--at", monAt(12, 0).Format(time.RFC3339))
	if !strings.Contains(out, "alice@corp.example  2026-11-02  2026-11-06  mail") || !strings.Contains(out, "bob@corp.example: prompts paused") {
		t.Errorf("preread away:\n%s", out)
	}

	// The pre-read of Carol's skipped 1:1 with Alice is never sent; the
	// next day Alice and Bob get no prompt.
	w.runAt("preread", monAt(16, 0))
	if got := w.mailTo("carol@corp.example", "1:1 with Alice"); len(got) != 0 {
		t.Errorf("Carol got %q for the skipped 1:1", got[0].Subject)
	}
	w.runAt("prompts", dayAt(3, 9, 0))
	for who, want := range map[string]int{"alice@corp.example": 1, "bob@corp.example": 1, "dave@corp.example": 2} {
		if got := len(w.mailTo(who, "[STATUS]")); got != want {
			t.Errorf("%s got %d prompts by Tuesday, want %d", who, got, want)
		}
	}

	// Back and resumed on Tuesday: Wednesday's prompts reach both.
	w.deliver(command(w, "alice@corp.example", "BACK", 8, dayAt(3, 14, 0)), command(w, "bob@corp.example", "resume", 9, dayAt(3, 14, 1)))
	w.ingestAt(dayAt(3, 14, 5))
	if got := texts(w.mailTo("alice@corp.example", "Re: BACK")); !strings.Contains(got, "Welcome back") {
		t.Errorf("Alice's BACK confirmation: %q", got)
	}
	w.runAt("prompts", dayAt(4, 9, 0))
	for _, who := range []string{"alice@corp.example", "bob@corp.example"} {
		if got := len(w.mailTo(who, "[STATUS]")); got != 2 {
			t.Errorf("%s got %d prompts by Wednesday, want 2 (Monday's and Wednesday's)", who, got)
		}
	}
	if n := w.count(`SELECT count(*) FROM status_entries`); n != 0 {
		t.Errorf("%d status entries filed from commands, want none", n)
	}
}

// An Outlook, an Apple and a Gmail out-of-office, to the bounce address
// each prompt went out from, set their authors away until the day they
// name (or for today); a forged one sets nothing; none is answered, and
// the digest says who is away.
func TestOutOfOfficeThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, commandsDirectory)
	w.runAt("prompts", monAt(9, 0))
	bounce := func(who string) string {
		ps := w.mailTo(who, "[STATUS]")
		if len(ps) != 1 {
			t.Fatalf("%s got %d prompts, want 1", who, len(ps))
		}
		return ps[0].Envelope
	}
	prompt := w.mailTo("dave@corp.example", "[STATUS]")[0]
	w.deliver(
		msg([]string{"From: Dave Ito <dave@corp.example>", "To: " + bounce("dave@corp.example"), "Subject: Automatic reply: " + prompt.Subject,
			"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "In-Reply-To: " + prompt.MessageID,
			"Message-ID: <ooo-outlook@corp.example>", "Date: " + rfc5322(monAt(9, 1))},
			"I'm out of the office and back on Thursday 5 November. For urgent matters, contact Carol."),
		msg([]string{"From: Fay Okafor <fay@corp.example>", "To: " + bounce("fay@corp.example"), "Subject: Auto reply: " + prompt.Subject,
			"X-Apple-Action: VACATION", `X-Apple-Criteria: {"startDate":"2026-11-01","endDate":"2026-11-06"}`,
			"Message-ID: <ooo-apple@corp.example>", "Date: " + rfc5322(monAt(9, 2))},
			"Thanks for your message. I'm travelling."),
		msg([]string{"From: Erin Hale <erin@corp.example>", "To: " + bounce("erin@corp.example"), "Subject: Out of office",
			"Auto-Submitted: auto-replied", "Message-ID: <ooo-gmail@corp.example>", "Date: " + rfc5322(monAt(9, 3))},
			"I'm away from my desk today with limited access to email."),
		// Forged: the right form, but no token of Bob's, or a stranger.
		msg([]string{"From: Bob Marley <bob@corp.example>", "To: preread+bounce.aaaaaaaaaaaaaaaa@corp.example", "Subject: Automatic reply: hi",
			"Auto-Submitted: auto-replied", "Message-ID: <ooo-forged-1@evil.example>", "Date: " + rfc5322(monAt(9, 4))},
			"I am away until 2027-01-31."),
		msg([]string{"From: Bob Marley <bob@corp.example>", "To: preread@corp.example", "Subject: Automatic reply: hi",
			"Auto-Submitted: auto-replied", "Message-ID: <ooo-forged-2@evil.example>", "Date: " + rfc5322(monAt(9, 5))},
			"I am away until 2027-01-31."),
	)
	w.ingestAt(monAt(9, 30))
	out := w.must("away", "--at", monAt(12, 0).Format(time.RFC3339))
	for _, want := range []string{"dave@corp.example  2026-11-02  2026-11-04  out-of-office", "fay@corp.example   2026-11-02  2026-11-06  out-of-office",
		"erin@corp.example  2026-11-02  2026-11-02  out-of-office"} {
		if !strings.Contains(out, want) {
			t.Errorf("preread away lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "bob@corp.example") {
		t.Errorf("a forged out-of-office set Bob away:\n%s", out)
	}
	for _, m := range w.sentMails() {
		if m.InReplyTo != "" {
			t.Errorf("%q to %v answers %s: an out-of-office is never answered", m.Subject, m.To, m.InReplyTo)
		}
	}
	w.runAt("digest", monAt(11, 0))
	digest := w.mailTo("carol@corp.example", "[Platform]")
	if len(digest) != 1 || !strings.Contains(digest[0].Text, "Away: Dave Ito, Erin Hale, Fay Okafor") {
		t.Errorf("Monday's digest does not say who is away: %+v", digest)
	}
	w.runAt("prompts", dayAt(3, 9, 0))
	for who, want := range map[string]int{"dave@corp.example": 1, "fay@corp.example": 1, "erin@corp.example": 2, "bob@corp.example": 2} {
		if got := len(w.mailTo(who, "[STATUS]")); got != want {
			t.Errorf("%s got %d prompts by Tuesday, want %d", who, got, want)
		}
	}
}

// A reply to the digest files for the digest's day; mail that can't be
// used tells a known, authenticated sender why, once a day at most, and a
// stranger or a bounce nothing; an oversized forward keeps its note.
func TestRepliesAndNoticesThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, commandsDirectory)
	w.runAt("prompts", monAt(9, 0))
	w.runAt("digest", monAt(11, 0))
	digest := w.mailTo("bob@corp.example", "[Platform]")
	if len(digest) != 1 || digest[0].ReplyTo != statusAddr(w.tokens("bob@corp.example")["bob@corp.example"]) {
		t.Fatalf("Bob's digest: %+v; want one, with his status address as Reply-To", digest)
	}
	oldAlice := w.tokens("alice@corp.example")["alice@corp.example"]
	w.must("rotate-token", "alice@corp.example")
	quoteOnly := "On Mon, 2 Nov 2026 at 09:00, preread <preread@corp.example> wrote:\n> What are you working on today?\n> Yesterday:\n> Today:\n"
	pdf := base64.StdEncoding.EncodeToString(make([]byte, 12<<20))
	var att strings.Builder
	for i := 0; i < len(pdf); i += 76 {
		att.WriteString(pdf[i:min(i+76, len(pdf))] + "\n")
	}
	w.deliver(
		msg([]string{"From: Bob Marley <bob@corp.example>", "To: " + digest[0].ReplyTo, "Subject: Re: " + digest[0].Subject,
			"In-Reply-To: " + digest[0].MessageID, "Message-ID: <digest-reply@corp.example>", "Date: " + rfc5322(dayAt(3, 8, 30))},
			"Today: the schema review, sorry I missed the prompt yesterday.\n\n"+quoteOnly),
		msg([]string{"From: alice@corp.example", "To: " + statusAddr(oldAlice), "Subject: status", "Message-ID: <old-1@corp.example>",
			"Date: " + rfc5322(monAt(12, 0))}, "Today: the importer"),
		msg([]string{"From: alice@corp.example", "To: " + statusAddr(oldAlice), "Subject: status again", "Message-ID: <old-2@corp.example>",
			"Date: " + rfc5322(monAt(12, 5))}, "Today: still the importer"),
		msg([]string{"From: erin@corp.example", "To: " + statusAddr(w.tokens("erin@corp.example")["erin@corp.example"]),
			"Subject: Re: [STATUS] What are you working on? (Mon 2 Nov)", "Message-ID: <quote-1@corp.example>", "Date: " + rfc5322(monAt(12, 10))}, quoteOnly),
		msg([]string{"From: erin@corp.example", "To: " + statusAddr(w.tokens("erin@corp.example")["erin@corp.example"]),
			"Subject: Re: [STATUS] What are you working on? (Mon 2 Nov)", "Message-ID: <quote-2@corp.example>", "Date: " + rfc5322(monAt(12, 11))}, quoteOnly),
		msg([]string{"From: Dave Ito <dave@corp.example>", "To: " + agendaAddr(w.tokens("dave@corp.example")["dave@corp.example"]),
			"Subject: Fwd: trace of the outage", "Message-ID: <big-fwd@corp.example>", "Date: " + rfc5322(monAt(12, 20)),
			"Content-Type: multipart/mixed; boundary=b"},
			"--b\nContent-Type: text/plain\n\nCan we talk about what the outage taught us?\n"+
				"--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=outage.pcap\n"+
				"Content-Transfer-Encoding: base64\n\n"+att.String()+"--b--\n"),
		msg([]string{"From: Mallory <mallory@evil.example>", "To: " + statusAddr(oldAlice), "Subject: hi", "Message-ID: <stranger@evil.example>"}, "hi"),
		msg([]string{"From: MAILER-DAEMON@corp.example", "To: " + digest[0].Envelope, "Return-Path: <>", "Subject: Undelivered Mail Returned to Sender",
			"Message-ID: <bounce-1@corp.example>", "Date: " + rfc5322(monAt(12, 30))}, "This is the mail system at host mx.corp.example.\n\nI'm sorry to have to inform you that your message could not be delivered."),
	)
	w.ingestAt(dayAt(3, 8, 45))

	var nb exported
	if err := json.Unmarshal([]byte(w.must("export")), &nb); err != nil {
		t.Fatal(err)
	}
	var bobs []string
	for _, s := range nb.Status {
		if s.Person == "bob@corp.example" {
			bobs = append(bobs, s.Date+" "+s.Text)
		}
	}
	if len(bobs) != 1 || !strings.HasPrefix(bobs[0], "2026-11-02 Today: the schema review") {
		t.Errorf("Bob's statuses = %q, want his digest reply for Monday 2 Nov, without the quote", bobs)
	}
	help := func(who string) []sentMail {
		var out []sentMail
		for _, m := range w.mailTo(who, "") {
			if strings.Contains(m.Text, "You get at most one such email a day.") {
				out = append(out, m)
			}
		}
		return out
	}
	if got := help("alice@corp.example"); len(got) != 1 || !strings.Contains(space(got[0].Text), "old token") {
		t.Errorf("Alice got %d notices about her old token, want 1: %q", len(got), texts(got))
	}
	if got := help("erin@corp.example"); len(got) != 1 || !strings.Contains(space(got[0].Text), "nothing of your own") {
		t.Errorf("Erin got %d notices about her all-quote replies, want 1: %q", len(got), texts(got))
	}
	if got := help("dave@corp.example"); len(got) != 0 {
		t.Errorf("Dave was told %q about a forward that was filed", texts(got))
	}
	item := ""
	for _, a := range nb.Agenda {
		if a.MessageID == "<big-fwd@corp.example>" {
			item = a.Text
		}
	}
	if !strings.Contains(item, "Can we talk about what the outage taught us?") || !strings.Contains(item, "Attached: outage.pcap") {
		t.Errorf("Dave's oversized forward: %q; want its text filed with the attachment named", item)
	}
	var reason, kind string
	if err := w.sqlDB().QueryRow(`SELECT reason, kind FROM messages WHERE message_key = '<bounce-1@corp.example>'`).Scan(&reason, &kind); err != nil ||
		!strings.Contains(reason, "preread's mail to bob@corp.example came back") || kind != "bounce" {
		t.Errorf("the bounce: %q (%s), %v; want it recorded against Bob", reason, kind, err)
	}
	for _, m := range w.sentMails() {
		for _, to := range m.To {
			if strings.Contains(to, "evil.example") || strings.Contains(strings.ToLower(to), "mailer-daemon") {
				t.Errorf("%q went to %s: strangers and machines are never answered", m.Subject, to)
			}
		}
	}
}
