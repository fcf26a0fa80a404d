package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
)

// Short scenarios that pin down the bugs the two weeks turned up, so each
// can be fixed and checked on its own.

// newSim is a small world driven like the two weeks.
func newSim(t *testing.T, directory string, people ...person) *sim {
	t.Helper()
	s := &sim{world: newWorld(t, directory), t: t, statuses: map[string]map[string]string{}}
	s.must("outbox")
	s.tokens = s.world.tokens(emails(people)...)
	return s
}

// statusDates is the export's statuses as "message-id date".
func (s *sim) statusDates() []string {
	s.t.Helper()
	var nb exported
	if err := json.Unmarshal([]byte(s.must("export", "--format", "json")), &nb); err != nil {
		s.t.Fatal(err)
	}
	var out []string
	for _, st := range nb.Status {
		out = append(out, st.MessageID+" "+st.Date)
	}
	slices.Sort(out)
	return out
}

// A reply to Monday's prompt written early on Tuesday answers Monday's
// prompt: fileStatus says a status is filed for "the prompt's day when it
// answers one". But Classifier.classify consults the thread (In-Reply-To)
// only when neither the address nor the subject carries a STATUS tag, and
// a reply to a prompt carries both (its Reply-To is the status address,
// its subject "Re: [STATUS] …"). So fileStatus gets no prompt day and the
// reply is filed for the day its Date header falls on: Tuesday.
func TestStatusReplyToAPromptFiledForThePromptsDay(t *testing.T) {
	t.Parallel()
	s := newSim(t, `defaults:
  timezone: Europe/Berlin
people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: bob@corp.example
    name: Bob Marley
teams:
  - name: Platform
    manager: carol@corp.example
    members: [bob@corp.example]
`, carol, bob)
	s.runAt("prompts", time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)) // Monday 09:00 in Berlin
	prompt := s.prompt(bob, time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	tuesday := time.Date(2026, 11, 3, 6, 30, 0, 0, berlin) // before Tuesday's prompt
	for _, r := range []struct{ id, to string }{
		{"<to-reply-to@corp.example>", prompt.ReplyTo},
		{"<to-bare-address@corp.example>", "preread@corp.example"},
	} {
		s.deliverOne(msg([]string{"From: Bob Marley <bob@corp.example>", "To: " + r.to, "Subject: Re: " + prompt.Subject,
			"Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example",
			"Message-ID: " + r.id, "In-Reply-To: " + prompt.MessageID, "References: " + prompt.MessageID, "Date: " + rfc5322(tuesday)},
			"Yesterday: the cache rollout\nToday: more of it"))
	}
	s.ingestAt(tuesday.Add(15 * time.Minute))
	got := s.statusDates()
	want := []string{"<to-bare-address@corp.example> 2026-11-02", "<to-reply-to@corp.example> 2026-11-02"}
	if !slices.Equal(got, want) {
		t.Errorf("statuses answering Monday's prompt, written Tuesday 06:30, filed as %q, want both for Monday %q", got, want)
	}
}

// Alice in New York gets her prompt at 09:00 there, after her Berlin
// team's digest at 11:00. DuePrompts keeps her prompt due "until the next
// digest … past that, the answer would miss the digest it was asked for":
// her Monday answer is meant for Tuesday's digest. But the digest of a day
// shows only statuses filed for that day, and her answer is filed for
// Monday (her workday): it is in no digest at all, and every digest says
// "No update yet: Alice Liddell".
func TestDigestShowsAnAnswerToAPromptSentAfterTheDigest(t *testing.T) {
	t.Parallel()
	s := newSim(t, `defaults:
  timezone: Europe/Berlin
people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: alice@corp.example
    name: Alice Liddell
    timezone: America/New_York
teams:
  - name: Platform
    manager: carol@corp.example
    members: [alice@corp.example]
`, carol, alice)
	monday := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{monday.Add(10 * time.Hour), monday.Add(14 * time.Hour)} { // Monday's digest, then Alice's prompt
		s.runAt("digest", at)
		s.runAt("prompts", at)
	}
	s.statusReply(alice, monday.Add(15*time.Hour), "Yesterday: IMAP sync\nToday: the outbox worker")
	s.ingestAt(monday.Add(15*time.Hour + 30*time.Minute))
	tuesday := monday.AddDate(0, 0, 1).Add(10 * time.Hour)
	s.runAt("digest", tuesday)
	digests := ""
	for _, m := range s.sentMails() {
		if m.To[0] == carol.email && strings.HasPrefix(m.Subject, "[Platform]") {
			digests += m.Text
		}
	}
	if !strings.Contains(digests, "the outbox worker") {
		t.Errorf("Alice answered Monday's prompt (sent after Monday's digest) before Tuesday's digest; no digest shows it:\n%s", digests)
	}
}

// Carol asks a question on the pre-read; Alice answers it the same
// evening, before their 1:1. The answer is filed as a note, but nothing
// sends it to Carol, and the next pre-read lists only notes written since
// the last 1:1 started (NotesSince(last meeting's start)), which this one
// was not: Carol never reads the answer to her question.
func TestAnswerToAQuestionReachesTheManager(t *testing.T) {
	t.Parallel()
	s := newSim(t, `defaults:
  timezone: Europe/Berlin
people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: alice@corp.example
    name: Alice Liddell
    timezone: America/New_York
pairs:
  - manager: carol@corp.example
    report: alice@corp.example
    meets: weekly tue 10:00
`, carol, alice)
	monday := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	s.runAt("preread", monday.Add(15*time.Hour)) // 16:00 in Berlin, for Tuesday 10:00
	s.numbers = map[string]int{}
	pr := s.onlyMail("preread", carol.email)
	s.deliverOne(msg([]string{"From: Carol Danvers <carol@corp.example>", "To: " + pr.ReplyTo, "Subject: Re: " + pr.Subject,
		"Message-ID: <carol-question@corp.example>", "In-Reply-To: " + pr.MessageID, "Date: " + rfc5322(monday.Add(16*time.Hour))},
		"Could you bring the migration plan?"))
	s.ingestAt(monday.Add(16*time.Hour + 30*time.Minute))
	q := s.onlyMail("question", alice.email)
	s.deliverOne(msg([]string{"From: Alice Liddell <alice@corp.example>", "To: " + q.ReplyTo, "Subject: Re: " + q.Subject,
		"Message-ID: <alice-answer@corp.example>", "In-Reply-To: " + q.MessageID, "Date: " + rfc5322(monday.Add(17*time.Hour))},
		"Yes, I will bring it."))
	s.ingestAt(monday.Add(17*time.Hour + 30*time.Minute))
	// The 1:1 on Tuesday, then the pre-read of the next one.
	for _, at := range []time.Time{monday.AddDate(0, 0, 1).Add(9 * time.Hour), monday.AddDate(0, 0, 7).Add(15 * time.Hour)} {
		s.runAt("preread", at)
	}
	s.checkAnswerReachedCarol()
}

// `preread run` while `preread serve` runs (a cron job beside the service,
// or an admin catching up by hand), or two runs at once: each Flush reads
// the pending rows (store.Due) and sends them, and nothing claims a row
// before sending it, so both senders deliver the same emails. The bytes
// and Message-ID are the same, but DESIGN.md accepts a repeat only for the
// one email in flight at a crash.
func TestRunBesideServeSendsOnce(t *testing.T) {
	t.Parallel()
	inBerlin := func(int) bool { return true }
	directory, people := crowd(100, inBerlin)
	w := newWorld(t, directory)
	w.must("outbox")
	w.smtp.SetFault(func(mailtest.Message, int) error {
		time.Sleep(5 * time.Millisecond)
		return nil
	})
	p := w.serve(monday0930, time.Second)
	w.runAt("prompts", monday0930)
	w.quiet(p, 0, time.Minute)
	p.stop()
	repeats := w.checkSentOnce(people, dueAtMonday0930(people, inBerlin))
	if repeats != 0 {
		t.Errorf("%d emails delivered twice by two senders flushing the same outbox", repeats)
	}
}

// After a crash the restarted service sends at once what is due. Senders
// claim one email just before sending it (a batch-wide claim once held a
// killed service's whole batch for ten minutes), so only the email in
// flight at the kill waits out its two-minute claim, and is sent again at
// most once.
func TestRestartAfterKillSendsTheRestAtOnce(t *testing.T) {
	t.Parallel()
	inBerlin := func(int) bool { return true }
	directory, people := crowd(50, inBerlin)
	w := newWorld(t, directory)
	w.must("outbox")
	w.smtp.SetFault(func(mailtest.Message, int) error {
		time.Sleep(20 * time.Millisecond) // 100 emails take two seconds or more
		return nil
	})
	want := dueAtMonday0930(people, inBerlin)
	began := time.Now()
	p := w.serve(monday0930, time.Second)
	waitUntil(t, "the first emails sent", time.Minute, func() bool { return len(w.smtp.Messages()) >= 10 })
	p.kill()
	killed := len(w.smtp.Messages())
	// Started again at once, its clock where the killed one's had got to.
	p = w.serve(monday0930.Add(time.Since(began)), time.Second)
	p.ready()
	// Everything but the email in flight at the kill goes at once; that one
	// is claimed for two minutes and goes when the claim runs out.
	pending := func() int { return w.count(`SELECT count(*) FROM outbox WHERE state = 'pending'`) }
	deadline := time.Now().Add(30 * time.Second)
	for pending() > 1 && time.Now().Before(deadline) {
		p.alive()
		time.Sleep(100 * time.Millisecond)
	}
	if n := pending(); n > 1 {
		var next string
		_ = w.sqlDB().QueryRow(`SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending'`).Scan(&next)
		t.Fatalf("killed after %d of %d emails; 30s after the restart %d are still pending, the earliest not before %s",
			killed, len(want), n, next)
	}
	p.stop()
	p = w.serve(monday0930.Add(time.Since(began)+3*time.Minute), time.Second) // later: the claim has run out
	p.ready()
	deadline = time.Now().Add(30 * time.Second)
	for pending() > 0 && time.Now().Before(deadline) {
		p.alive()
		time.Sleep(100 * time.Millisecond)
	}
	if n := pending(); n > 0 {
		t.Fatalf("%d emails still pending after the claim ran out", n)
	}
	p.stop()
	if repeats := w.checkSentOnce(people, want); repeats > 1 {
		t.Errorf("%d emails delivered twice; at most the one in flight at the kill may be", repeats)
	}
}
