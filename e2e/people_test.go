package e2e

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
)

// Issue 16, points 5 to 7, through the built binary: the status of the
// day, a quiet start, and the welcome by role.

// peopleDirectory: Carol manages Bob and is in no team; Bob and Erin are
// the Platform team; its digest goes to the three of them and to Priya in
// London, who only reads it.
const peopleDirectory = `defaults:
  timezone: Europe/Berlin
people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: bob@corp.example
    name: Bob Marley
  - email: erin@corp.example
    name: Erin Hale
  - email: priya@corp.example
    name: Priya Natarajan
    timezone: Europe/London
teams:
  - name: Platform
    manager: carol@corp.example
    members: [bob@corp.example, erin@corp.example]
    digest_to: [carol@corp.example, bob@corp.example, erin@corp.example, priya@corp.example]
pairs:
  - manager: carol@corp.example
    report: bob@corp.example
    meets: weekly thu 14:30
`

var priya = person{"priya@corp.example", "Priya Natarajan", mailtest.Zone("Europe/London")}

// mailTo is what the relay accepted for one recipient whose subject starts
// with prefix, oldest first.
func (w *world) mailTo(to, prefix string) []sentMail {
	w.t.Helper()
	var out []sentMail
	for _, m := range w.sentMails() {
		if len(m.Rcpt) == 1 && m.Rcpt[0] == to && strings.HasPrefix(m.Subject, prefix) {
			out = append(out, m)
		}
	}
	return out
}

// ingestAt files what waits in the mailbox with one pass on a clock
// stopped at at (no scheduler).
func (w *world) ingestAt(at time.Time) {
	w.t.Helper()
	w.must("ingest", "--once", "--at", at.UTC().Format(time.RFC3339))
}

// A later reply of the same day that says "no longer blocked" takes the
// earlier blocker off the top of the digest; the digest shows the latest
// reply first and the earlier one as "earlier today"; the next day's
// blocker starts a new streak, and the next prompt shows what was planned.
func TestLaterUpdateTheSameDayUnblocks(t *testing.T) {
	t.Parallel()
	s := newSim(t, peopleDirectory, carol, bob, erin, priya)
	monday := func(h, m int) time.Time { return time.Date(2026, 11, 2, h, m, 0, 0, berlin) }
	s.runAt("prompts", monday(9, 0))
	s.statusReply(bob, monday(9, 30), "Yesterday: schema review\nToday: the billing migration\nBlockers: waiting on DBA approval")
	s.ingestAt(monday(9, 35))
	s.deliverOne(msg([]string{"From: Bob Marley <bob@corp.example>", "To: " + statusAddr(s.tokens[bob.email]),
		"Subject: Update", "Message-ID: <bob-update@corp.example>", "Date: " + rfc5322(monday(10, 15))},
		"The DBA approved it: no longer blocked. The migration runs tonight."))
	s.ingestAt(monday(10, 20))
	s.runAt("digest", monday(11, 0))

	digests := s.mailTo(carol.email, "[Platform]")
	if len(digests) != 1 {
		t.Fatalf("Carol got %d digests, want Monday's", len(digests))
	}
	d := digests[0]
	if d.Subject != "[Platform] Status, Mon 2 Nov: all clear" {
		t.Errorf("subject %q, want all clear: Bob's later reply cleared his blocker", d.Subject)
	}
	text := d.Text
	latest, earlier := strings.Index(text, "Latest, at 10:20"), strings.Index(text, "Earlier today, at 09:35")
	blocker := strings.Index(text, "waiting on DBA approval")
	switch {
	case strings.Contains(text, "Blockers\n--------"):
		t.Errorf("the digest still lists a blocker at the top:\n%s", text)
	case latest < 0 || earlier < latest || blocker < earlier:
		t.Errorf("want Bob's latest reply first, then the earlier one with its blocker:\n%s", text)
	case !strings.Contains(text, "No longer blocked.") || !strings.Contains(text, "No update yet: Erin Hale\n"):
		t.Errorf("want Bob's reply marked as unblocking and Erin, asked, as missing:\n%s", text)
	}
	if !strings.Contains(d.HTML, "Earlier today, at 09:35") {
		t.Errorf("the HTML part lacks the earlier reply's label")
	}

	// Tuesday: the prompt recalls Monday's plan; a new blocker is day 1,
	// not day 2, since Monday ended unblocked.
	tuesday := func(h, m int) time.Time { return time.Date(2026, 11, 3, h, m, 0, 0, berlin) }
	s.runAt("prompts", tuesday(9, 0))
	if p := s.prompt(bob, tuesday(9, 0)); !strings.Contains(space(p.Text), "You planned: the billing migration") ||
		!strings.Contains(p.HTML, "You planned: the billing migration") {
		t.Errorf("Tuesday's prompt does not recall Monday's plan:\n%s", p.Text)
	}
	s.statusReply(bob, tuesday(9, 30), "Yesterday: the billing migration\nToday: cleanup\nBlockers: the staging database is down")
	s.ingestAt(tuesday(9, 35))
	s.runAt("digest", tuesday(11, 0))
	tue := s.mailTo(carol.email, "[Platform] Status, Tue 3 Nov")
	if len(tue) != 1 || tue[0].Subject != "[Platform] Status, Tue 3 Nov: 1 blocker" ||
		!strings.Contains(tue[0].Text, "* Bob Marley\n  the staging database is down") {
		t.Errorf("Tuesday's digest: %d, want one with Bob's new blocker on its first day:\n%s", len(tue), firstText(tue))
	}
}

func firstText(ms []sentMail) string {
	if len(ms) == 0 {
		return "(none)"
	}
	return ms[0].Subject + "\n" + ms[0].Text
}

// The first start of serve at 16:23 welcomes everyone by role and sends
// no digest (nobody was asked that day); after a day on which prompts went
// out, a restart in the afternoon still sends that day's digest.
func TestQuietFirstStartAndRestart(t *testing.T) {
	t.Parallel()
	w := newWorld(t, peopleDirectory)
	flush := func(p *serveProc) {
		p.ready()
		waitUntil(t, "serve empties the outbox", time.Minute, func() bool {
			p.alive()
			return w.count(`SELECT count(*) FROM outbox WHERE state = 'pending'`) == 0
		})
		p.stop()
	}
	flush(w.serve(time.Date(2026, 11, 2, 16, 23, 0, 0, berlin), time.Hour))
	var kinds []string
	for _, row := range w.outbox() {
		kinds = append(kinds, row.Kind+" "+row.Recipient)
	}
	slices.Sort(kinds)
	want := []string{"welcome bob@corp.example", "welcome carol@corp.example", "welcome erin@corp.example", "welcome priya@corp.example"}
	if !slices.Equal(kinds, want) {
		t.Errorf("the first start at 16:23 queued %q, want only the welcomes %q", kinds, want)
	}
	tokens := w.tokens(bob.email, carol.email)
	welcome := func(p person) sentMail {
		ms := w.mailTo(p.email, "Welcome to preread")
		if len(ms) != 1 {
			t.Fatalf("%s got %d welcomes, want 1", p.email, len(ms))
		}
		return ms[0]
	}
	for _, c := range []struct {
		who           person
		want, without []string
	}{
		{bob, []string{"Monday to Friday at 09:00 your time (Berlin)", "Your first one comes on Tue 3 Nov.",
			statusAddr(tokens[bob.email]), agendaAddr(tokens[bob.email]), "AWAY until", "PAUSE", "SKIP next 1:1", "1:1 with Carol"},
			[]string{"(mon", "mon,tue"}},
		{carol, []string{"you get the Platform team's digest", "at 16:00 your time", agendaAddr(tokens[carol.email]), "SKIP next 1:1"},
			[]string{"Your daily status", statusAddr(tokens[carol.email]), "AWAY", "PAUSE", "your manager"}},
		{priya, []string{"Each workday at 11:00 Berlin time you get the Platform team's digest"},
			[]string{"preread+", "AWAY", "SKIP", "pre-read"}},
	} {
		m := welcome(c.who)
		text := space(m.Text)
		for _, s := range c.want {
			if !strings.Contains(text, s) {
				t.Errorf("welcome of %s lacks %q:\n%s", c.who.email, s, m.Text)
			}
		}
		for _, s := range c.without {
			if strings.Contains(text, s) {
				t.Errorf("welcome of %s says %q, untrue for them:\n%s", c.who.email, s, m.Text)
			}
		}
		if !strings.Contains(m.HTML, `role="presentation"`) {
			t.Errorf("welcome of %s: HTML part not in the email frame", c.who.email)
		}
	}

	// Tuesday: the prompts go out at 09:00; preread is down from 10:00 and
	// comes back at 16:23, after the digest's time: the digest still goes.
	w.runAt("prompts", time.Date(2026, 11, 3, 9, 0, 0, 0, berlin))
	w.deliver(statusMsg("Bob Marley <bob@corp.example>", tokens[bob.email], "<bob-tue@corp.example>",
		time.Date(2026, 11, 3, 9, 40, 0, 0, berlin), "Yesterday: onboarding\nToday: the first migration"))
	w.ingestAt(time.Date(2026, 11, 3, 9, 45, 0, 0, berlin))
	flush(w.serve(time.Date(2026, 11, 3, 16, 23, 0, 0, berlin), time.Hour))
	for _, p := range []person{carol, bob, erin, priya} {
		ms := w.mailTo(p.email, "[Platform] Status, Tue 3 Nov")
		if len(ms) != 1 {
			t.Errorf("%s got %d of Tuesday's digests after the restart, want 1", p.email, len(ms))
			continue
		}
		if text := space(ms[0].Text); !strings.Contains(text, "the first migration") || !strings.Contains(text, "No update yet: Erin Hale") {
			t.Errorf("Tuesday's digest to %s:\n%s", p.email, ms[0].Text)
		}
	}
	if n := len(w.mailTo(carol.email, "[Platform] Status, Mon 2 Nov")); n != 0 {
		t.Errorf("Carol got %d of Monday's digests, want none: nobody was asked on Monday", n)
	}
}

// Someone added to the directory in the morning gets their welcome then,
// no prompt for a morning already over, and not that day's digest, in
// which they are not named; they start with the next day's prompt.
func TestPersonAddedMidDay(t *testing.T) {
	t.Parallel()
	w := newWorld(t, peopleDirectory)
	wednesday := func(h int) time.Time { return time.Date(2026, 11, 4, h, 0, 0, 0, berlin) }
	thursday := func(h int) time.Time { return time.Date(2026, 11, 5, h, 0, 0, 0, berlin) }
	w.runAt("prompts", wednesday(9))
	added := strings.Replace(peopleDirectory, "    timezone: Europe/London\n",
		"    timezone: Europe/London\n  - email: dan@corp.example\n    name: Dan Brown\n", 1)
	added = strings.Replace(added, "members: [bob@corp.example, erin@corp.example]", "members: [bob@corp.example, erin@corp.example, dan@corp.example]", 1)
	added = strings.Replace(added, "priya@corp.example]", "priya@corp.example, dan@corp.example]", 1)
	cfg, err := os.ReadFile(w.config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.config, []byte(strings.Replace(string(cfg), peopleDirectory, added, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	w.runAt("prompts", wednesday(10))
	w.runAt("digest", wednesday(11))
	const dan = "dan@corp.example"
	welcome := w.mailTo(dan, "Welcome to preread")
	if len(welcome) != 1 || !strings.Contains(space(welcome[0].Text), "Your first one comes on Thu 5 Nov.") {
		t.Errorf("Dan's welcome: %d, want one naming Thursday's prompt as his first:\n%s", len(welcome), firstText(welcome))
	}
	if got := w.mailTo(dan, "[STATUS]"); len(got) != 0 {
		t.Errorf("Dan got a prompt on the morning he was added: %q", got[0].Subject)
	}
	if got := w.mailTo(dan, "[Platform]"); len(got) != 0 {
		t.Errorf("Dan got the digest of the day he was added: %q", got[0].Subject)
	}
	wed := w.mailTo(carol.email, "[Platform] Status, Wed 4 Nov")
	if len(wed) != 1 || strings.Contains(wed[0].Text, "Dan") || !strings.Contains(space(wed[0].Text), "No update yet: Bob Marley, Erin Hale") {
		t.Errorf("Wednesday's digest to Carol: want Bob and Erin missing, Dan not named:\n%s", firstText(wed))
	}
	w.runAt("prompts", thursday(9))
	w.runAt("digest", thursday(11))
	if got := w.mailTo(dan, "[STATUS] What are you working on? (Thu 5 Nov)"); len(got) != 1 {
		t.Errorf("Dan got %d prompts on Thursday, want his first", len(got))
	}
	thu := w.mailTo(dan, "[Platform] Status, Thu 5 Nov")
	if len(thu) != 1 || !strings.Contains(space(thu[0].Text), "No update yet: Bob Marley, Dan Brown, Erin Hale") {
		t.Errorf("Thursday's digest to Dan: want it, naming him among those asked:\n%s", firstText(thu))
	}
}
