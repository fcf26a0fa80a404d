package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"
	"github.com/preread/preread/internal/mailtest"
)

// monday0930 is the serve clock of the fault tests: Monday 2 Nov 2026,
// 09:30 UTC. The prompts of people in Berlin (09:00 there, 08:00 UTC) are
// due; those of people in New York (14:00 UTC) are not, nor is the team's
// digest (11:00 in Berlin, 10:00 UTC).
var monday0930 = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

// crowd is a directory of n people, p000@corp.example…, all on one team
// that p000 manages; those for whom inBerlin says so live in Berlin, the
// others in New York.
func crowd(n int, inBerlin func(i int) bool) (directory string, people []string) {
	var b strings.Builder
	b.WriteString("defaults:\n  timezone: Europe/Berlin\npeople:\n")
	for i := range n {
		email := fmt.Sprintf("p%03d@corp.example", i)
		people = append(people, email)
		fmt.Fprintf(&b, "  - email: %s\n    name: Person %03d\n", email, i)
		if !inBerlin(i) {
			b.WriteString("    timezone: America/New_York\n")
		}
	}
	fmt.Fprintf(&b, "teams:\n  - name: Crowd\n    manager: %s\n    members: [%s]\n", people[0], strings.Join(people, ", "))
	return b.String(), people
}

// statusMsg is a status reply written to the person's status address.
func statusMsg(from, token, id string, at time.Time, text string) []byte {
	return msg([]string{"From: " + from, "To: " + statusAddr(token), "Subject: Re: [STATUS] What are you working on? (Mon 2 Nov)",
		"Message-ID: " + id, "Date: " + rfc5322(at)}, text)
}

// dueAtMonday0930 are the outbox keys a crowd is owed at monday0930: a
// welcome each, and the prompt of everyone in Berlin.
func dueAtMonday0930(people []string, inBerlin func(int) bool) map[string]bool {
	want := map[string]bool{}
	for i, p := range people {
		want["welcome "+p+" welcome"] = true
		if inBerlin(i) {
			want["prompt "+p+" 2026-11-02"] = true
		}
	}
	return want
}

// checkSentOnce: exactly the due emails went out, each under one
// Message-ID; it returns how many deliveries were repeats.
func (w *world) checkSentOnce(people []string, want map[string]bool) int {
	w.t.Helper()
	byKey, repeats := w.checkDeliveries(people)
	for key := range byKey {
		if !want[key] {
			w.t.Errorf("sent %s, which was not due", key)
		}
	}
	missing := 0
	for key := range want {
		if byKey[key] == nil {
			missing++
			if missing <= 10 {
				w.t.Errorf("never sent: %s", key)
			}
		}
	}
	if missing > 0 {
		w.t.Errorf("%d of %d due emails never sent", missing, len(want))
	}
	return repeats
}

// checkFiled: the messages table holds each message once with the wanted
// outcomes, the export holds exactly the valid statuses, and the folders
// hold every message once, the inbox none.
func (w *world) checkFiled(valid map[string]bool, outcomes map[string]int) {
	w.t.Helper()
	t := w.t
	total := 0
	for _, n := range outcomes {
		total += n
	}
	if n, distinct := w.count(`SELECT count(*) FROM messages`), w.count(`SELECT count(DISTINCT message_key) FROM messages`); n != total || distinct != total {
		t.Errorf("messages table: %d rows, %d keys; want %d of each", n, distinct, total)
	}
	for outcome, n := range outcomes {
		if got := w.count(`SELECT count(*) FROM messages WHERE outcome = ?`, outcome); got != n {
			t.Errorf("%d messages %s, want %d", got, outcome, n)
		}
	}
	if n := w.count(`SELECT count(*) FROM messages WHERE outcome <> 'filed' AND reason = ''`); n != 0 {
		t.Errorf("%d messages not filed without a reason", n)
	}
	var nb exported
	out := w.must("export", "--format", "json")
	if err := json.Unmarshal([]byte(out), &nb); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	seen := map[string]int{}
	for _, s := range nb.Status {
		seen[s.MessageID]++
		if !valid[s.MessageID] {
			t.Errorf("export holds a status from %s (%s), which is not a valid status reply", s.MessageID, s.Person)
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("status %s exported %d times", id, n)
		}
	}
	if len(nb.Status) != len(valid) || len(seen) != len(valid) {
		t.Errorf("export holds %d statuses (%d distinct), want %d", len(nb.Status), len(seen), len(valid))
	}
	counts := w.folderCounts()
	want := map[string]int{inbox: 0, processed: outcomes["filed"] + outcomes["ignored"], rejected: outcomes["rejected"], failed: outcomes["failed"]}
	for f, n := range want {
		if counts[f] != n {
			t.Errorf("folder %s holds %d, want %d (all: %v)", f, counts[f], n, counts)
		}
	}
}

// quiet waits until the serve has read every delivered message, moved it,
// and sent everything due.
func (w *world) quiet(p *serveProc, delivered int, timeout time.Duration) {
	w.t.Helper()
	p.ready()
	waitUntil(w.t, fmt.Sprintf("%s files %d messages and sends what is due", p.name, delivered), timeout, func() bool {
		p.alive()
		return w.count(`SELECT count(*) FROM messages`) == delivered &&
			w.count(`SELECT count(*) FROM messages WHERE moved_at IS NULL`) == 0 &&
			w.count(`SELECT count(*) FROM outbox WHERE state = 'pending'`) == 0 &&
			w.inboxCount() == 0
	})
}

// TestServeSurvivesKills kills `preread serve` with SIGKILL at random
// moments while 1,000 messages arrive and 300 emails are due, restarting it
// each time; a last clean run must leave every message filed once and
// every email sent once.
func TestServeSurvivesKills(t *testing.T) {
	t.Parallel()
	inBerlin := func(i int) bool { return i%2 == 0 }
	directory, people := crowd(200, inBerlin)
	w := newWorld(t, directory)
	w.must("outbox") // the database and everyone's token
	tokens := w.tokens(people...)

	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))    // kill times
	pauses := rand.New(rand.NewPCG(seed, 2)) // delivery pauses, in their own goroutine

	// 1,000 messages: 830 status replies, 150 rejected (strangers, someone
	// else's token, auto-replies) and 20 without a From (failed).
	var msgs [][]byte
	valid := map[string]bool{}
	for i := range 1000 {
		from := people[i%len(people)]
		other := people[(i+1)%len(people)]
		at := monday0930.Add(-time.Duration(1000-i) * time.Second)
		id := fmt.Sprintf("<kill-%04d@corp.example>", i)
		switch {
		case i%20 == 0:
			msgs = append(msgs, statusMsg("Mallory <mallory@evil.example>", tokens[from], id, at, "Today: phishing"))
		case i%20 == 1:
			msgs = append(msgs, statusMsg(from, tokens[other], id, at, "Today: someone else's token"))
		case i%20 == 2:
			// To the bare address: an out-of-office that shows whose it is
			// (a token) would set its author away, and the prompts due
			// here are everyone's.
			msgs = append(msgs, msg([]string{"From: " + from, "To: preread@corp.example", "Subject: Automatic reply: [STATUS] What are you working on?",
				"Auto-Submitted: auto-replied", "Message-ID: " + id, "Date: " + rfc5322(at)}, "I am out of the office."))
		case i%50 == 3:
			msgs = append(msgs, msg([]string{"To: " + statusAddr(tokens[from]), "Subject: no sender", "Date: " + rfc5322(at)},
				fmt.Sprintf("Who wrote this? %d", i)))
		default:
			valid[id] = true
			msgs = append(msgs, statusMsg(from, tokens[from], id, at, fmt.Sprintf("Yesterday: task %d\nToday: task %d\nBlockers: none", i, i+1)))
		}
	}

	// A relay that takes a few milliseconds per email, so that sending
	// the 300 takes a few seconds and kills land in the middle of it.
	w.smtp.SetFault(func(mailtest.Message, int) error {
		time.Sleep(5 * time.Millisecond)
		return nil
	})

	// Deliver in 20 chunks of 50 while serve runs and dies.
	var wg sync.WaitGroup
	delivering := make(chan struct{})
	wg.Go(func() {
		defer close(delivering)
		for chunk := 0; chunk < len(msgs); chunk += 50 {
			if err := w.tryDeliver(msgs[chunk : chunk+50]...); err != nil {
				t.Errorf("deliver chunk %d: %v", chunk/50, err)
				return
			}
			time.Sleep(time.Duration(200+pauses.IntN(1000)) * time.Millisecond)
		}
	})
	kills := 0
	began := time.Now()
	for kills < 24 || !closed(delivering) {
		if time.Since(began) > 3*time.Minute {
			t.Fatalf("still killing after 3 minutes (%d kills)", kills)
		}
		p := w.serve(monday0930, time.Second)
		time.Sleep(time.Duration(50+rng.IntN(1500)) * time.Millisecond)
		if p.exited() {
			t.Fatalf("%s exited on its own before the kill (%v):\n%s", p.name, p.err, tail(p.log.String(), 40))
		}
		p.kill()
		kills++
		if kills%6 == 0 {
			t.Logf("%d kills; %d messages recorded, %d emails accepted so far", kills, w.count(`SELECT count(*) FROM messages`), len(w.smtp.Messages()))
		}
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	t.Logf("%d kills in %s; %d messages recorded and %d emails accepted before the last run", kills, time.Since(began).Round(time.Second),
		w.count(`SELECT count(*) FROM messages`), len(w.smtp.Messages()))

	// A sender holds the emails it took for ten minutes (store.claimFor),
	// so that a second sender skips them; the emails a killed one held are
	// due again when that lapses. Every restart above began at 09:30 again;
	// the last one begins a quarter of an hour later, still before the
	// team's digest, while the prompts are due.
	t.Logf("%d emails pending before the last run, %d of them held by a killed sender's claim",
		w.count(`SELECT count(*) FROM outbox WHERE state = 'pending'`),
		w.count(`SELECT count(*) FROM outbox WHERE state = 'pending' AND next_attempt_at > ?`, "2026-11-02T09:31:00.000Z"))
	p := w.serve(monday0930.Add(15*time.Minute), time.Second)
	w.quiet(p, len(msgs), 2*time.Minute)
	p.stop()

	w.checkFiled(valid, map[string]int{"filed": len(valid), "rejected": 150, "failed": 20})
	want := dueAtMonday0930(people, inBerlin)
	repeats := w.checkSentOnce(people, want)
	if repeats > kills {
		t.Errorf("%d repeated deliveries after %d kills: at most the one email in flight may be resent per crash", repeats, kills)
	}
	t.Logf("%d emails due, %d deliveries, %d of them repeats of an email in flight at a kill", len(want), len(w.smtp.Messages()), repeats)
}

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// TestMailboxRestartAndRelayOutage: while serve runs, Dovecot restarts and
// the relay answers 451 for a while. Nothing is lost: every message is
// filed once, every due email sent once.
func TestMailboxRestartAndRelayOutage(t *testing.T) {
	t.Parallel()
	inBerlin := func(int) bool { return true }
	directory, people := crowd(20, inBerlin)
	w := newWorld(t, directory)
	w.must("outbox")
	tokens := w.tokens(people...)
	refused := 0
	var mu sync.Mutex
	w.smtp.SetFault(func(mailtest.Message, int) error {
		mu.Lock()
		refused++
		mu.Unlock()
		return &gosmtp.SMTPError{Code: 451, EnhancedCode: gosmtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	})
	valid := map[string]bool{}
	batch := func(from, to int) [][]byte {
		var out [][]byte
		for i := from; i < to; i++ {
			id := fmt.Sprintf("<outage-%03d@corp.example>", i)
			valid[id] = true
			p := people[i%len(people)]
			out = append(out, statusMsg(p, tokens[p], id, monday0930.Add(-time.Duration(100-i)*time.Second), fmt.Sprintf("Today: task %d", i)))
		}
		return out
	}
	began := time.Now()
	p := w.serve(monday0930, time.Second)
	w.deliver(batch(0, 50)...)
	waitUntil(t, "the first 50 messages filed", time.Minute, func() bool {
		p.alive()
		return w.count(`SELECT count(*) FROM messages`) == 50
	})
	mu.Lock()
	t.Logf("first 50 filed; the relay refused %d emails so far", refused)
	mu.Unlock()

	w.imap.Restart(t)
	t.Logf("dovecot restarted")
	w.deliver(batch(50, 100)...)
	waitUntil(t, "all 100 messages filed after the restart", time.Minute, func() bool {
		p.alive()
		return w.count(`SELECT count(*) FROM messages`) == 100
	})
	if len(w.smtp.Messages()) != 0 {
		t.Fatalf("the relay accepted %d emails while refusing all", len(w.smtp.Messages()))
	}
	w.smtp.SetFault(nil)
	t.Logf("relay accepting again after %s", time.Since(began).Round(time.Second))
	want := dueAtMonday0930(people, inBerlin)
	// The first retry comes a minute (less jitter) after the first refusal.
	w.quiet(p, 100, 3*time.Minute)
	p.stop()
	t.Logf("all sent %s after the start", time.Since(began).Round(time.Second))

	w.checkFiled(valid, map[string]int{"filed": 100})
	if repeats := w.checkSentOnce(people, want); repeats != 0 {
		t.Errorf("%d emails delivered twice, want none (nothing crashed)", repeats)
	}
	if refused < len(want) {
		t.Errorf("the relay refused %d times; want each of the %d emails refused at least once", refused, len(want))
	}
}

// TestHugeMessageAndAutoReplyFlood: a 25 MB message keeps its text (its
// text parts are fetched alone; of the rest, at most the size limit is
// downloaded), and 1,000 machine replies are neither
// filed nor answered: each lands in the Rejected folder with a reason
// (the authenticated out-of-office replies set their authors away), and
// good mail after them is filed.
func TestHugeMessageAndAutoReplyFlood(t *testing.T) {
	t.Parallel()
	inBerlin := func(int) bool { return true }
	directory, people := crowd(5, inBerlin)
	w := newWorld(t, directory)
	w.must("outbox")
	tokens := w.tokens(people...)
	want := dueAtMonday0930(people, inBerlin)
	p := w.serve(monday0930, time.Second)
	w.smtp.WaitFor(t, len(want), time.Minute)
	prompts := map[string]sentMail{}
	for _, m := range w.sentMails() {
		if strings.HasPrefix(m.Subject, "[STATUS]") {
			prompts[m.To[0]] = m
		}
	}

	// 25 MB: a status reply from p000 with a large attachment.
	attachment := base64.StdEncoding.EncodeToString(make([]byte, 18<<20))
	var body strings.Builder
	body.WriteString("--huge\nContent-Type: text/plain\n\nToday: see the attached trace\n--huge\nContent-Type: application/octet-stream\n" +
		"Content-Disposition: attachment; filename=trace.bin\nContent-Transfer-Encoding: base64\n\n")
	for i := 0; i < len(attachment); i += 76 {
		body.WriteString(attachment[i:min(i+76, len(attachment))] + "\n")
	}
	body.WriteString("--huge--\n")
	huge := msg([]string{"From: " + people[0], "To: " + statusAddr(tokens[people[0]]), "Subject: Re: [STATUS] with a trace",
		"Message-ID: <huge-1@corp.example>", "Date: " + rfc5322(monday0930.Add(-time.Minute)),
		"Content-Type: multipart/mixed; boundary=huge"}, body.String())
	if len(huge) < 25_000_000 {
		t.Fatalf("the huge message is %d bytes, want 25 MB", len(huge))
	}
	w.deliver(huge)

	// 1,000 machine replies, most to the prompts, from people in the
	// directory (with their own tokens) and from strangers.
	var flood [][]byte
	for i := range 1000 {
		who := people[i%len(people)]
		prompt := prompts[who]
		id := fmt.Sprintf("<flood-%04d@corp.example>", i)
		at := rfc5322(monday0930.Add(-time.Duration(1000-i) * time.Second))
		var h []string
		switch i % 5 {
		case 0, 1: // Exchange/Gmail out-of-office, threaded to the prompt
			h = []string{"From: " + who, "To: " + prompt.ReplyTo, "Subject: Automatic reply: " + prompt.Subject,
				"Auto-Submitted: auto-replied", "In-Reply-To: " + prompt.MessageID}
		case 2: // a vacation responder that only says so in vendor headers
			h = []string{"From: " + who, "To: " + statusAddr(tokens[who]), "Subject: Out of office: back on Monday",
				"X-Autoreply: yes"}
		case 3: // a stranger's out-of-office
			h = []string{fmt.Sprintf("From: someone%d@elsewhere.example", i), "To: " + prompt.ReplyTo,
				"Subject: Out of Office: " + prompt.Subject, "Auto-Submitted: auto-replied"}
		case 4: // a bounce
			h = []string{"From: MAILER-DAEMON@corp.example", "To: preread@corp.example", "Return-Path: <>",
				"Subject: Undelivered Mail Returned to Sender"}
		}
		flood = append(flood, msg(append(h, "Message-ID: "+id, "Date: "+at), "I am away until Monday. Today: nothing."))
	}
	for i := 0; i < len(flood); i += 100 {
		w.deliver(flood[i : i+100]...)
	}
	valid := map[string]bool{"<huge-1@corp.example>": true}
	var good [][]byte
	for i, who := range people {
		id := fmt.Sprintf("<after-flood-%d@corp.example>", i)
		valid[id] = true
		good = append(good, statusMsg(who, tokens[who], id, monday0930.Add(time.Duration(i)*time.Second), fmt.Sprintf("Today: after the flood %d", i)))
	}
	w.deliver(good...)
	w.quiet(p, 1+len(flood)+len(good), 2*time.Minute)
	p.stop()

	w.checkFiled(valid, map[string]int{"filed": len(good) + 1, "rejected": len(flood)})
	var text string
	if err := w.sqlDB().QueryRow(`SELECT text FROM status_entries WHERE message_key = '<huge-1@corp.example>'`).Scan(&text); err != nil ||
		text != "Today: see the attached trace" {
		t.Errorf("the 25 MB message: status %q, %v; want its text filed without the attachment", text, err)
	}
	var reason string
	rows, err := w.sqlDB().Query(`SELECT reason, count(*) FROM messages WHERE outcome = 'rejected' GROUP BY reason`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		if err := rows.Scan(&reason, &n); err != nil {
			t.Fatal(err)
		}
		t.Logf("rejected %4d: %s", n, reason)
		if !strings.Contains(reason, "auto") && !strings.Contains(reason, "bounce") {
			t.Errorf("%d machine replies rejected for %q, want them recognised as auto-replies or bounces", n, reason)
		}
	}
	if repeats := w.checkSentOnce(people, want); repeats != 0 {
		t.Errorf("%d emails delivered twice", repeats)
	}
	for _, m := range w.sentMails() {
		if m.InReplyTo != "" {
			t.Errorf("%s to %v answers %s: nothing may answer machine mail", m.MessageID, m.To, m.InReplyTo)
		}
	}
}
