package e2e

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
)

// The team of the two weeks: Carol in Berlin manages Alice in New York, Bob
// and Erin in Berlin and Ken in Tokyo. Erin is away on 4–5 Nov; Friday 6
// Nov is a holiday. New York leaves summer time on 1 Nov, so Alice's
// prompt moves from 13:00 to 14:00 UTC half-way through.
const twoWeeksDirectory = `defaults:
  timezone: Europe/Berlin
holidays: [2026-11-06]
people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: alice@corp.example
    name: Alice Liddell
    timezone: America/New_York
  - email: bob@corp.example
    name: Bob Marley
  - email: ken@corp.example
    name: Ken Sato
    timezone: Asia/Tokyo
  - email: erin@corp.example
    name: Erin Hale
    away: ["2026-11-04..2026-11-05"]
teams:
  - name: Platform
    manager: carol@corp.example
    members: [alice@corp.example, bob@corp.example, ken@corp.example, erin@corp.example]
pairs:
  - manager: carol@corp.example
    report: alice@corp.example
    meets: weekly tue 10:00
    duration: 1h
  - manager: carol@corp.example
    report: ken@corp.example
    meets: weekly wed 09:00
    timezone: Asia/Tokyo
    duration: 1h
  - manager: carol@corp.example
    report: bob@corp.example
    meets: "every 2 weeks thu 14:30 from 2026-10-22"
    preread_to: both
    duration: 90m
`

var (
	berlin  = mailtest.Zone("Europe/Berlin")
	newYork = mailtest.Zone("America/New_York")
	tokyo   = mailtest.Zone("Asia/Tokyo")
)

type person struct {
	email, name string
	zone        *time.Location
}

var (
	carol   = person{"carol@corp.example", "Carol Danvers", berlin}
	alice   = person{"alice@corp.example", "Alice Liddell", newYork}
	bob     = person{"bob@corp.example", "Bob Marley", berlin}
	ken     = person{"ken@corp.example", "Ken Sato", tokyo}
	erin    = person{"erin@corp.example", "Erin Hale", berlin}
	team    = []person{carol, alice, bob, ken, erin}
	members = []person{alice, bob, ken, erin}
)

func emails(ps []person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.email)
	}
	return out
}

// The simulated two weeks: Monday 26 Oct to Sunday 8 Nov 2026, in UTC.
var (
	simStart = time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC)
	simEnd   = time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)
	holiday  = "2026-11-06"
)

func day(t time.Time) string { return t.Format("2006-01-02") }

// workday is a day the team works (UTC dates are Berlin dates at the hours
// the simulation acts).
func workday(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && day(d) != holiday
}

// previousWorkday is the team's workday before d.
func previousWorkday(d time.Time) time.Time {
	for d = d.AddDate(0, 0, -1); !workday(d); d = d.AddDate(0, 0, -1) {
	}
	return d
}

func away(p person, d time.Time) bool {
	return p == erin && (day(d) == "2026-11-04" || day(d) == "2026-11-05")
}

// awayInDigest is away, and also the day of Erin's out-of-office (Tue 3
// Nov), which sets her away from then until the Friday it names: her
// prompt had gone out, but the digest shows her away, not missing.
func awayInDigest(p person, d time.Time) bool {
	return away(p, d) || p == erin && day(d) == "2026-11-03"
}

// sim drives the binary through the two weeks.
type sim struct {
	*world
	t        *testing.T
	tokens   map[string]string
	appended int // messages delivered to the inbox so far
	pending  int // delivered since the last ingest

	// statuses[day][email] is a piece of each status reply sent, by the
	// workday it answers: what the digest and the export must show.
	statuses map[string]map[string]string
	numbers  map[string]int // item numbers of Alice's first pre-read, by title
	ingests  int
}

func TestTwoWeeks(t *testing.T) {
	t.Parallel()
	began := time.Now()
	s := &sim{world: newWorld(t, twoWeeksDirectory), t: t, statuses: map[string]map[string]string{}}
	s.must("outbox") // creates the database and the tokens, sends nothing
	s.tokens = s.world.tokens(emails(team)...)
	runs := 0
	for at := simStart; at.Before(simEnd); at = at.Add(time.Hour) {
		if ofInterest(at) {
			for _, kind := range []string{"prompts", "digest", "preread", "followups"} {
				s.runAt(kind, at)
				runs++
			}
		}
		s.hour(at)
		if at.Hour() == 23 {
			t.Logf("%s done: %d emails sent so far, %d messages delivered, %s", day(at), len(s.smtp.Messages()), s.appended, time.Since(began).Round(time.Second))
		}
	}
	if s.pending > 0 {
		s.ingestAt(simEnd)
	}
	t.Logf("%d runs, %d ingests, %d emails sent, %d messages delivered in %s", runs, s.ingests, len(s.smtp.Messages()), s.appended, time.Since(began).Round(time.Second))
	s.checkMail()
	s.checkExport()
	s.checkMailbox()
}

// ofInterest says when the simulation runs the scheduler: every hour of a
// workday until the pre-reads are out (16:00 UTC), then every other hour,
// and every six hours on days off. Everything is due on the hour, and each
// email's Date header must be the very hour it came due.
func ofInterest(at time.Time) bool {
	switch {
	case !workday(at):
		return at.Hour()%6 == 0
	case at.Hour() <= 16:
		return true
	}
	return at.Hour()%2 == 0
}

// hour does what happens in the hour from at: people write, and the service
// files what they wrote.
func (s *sim) hour(at time.Time) {
	t := s.t
	switch {
	case day(at) == "2026-10-26" && at.Hour() == 7:
		// Alice fills her agenda before her first 1:1: a growth topic, and
		// a forward of feedback she got. Filing topics needs no clock, so
		// the one-pass ingest does it.
		s.deliver(
			msg([]string{"From: Alice Liddell <alice@corp.example>", "To: " + agendaAddr(s.tokens[alice.email]),
				"Subject: Conference talk", "Message-ID: <agenda-growth-1@corp.example>", "Date: " + rfc5322(at.Add(5*time.Minute))},
				"I'd like to submit a talk about the IMAP sync next spring. #growth\n\nSent from my iPhone"),
			msg([]string{"From: Alice Liddell <alice@corp.example>", "To: " + agendaAddr(s.tokens[alice.email]),
				"Subject: Fwd: Design review feedback", "Message-ID: <agenda-fwd-1@corp.example>", "Date: " + rfc5322(at.Add(10*time.Minute)),
				"User-Agent: Mozilla Thunderbird"},
				"Can we go through this? I am not sure how to take it.\n\n-------- Forwarded Message --------\n"+
					"Subject: \tDesign review feedback\nDate: \tFri, 23 Oct 2026 17:40:02 +0000\nFrom: \tDan Brown <dan@partner.example>\n"+
					"To: \tAlice Liddell <alice@corp.example>\n\nHi Alice,\n\nThe proposal is solid but the rollout plan needs a fallback for the EU region.\n\nDan"),
		)
		s.appended += 2
		out := s.must("ingest", "--once")
		if !strings.Contains(out, "2 messages: 2 filed, 0 ignored, 0 rejected, 0 failed") {
			t.Errorf("ingest --once = %q, want both agenda items filed", out)
		}
		s.ingests++
	case day(at) == "2026-10-29" && at.Hour() == 12:
		// Alice tags a topic by subject from her own address; the trusted
		// server vouches for her with DKIM.
		s.deliverOne(msg([]string{"From: Alice Liddell <alice@corp.example>", "To: preread@corp.example",
			"Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example",
			"Subject: [AGENDA] Staging access", "Message-ID: <agenda-help-1@corp.example>", "Date: " + rfc5322(at)},
			"I still have no access to the staging database. #help"))
	case day(at) == "2026-10-30" && at.Hour() == 8:
		// Carol adds a topic for Ken's next 1:1, naming him.
		s.deliverOne(msg([]string{"From: Carol Danvers <carol@corp.example>", "To: preread@corp.example",
			"Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example",
			"Subject: AGENDA for Ken: conference budget", "Message-ID: <agenda-carol-ken-1@corp.example>", "Date: " + rfc5322(at.Add(10*time.Minute))},
			"Let's plan your conference budget for next year."))
	}
	if workday(at) && at.Hour() == 9 {
		s.morningReplies(at)
	}
	if at.Hour() == 9 && s.pending > 0 {
		s.ingestAt(at.Add(30 * time.Minute))
	}
	if workday(at) && at.Hour() == 15 {
		s.statusReply(alice, at.Add(30*time.Minute), aliceStatus(at))
	}
	if day(at) == "2026-10-26" && at.Hour() == 15 {
		s.firstPreread()
	}
	if day(at) == "2026-10-26" && at.Hour() == 16 {
		s.carolRepliesToPreread(at)
	}
	if day(at) == "2026-10-26" && at.Hour() == 17 {
		s.aliceAnswers(at)
	}
}

// morningReplies: Ken answered his prompt in his morning (01:00 UTC), Bob
// and Erin answer theirs; on Tuesday of week two Erin's out-of-office
// answers instead.
func (s *sim) morningReplies(at time.Time) {
	n := int(at.Sub(simStart).Hours()) / 24
	s.statusReply(ken, time.Date(at.Year(), at.Month(), at.Day(), 1, 5, 0, 0, time.UTC),
		fmt.Sprintf("Tuning the search cluster, part %d.\n\nKen", n))
	blockers := "none"
	if day(at) == "2026-10-27" || day(at) == "2026-10-28" {
		blockers = "waiting on DBA approval for the schema change"
	}
	s.statusReply(bob, at.Add(-20*time.Minute),
		fmt.Sprintf("Yesterday: reviewed outbox PR %d\nToday: load test run %d\nBlockers: %s\n\nCheers,\nBob", n, n, blockers))
	switch {
	case away(erin, at):
	case day(at) == "2026-11-03":
		prompt := s.prompt(erin, at)
		s.deliverOne(msg([]string{"From: Erin Hale <erin@corp.example>", "To: " + prompt.ReplyTo,
			"Subject: Automatic reply: " + prompt.Subject, "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All",
			"In-Reply-To: " + prompt.MessageID, "Message-ID: <erin-ooo-1103@corp.example>", "Date: " + rfc5322(at.Add(-55*time.Minute))},
			"I am out of the office until Friday 6 Nov."))
	default:
		s.statusReply(erin, at.Add(-15*time.Minute), fmt.Sprintf("Done: runbook page %d\nNext: metrics page %d", n, n))
	}
}

func aliceStatus(at time.Time) string {
	n := int(at.Sub(simStart).Hours()) / 24
	blockers := "none"
	if day(at) == "2026-10-29" || day(at) == "2026-10-30" {
		blockers = "no access to the staging database"
	}
	return fmt.Sprintf("Yesterday: IMAP sync part %d\nToday: IMAP sync part %d\nBlockers: %s\n\nThanks!\nAlice", n, n+1, blockers)
}

// prompt finds the prompt a person got for a workday, as the relay saw it.
func (s *sim) prompt(p person, d time.Time) sentMail {
	s.t.Helper()
	for id, row := range s.outbox() {
		if row.Kind == "prompt" && row.Recipient == p.email && row.Period == day(d) {
			for _, m := range s.sentMails() {
				if m.MessageID == id {
					return m
				}
			}
		}
	}
	s.t.Fatalf("no prompt to %s for %s was sent", p.email, day(d))
	return sentMail{}
}

// statusReply answers the person's prompt of the day of at, as a mail
// client does: to its Reply-To, threaded, quoting it below.
func (s *sim) statusReply(p person, at time.Time, text string) {
	s.t.Helper()
	prompt := s.prompt(p, at)
	if prompt.ReplyTo != statusAddr(s.tokens[p.email]) {
		s.t.Errorf("prompt %s to %s: Reply-To %q, want their status address", prompt.MessageID, p.email, prompt.ReplyTo)
	}
	id := fmt.Sprintf("<status-%s-%s@corp.example>", strings.Split(p.email, "@")[0], day(at))
	quoted := "> " + strings.ReplaceAll(strings.TrimSpace(prompt.Text), "\n", "\n> ")
	body := fmt.Sprintf("%s\n\nOn %s, preread <preread@corp.example> wrote:\n%s", text, prompt.Date.Format("Mon, 2 Jan 2006 at 15:04"), quoted)
	s.deliverOne(msg([]string{"From: " + p.name + " <" + p.email + ">", "To: preread <" + prompt.ReplyTo + ">",
		"Subject: Re: " + prompt.Subject, "Message-ID: " + id, "In-Reply-To: " + prompt.MessageID,
		"References: " + prompt.MessageID, "Date: " + rfc5322(at.In(p.zone))}, body))
	if s.statuses[day(at)] == nil {
		s.statuses[day(at)] = map[string]string{}
	}
	s.statuses[day(at)][p.email] = strings.SplitN(text, "\n", 2)[0]
	if strings.HasPrefix(text, "Yesterday:") || strings.HasPrefix(text, "Done:") {
		s.statuses[day(at)][p.email] = strings.SplitN(text, "\n", 3)[1] // the Today line
	}
}

func (s *sim) deliverOne(raw []byte) {
	s.deliver(raw)
	s.appended++
	s.pending++
}

// ingestAt files what waits in the mailbox on the simulated clock.
//
// `preread ingest --once` runs on the machine's clock and has no --at, so
// what it files in a simulation (the date of a status reply, when a note
// was written, when a reply it queues is due) would be today's, not the
// simulation's. `serve --clock` runs the very same inbound pipeline on a
// given clock: it is started at the instant, left until the mailbox is
// read and the outbox empty, and stopped with SIGTERM.
func (s *sim) ingestAt(at time.Time) {
	s.t.Helper()
	p := s.serve(at, time.Hour)
	p.ready()
	waitUntil(s.t, fmt.Sprintf("serve --clock %s files %d messages and empties the outbox", at.Format(time.RFC3339), s.appended), time.Minute, func() bool {
		p.alive()
		return s.count(`SELECT count(*) FROM messages`) == s.appended &&
			s.count(`SELECT count(*) FROM messages WHERE moved_at IS NULL`) == 0 &&
			s.count(`SELECT count(*) FROM outbox WHERE state = 'pending'`) == 0
	})
	p.stop()
	s.pending = 0
	s.ingests++
}

// firstPreread reads Carol's pre-read for Tuesday's 1:1 with Alice and
// notes the numbers it gave the items.
func (s *sim) firstPreread() {
	t := s.t
	pr := s.mailOf("preread", carol.email, "carol@corp.example:alice@corp.example/2026-10-27T09:00:00Z")
	if want := "1:1 with Alice, Tue 27 Oct 10:00: pre-read"; pr.Subject != want {
		t.Errorf("pre-read subject %q, want %q", pr.Subject, want)
	}
	s.numbers = map[string]int{}
	for _, title := range []string{"Conference talk", "Forwarded from Dan Brown <dan@partner.example>: Design review feedback"} {
		m := regexp.MustCompile(`(\d+)\. ` + regexp.QuoteMeta(title) + ` \(New\)`).FindStringSubmatch(space(pr.Text))
		if m == nil {
			t.Fatalf("Alice's first pre-read does not list %q as new:\n%s", title, pr.Text)
		}
		s.numbers[title], _ = strconv.Atoi(m[1])
	}
	for _, want := range []string{"Growth", "Feedback", "I'd like to submit a talk about the IMAP sync next spring.",
		"Alice's note:", "Can we go through this?", "> The proposal is solid but the rollout plan needs a fallback for", "Reply DONE"} {
		if !strings.Contains(pr.Text, want) {
			t.Errorf("Alice's first pre-read lacks %q:\n%s", want, pr.Text)
		}
	}
	if !strings.Contains(pr.HTML, "&lt;dan@partner.example&gt;") || strings.Contains(pr.HTML, "<dan@partner.example>") {
		t.Errorf("Alice's first pre-read does not escape the forwarded sender in its HTML:\n%s", pr.HTML)
	}
	if strings.Contains(pr.Text, "#growth") || strings.Contains(pr.Text, "iPhone") {
		t.Errorf("Alice's first pre-read kept the hashtag or the signature:\n%s", pr.Text)
	}
}

// carolRepliesToPreread: Carol closes the forwarded feedback by number and
// asks a question, replying to the pre-read.
func (s *sim) carolRepliesToPreread(at time.Time) {
	pr := s.mailOf("preread", carol.email, "carol@corp.example:alice@corp.example/2026-10-27T09:00:00Z")
	if want := "preread+reply." + s.tokens[carol.email] + "@corp.example"; pr.ReplyTo != want {
		s.t.Errorf("pre-read Reply-To %q, want %q", pr.ReplyTo, want)
	}
	done := s.numbers["Forwarded from Dan Brown <dan@partner.example>: Design review feedback"]
	quoted := "> " + strings.ReplaceAll(strings.TrimSpace(pr.Text), "\n", "\n> ")
	s.deliverOne(msg([]string{"From: Carol Danvers <carol@corp.example>", "To: " + pr.ReplyTo, "Subject: Re: " + pr.Subject,
		"Message-ID: <carol-reply-1026@corp.example>", "In-Reply-To: " + pr.MessageID, "References: " + pr.MessageID,
		"Date: " + rfc5322(at.Add(10*time.Minute).In(berlin))},
		fmt.Sprintf("DONE %d\nCould you bring the migration plan?\n\nOn Mon, 26 Oct 2026 at 16:00, preread wrote:\n%s", done, quoted)))
	s.ingestAt(at.Add(30 * time.Minute))
	q := s.onlyMail("question", alice.email)
	if !strings.Contains(q.Subject, "A question from Carol") || !strings.Contains(q.Text, "Could you bring the migration plan?") ||
		strings.Contains(q.Text, "DONE") || q.ReplyTo != "preread+reply."+s.tokens[alice.email]+"@corp.example" {
		s.t.Errorf("question to Alice: subject %q, Reply-To %q:\n%s\nwant Carol's question, without DONE, answerable", q.Subject, q.ReplyTo, q.Text)
	}
}

// aliceAnswers replies to Carol's question.
func (s *sim) aliceAnswers(at time.Time) {
	q := s.onlyMail("question", alice.email)
	s.deliverOne(msg([]string{"From: Alice Liddell <alice@corp.example>", "To: " + q.ReplyTo, "Subject: Re: " + q.Subject,
		"Message-ID: <alice-answer-1026@corp.example>", "In-Reply-To: " + q.MessageID, "References: " + q.MessageID,
		"Date: " + rfc5322(at.Add(5*time.Minute).In(newYork))},
		"Yes, I will bring it.\n\nSent from my iPhone\n\n> "+strings.ReplaceAll(strings.TrimSpace(q.Text), "\n", "\n> ")))
	s.ingestAt(at.Add(30 * time.Minute))
}

// mailOf is the one email the relay got for an outbox key.
func (s *sim) mailOf(kind, to, period string) sentMail {
	s.t.Helper()
	var found []sentMail
	rows := s.outbox()
	for _, m := range s.sentMails() {
		if r := rows[m.MessageID]; r.Kind == kind && r.Recipient == to && r.Period == period {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		s.t.Fatalf("%s to %s for %s: the relay got %d, want 1", kind, to, period, len(found))
	}
	return found[0]
}

// onlyMail is the one email of a kind a person got.
func (s *sim) onlyMail(kind, to string) sentMail {
	s.t.Helper()
	var found []sentMail
	rows := s.outbox()
	for _, m := range s.sentMails() {
		if r := rows[m.MessageID]; r.Kind == kind && r.Recipient == to {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		s.t.Fatalf("%s to %s: the relay got %d, want 1", kind, to, len(found))
	}
	return found[0]
}

// checkMail checks every email the relay got in the two weeks.
func (s *sim) checkMail() {
	t := s.t
	byKey, repeats := s.checkDeliveries(emails(team))
	if repeats > 0 {
		t.Errorf("%d emails delivered twice, want none (nothing crashed)", repeats)
	}
	want := map[string]time.Time{} // outbox key -> when it must have been sent
	for _, p := range team {
		want["welcome "+p.email+" welcome"] = simStart
	}
	digestTo := emails(team)
	for d := simStart; d.Before(simEnd); d = d.AddDate(0, 0, 1) {
		if !workday(d) {
			continue
		}
		for _, p := range members { // Carol manages the team: she gets no prompt
			if away(p, d) {
				continue
			}
			local := time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, p.zone)
			want["prompt "+p.email+" "+day(d)] = local.UTC()
		}
		for _, to := range digestTo {
			want["digest "+to+" Platform/"+day(d)] = time.Date(d.Year(), d.Month(), d.Day(), 11, 0, 0, 0, berlin).UTC()
		}
	}
	prereads := []struct{ report, meeting, sent string }{
		{"alice", "2026-10-27T09:00:00Z", "2026-10-26T15:00:00Z"},
		{"alice", "2026-11-03T09:00:00Z", "2026-11-02T15:00:00Z"},
		{"ken", "2026-10-28T00:00:00Z", "2026-10-27T15:00:00Z"},
		{"ken", "2026-11-04T00:00:00Z", "2026-11-03T15:00:00Z"},
		{"bob", "2026-11-05T13:30:00Z", "2026-11-04T15:00:00Z"},
	}
	// Each meeting's follow-up goes to Carol when it ends: the pairs'
	// durations end them on the hour.
	durations := map[string]time.Duration{"alice": time.Hour, "ken": time.Hour, "bob": 90 * time.Minute}
	for _, p := range prereads {
		sent, _ := time.Parse(time.RFC3339, p.sent)
		period := "carol@corp.example:" + p.report + "@corp.example/" + p.meeting
		want["preread carol@corp.example "+period] = sent
		if p.report == "bob" { // preread_to: both
			want["preread bob@corp.example "+period] = sent
		}
		start, _ := time.Parse(time.RFC3339, p.meeting)
		want["followup carol@corp.example "+period] = start.Add(durations[p.report])
	}
	var questions int
	for key, mails := range byKey {
		m := mails[0]
		kind := strings.Fields(key)[0]
		if kind == "question" {
			questions++
			continue
		}
		at, ok := want[key]
		if !ok {
			t.Errorf("unexpected email %s: %q sent %s", key, m.Subject, m.Date.UTC().Format(time.RFC3339))
			continue
		}
		if !m.Date.Equal(at) {
			t.Errorf("%s sent %s, want %s", key, m.Date.UTC().Format(time.RFC3339), at.Format(time.RFC3339))
		}
		delete(want, key)
	}
	var missing []string
	for key := range want {
		missing = append(missing, key)
	}
	sort.Strings(missing)
	for _, key := range missing {
		t.Errorf("never sent: %s", key)
	}
	if questions != 1 {
		t.Errorf("%d questions sent, want Carol's one to Alice", questions)
	}
	s.checkSubjects(byKey)
	s.checkDigests(byKey)
	s.checkPrereads()
}

func (s *sim) checkSubjects(byKey map[string][]sentMail) {
	for key, mails := range byKey {
		f := strings.Fields(key)
		if f[0] == "welcome" {
			// By role: Carol, in no team, needs no status address; Erin,
			// in no pair, no agenda address. Replies go to the first.
			token := s.tokens[f[1]]
			member, paired := f[1] != carol.email, f[1] != erin.email
			reply := statusAddr(token)
			if !member {
				reply = agendaAddr(token)
			}
			if m := mails[0]; !strings.HasPrefix(m.Subject, "Welcome to preread: ") || m.ReplyTo != reply ||
				strings.Contains(m.Text, statusAddr(token)) != member || strings.Contains(m.Text, agendaAddr(token)) != paired {
				s.t.Errorf("%s: subject %q, Reply-To %q; want the welcome with the addresses of their role:\n%s", key, m.Subject, m.ReplyTo, m.Text)
			}
		}
		if f[0] != "prompt" {
			continue
		}
		d, _ := time.Parse("2006-01-02", f[2])
		want := "[STATUS] What are you working on? (" + d.Format("Mon 2 Jan") + ")"
		if m := mails[0]; m.Subject != want || m.ReplyTo != statusAddr(s.tokens[f[1]]) {
			s.t.Errorf("%s: subject %q, Reply-To %q; want %q and the status address", key, m.Subject, m.ReplyTo, want)
		}
	}
}

// checkDigests: each workday's digest shows the statuses filed for that
// day by then (blockers first, with their streak), who has not replied and
// who is away.
func (s *sim) checkDigests(byKey map[string][]sentMail) {
	t := s.t
	for d := simStart; d.Before(simEnd); d = d.AddDate(0, 0, 1) {
		if !workday(d) {
			continue
		}
		mails := byKey["digest carol@corp.example Platform/"+day(d)]
		if len(mails) == 0 {
			continue // reported as never sent
		}
		m := mails[0]
		text := space(m.Text)
		if want := "[Platform] Status, " + d.Format("Mon 2 Jan"); !strings.HasPrefix(m.Subject, want) {
			t.Errorf("digest of %s: subject %q, want %q…", day(d), m.Subject, want)
		}
		var missing []string
		for _, p := range []person{alice, bob, erin, ken} { // by name, as the digest lists them
			piece, ok := s.statuses[day(d)][p.email]
			if p == alice {
				// Alice's prompt comes at 09:00 in New York, after the
				// digest at 11:00 in Berlin: her answer is in the next
				// digest, filed after the previous one. The first digest
				// asked her nothing, so it does not name her at all.
				if day(d) == day(simStart) {
					if strings.Contains(text, p.name) {
						t.Errorf("the first digest names Alice, who was not asked for it:\n%s", m.Text)
					}
					continue
				}
				piece, ok = s.statuses[day(previousWorkday(d))][p.email]
			}
			if ok {
				if !strings.Contains(text, p.name+" ") || !strings.Contains(text, space(strings.TrimPrefix(strings.TrimPrefix(piece, "Today: "), "Next: "))) {
					t.Errorf("digest of %s lacks %s's status %q:\n%s", day(d), p.name, piece, m.Text)
				}
				continue
			}
			if !awayInDigest(p, d) {
				missing = append(missing, p.name)
			}
		}
		if len(missing) == 0 && strings.Contains(text, "No update yet") {
			t.Errorf("digest of %s: everybody replied or is away, but it says someone has not:\n%s", day(d), m.Text)
		}
		if want := "No update yet: " + strings.Join(missing, ", "); len(missing) > 0 && !strings.Contains(text, want) {
			t.Errorf("digest of %s: want %q:\n%s", day(d), want, m.Text)
		}
		if awayInDigest(erin, d) && !strings.Contains(text, "Away: Erin Hale") {
			t.Errorf("digest of %s does not show Erin away:\n%s", day(d), m.Text)
		}
		blockers := ""
		if i := strings.Index(m.Text, "Blockers\n--------"); i >= 0 {
			blockers = space(m.Text[i:strings.Index(m.Text, "Updates\n-------")])
		}
		switch day(d) {
		case "2026-10-27":
			if !strings.Contains(blockers, "* Bob Marley waiting on DBA approval") {
				t.Errorf("digest of %s: want Bob's blocker first:\n%s", day(d), m.Text)
			}
		case "2026-10-28":
			if !strings.Contains(blockers, "* Bob Marley (day 2) waiting on DBA approval") {
				t.Errorf("digest of %s: want Bob's blocker on its second day:\n%s", day(d), m.Text)
			}
		case "2026-10-30", "2026-11-02": // Alice's of the day before
			if !strings.Contains(blockers, "* Alice Liddell") || !strings.Contains(blockers, "no access to the staging database") {
				t.Errorf("digest of %s: want Alice's blocker of the day before:\n%s", day(d), m.Text)
			}
		default:
			if blockers != "" {
				t.Errorf("digest of %s lists blockers; nobody had one:\n%s", day(d), m.Text)
			}
		}
		if strings.Contains(m.Text, "wrote:") || strings.Contains(m.Text, "What are you working on?") || strings.Contains(m.Text, "Cheers") {
			t.Errorf("digest of %s kept a quoted prompt or a sign-off:\n%s", day(d), m.Text)
		}
		for _, to := range emails(team) {
			if len(byKey["digest "+to+" Platform/"+day(d)]) != 1 {
				t.Errorf("digest of %s: %s got %d copies, want 1", day(d), to, len(byKey["digest "+to+" Platform/"+day(d)]))
			}
		}
	}
}

// checkPrereads: the second pre-read of Alice's 1:1 drops the item Carol
// closed, marks the other carried over, lists the new one, and shows the
// question and its answer and Alice's status since the first 1:1.
func (s *sim) checkPrereads() {
	t := s.t
	second := s.mailOf("preread", carol.email, "carol@corp.example:alice@corp.example/2026-11-03T09:00:00Z")
	text := space(second.Text)
	n := s.numbers["Conference talk"]
	for _, want := range []string{
		fmt.Sprintf("%d. Conference talk (Carried over from the last meeting)", n),
		"Staging access (New)",
		"Previous 1:1: Tue 27 Oct 2026",
		"Could you bring the migration plan?", // asked and answered after the first pre-read
		"Yes, I will bring it.",
		"no access to the staging database",
		"IMAP sync part 3", // Thursday's
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Alice's second pre-read lacks %q:\n%s", want, second.Text)
		}
	}
	// The item Carol closed is no longer on the agenda; it shows once, as
	// closed since last time (issue 17).
	agenda := text[strings.Index(text, "Agenda:"):]
	for _, gone := range []string{"Design review feedback", "Sent from my iPhone", "#help"} {
		if strings.Contains(agenda, gone) {
			t.Errorf("Alice's second pre-read shows %q on the agenda:\n%s", gone, second.Text)
		}
	}
	if !strings.Contains(text, "Closed since last time") ||
		!strings.Contains(text, "Forwarded: Design review feedback (raised by Alice, closed by Carol on Mon 26 Oct)") {
		t.Errorf("Alice's second pre-read does not say Carol closed the design review feedback:\n%s", second.Text)
	}
	s.checkAnswerReachedCarol()
	kenFirst := s.mailOf("preread", carol.email, "carol@corp.example:ken@corp.example/2026-10-28T00:00:00Z")
	// The meeting is at 09:00 in Tokyo, 01:00 in Carol's Berlin.
	if !strings.Contains(kenFirst.Text, "Ken's agenda is empty. You could ask:") || kenFirst.Subject != "1:1 with Ken, Wed 28 Oct 01:00 CET: pre-read" {
		t.Errorf("Ken's first pre-read %q: want the empty agenda's questions:\n%s", kenFirst.Subject, kenFirst.Text)
	}
	kenSecond := space(s.mailOf("preread", carol.email, "carol@corp.example:ken@corp.example/2026-11-04T00:00:00Z").Text)
	if !strings.Contains(kenSecond, "conference budget (New; raised by Carol) Let's plan your conference budget for next year.") {
		t.Errorf("Ken's second pre-read lacks Carol's topic:\n%s", kenSecond)
	}
	for _, to := range []string{carol.email, bob.email} {
		m := s.mailOf("preread", to, "carol@corp.example:bob@corp.example/2026-11-05T13:30:00Z")
		if !strings.Contains(m.Subject, "Thu 5 Nov 14:30") || !strings.Contains(m.Text, "load test run") {
			t.Errorf("Bob's pre-read to %s: %q\n%s\nwant the meeting of 5 Nov with his status", to, m.Subject, m.Text)
		}
	}
}

// checkAnswerReachedCarol: Alice answered Carol's question on Monday
// evening, before their 1:1 on Tuesday. Carol must read the answer in
// email: passed on to her, or in the pre-read of the next 1:1.
func (s *sim) checkAnswerReachedCarol() {
	for _, m := range s.sentMails() {
		if m.To[0] == carol.email && strings.Contains(space(m.Text), "Yes, I will bring it.") {
			return
		}
	}
	s.t.Errorf("Alice's answer to Carol's question (\"Yes, I will bring it.\") never reached Carol: " +
		"no email passed it on, and the next pre-read shows only notes written after the last 1:1 started")
}

// checkExport: the notebook holds each status once, for the workday it
// answers, trimmed; the agenda items in their states; the two notes.
func (s *sim) checkExport() {
	t := s.t
	var nb exported
	out := s.must("export", "--format", "json")
	if err := json.Unmarshal([]byte(out), &nb); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, st := range nb.Status {
		key := st.Date + " " + st.Person
		if _, dup := got[key]; dup {
			t.Errorf("status of %s filed twice", key)
		}
		got[key] = st.Text
		if strings.Contains(st.Text, "wrote:") || strings.Contains(st.Text, "> ") || strings.Contains(st.Text, "What are you working on?") {
			t.Errorf("status %s kept the quoted prompt: %q", key, st.Text)
		}
		if strings.Contains(st.Yesterday+st.Today+st.Blockers, "Cheers") || strings.Contains(st.Yesterday+st.Today+st.Blockers, "Thanks") ||
			strings.EqualFold(st.Blockers, "none") {
			t.Errorf("status %s: sections %q %q %q keep the sign-off or a blocker of none", key, st.Yesterday, st.Today, st.Blockers)
		}
	}
	var want []string
	for d, byPerson := range s.statuses {
		for email, piece := range byPerson {
			key := d + " " + email
			want = append(want, key)
			text, ok := got[key]
			if !ok {
				t.Errorf("export: no status of %s for %s", email, d)
				continue
			}
			if !strings.Contains(text, strings.TrimPrefix(strings.TrimPrefix(piece, "Today: "), "Next: ")) {
				t.Errorf("export: status %s = %q, want it to hold %q", key, text, piece)
			}
		}
	}
	if len(got) != len(want) {
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		t.Errorf("export holds %d statuses, want %d: %v", len(got), len(want), keys)
	}
	agenda := map[string]string{}
	for _, a := range nb.Agenda {
		agenda[a.MessageID] = a.Manager + ":" + a.Report + " " + a.From + " " + a.Category + " " + a.State + " " + a.Text
	}
	wantAgenda := map[string]string{
		"<agenda-growth-1@corp.example>":    "carol@corp.example:alice@corp.example alice@corp.example growth open I'd like to submit a talk about the IMAP sync next spring.",
		"<agenda-fwd-1@corp.example>":       "carol@corp.example:alice@corp.example alice@corp.example feedback done Hi Alice,\n\nThe proposal is solid but the rollout plan needs a fallback for the EU region.",
		"<agenda-help-1@corp.example>":      "carol@corp.example:alice@corp.example alice@corp.example help open I still have no access to the staging database.",
		"<agenda-carol-ken-1@corp.example>": "carol@corp.example:ken@corp.example carol@corp.example growth open Let's plan your conference budget for next year.",
	}
	for id, w := range wantAgenda {
		if agenda[id] != w {
			t.Errorf("export agenda %s = %q, want %q", id, agenda[id], w)
		}
	}
	if len(agenda) != len(wantAgenda) {
		t.Errorf("export holds %d agenda items, want %d: %v", len(agenda), len(wantAgenda), agenda)
	}
	wantNotes := []struct{ from, at, text string }{
		{carol.email, "2026-10-26T16:30:00Z", "Could you bring the migration plan?"},
		{alice.email, "2026-10-26T17:30:00Z", "Yes, I will bring it."},
	}
	if len(nb.Notes) != len(wantNotes) {
		t.Errorf("export notes = %+v, want %+v", nb.Notes, wantNotes)
		return
	}
	for i, w := range wantNotes {
		n := nb.Notes[i]
		// A note is dated by the clock of the serve that filed it, which
		// started at the instant and ran for a few seconds.
		at, _ := time.Parse(time.RFC3339, w.at)
		date, err := time.Parse(time.RFC3339, n.Date)
		if n.Manager != carol.email || n.Report != alice.email || n.From != w.from || n.Text != w.text ||
			err != nil || date.Before(at) || date.After(at.Add(time.Minute)) {
			t.Errorf("export note %d = %+v, want from %s at %s: %q", i, n, w.from, w.at, w.text)
		}
	}
}

// checkMailbox: every message was read once and moved to its folder; the
// out-of-office was rejected with its reason, and nothing else.
func (s *sim) checkMailbox() {
	t := s.t
	counts := s.folderCounts()
	want := map[string]int{inbox: 0, processed: s.appended - 1, rejected: 1}
	for f, n := range want {
		if counts[f] != n {
			t.Errorf("folder %s holds %d, want %d (all: %v)", f, counts[f], n, counts)
		}
	}
	if n := s.count(`SELECT count(*) FROM messages`); n != s.appended {
		t.Errorf("%d messages recorded, want %d", n, s.appended)
	}
	var outcome, reason string
	if err := s.sqlDB().QueryRow(`SELECT outcome, reason FROM messages WHERE message_key = '<erin-ooo-1103@corp.example>'`).Scan(&outcome, &reason); err != nil ||
		outcome != "rejected" || !strings.Contains(reason, "auto-repl") {
		t.Errorf("Erin's out-of-office: %s (%q) %v; want rejected as an auto-reply", outcome, reason, err)
	}
	// It came to her status address with her token: it set her away from
	// that Tuesday until the Friday it names, and says so.
	if !strings.Contains(reason, "sets erin@corp.example away Tue 3 Nov – Fri 6 Nov") {
		t.Errorf("Erin's out-of-office reason %q, want it to set her away Tue 3 Nov – Fri 6 Nov", reason)
	}
	if n := s.count(`SELECT count(*) FROM away_set WHERE from_day = '2026-11-03' AND to_day = '2026-11-06' AND source = 'out-of-office'`); n != 1 {
		t.Errorf("%d out-of-office ranges 3–6 Nov recorded for Erin, want 1", n)
	}
	if n := s.count(`SELECT count(*) FROM messages WHERE outcome <> 'filed'`); n != 1 {
		t.Errorf("%d messages not filed, want only the out-of-office", n)
	}
	if n := s.count(`SELECT count(*) FROM outbox WHERE kind = 'help'`); n != 0 {
		t.Errorf("%d help replies queued, want none", n)
	}
}
