package main

import (
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// scheduleConfig: Carol in Berlin manages Alice in New York and Ken in
// Tokyo; Ken is away 3–4 Nov; 5 Nov is a holiday.
func scheduleConfig(t *testing.T, relay string) string {
	t.Helper()
	cfg := fmt.Sprintf(`mailbox:
  imap: 127.0.0.1:1
  security: none
  username: preread@corp.example
  address: preread@corp.example
smtp:
  relay: %s
  security: none
  from: "preread <preread@corp.example>"
defaults:
  timezone: Europe/Berlin
holidays: [2026-11-05]
people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: alice@corp.example
    name: Alice Liddell
    timezone: America/New_York
  - email: ken@corp.example
    name: Ken Sato
    timezone: Asia/Tokyo
    away: ["2026-11-03..2026-11-04"]
teams:
  - name: Platform
    manager: carol@corp.example
    members: [alice@corp.example, ken@corp.example]
pairs:
  - manager: carol@corp.example
    report: alice@corp.example
    meets: weekly tue 10:00
`, relay)
	file := filepath.Join(t.TempDir(), "preread.yaml")
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// sent lists what the relay received, as "KIND to DATE" lines: the subject's
// first word and the Date header in UTC.
func sent(t *testing.T, smtp *mailtest.SMTPServer, subjectPrefix string) []string {
	t.Helper()
	var out []string
	for _, m := range smtp.Messages() {
		msg, err := mail.ReadMessage(strings.NewReader(string(m.Data)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(msg.Header.Get("Subject"), subjectPrefix) {
			continue
		}
		date, err := msg.Header.Date()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join(m.To, ",")+" "+date.UTC().Format("Mon 02 15:04"))
	}
	slices.Sort(out)
	return out
}

func runAt(t *testing.T, file, what string, at time.Time) string {
	t.Helper()
	code, out, errOut := cliWithEnv(t, nil, "run", what, "--config", file, "--at", at.Format(time.RFC3339))
	if code != 0 {
		t.Fatalf("run %s --at %s = %d: %s", what, at.Format(time.RFC3339), code, errOut)
	}
	return out
}

func TestPromptsAtLocalTimesAcrossDST(t *testing.T) {
	smtp := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	file := scheduleConfig(t, smtp.Addr())
	// Every hour from Thu 29 Oct to Fri 6 Nov 2026: New York leaves DST on 1 Nov.
	start := time.Date(2026, 10, 29, 0, 0, 0, 0, time.UTC)
	for h := range 8*24 + 9 { // to Fri 6 Nov 08:00 UTC
		runAt(t, file, "prompts", start.Add(time.Duration(h)*time.Hour))
	}
	got := sent(t, smtp, "[STATUS]")
	want := []string{
		// Alice: 09:00 EDT = 13:00 UTC, then 09:00 EST = 14:00 UTC; no weekend, no holiday.
		// The first run, Wed 20:00 in New York, catches up her Wednesday prompt.
		"alice@corp.example Thu 29 00:00", "alice@corp.example Fri 30 13:00", "alice@corp.example Mon 02 14:00", "alice@corp.example Thu 29 13:00",
		"alice@corp.example Tue 03 14:00", "alice@corp.example Wed 04 14:00",
		// Carol manages the team but is not a member: no prompts.
		// Ken: 09:00 JST = 00:00 UTC the same day; away 3-4 Nov.
		"ken@corp.example Fri 30 00:00", "ken@corp.example Mon 02 00:00", "ken@corp.example Thu 29 00:00",
		// Friday 6 Nov: Ken's morning falls inside the window.
		"ken@corp.example Fri 06 00:00",
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("prompts sent:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if welcomes := sent(t, smtp, "Welcome"); len(welcomes) != 3 {
		t.Errorf("welcomes = %v, want one each", welcomes)
	}
}

func TestRunTwiceSendsNothingTwice(t *testing.T) {
	smtp := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	file := scheduleConfig(t, smtp.Addr())
	at := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC) // Monday: Ken's prompt is due
	first := runAt(t, file, "prompts", at)
	second := runAt(t, file, "prompts", at)
	if !strings.Contains(first, "4 queued, 4 sent") || !strings.Contains(second, "0 queued, 0 sent") {
		t.Errorf("first run: %q, second: %q; want 3 welcomes and Ken's prompt, then nothing", first, second)
	}
	if n := len(smtp.Messages()); n != 4 {
		t.Errorf("relay got %d emails, want 4", n)
	}
}

func TestDownForADaySendsOnlyWhatIsStillUseful(t *testing.T) {
	smtp := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	file := scheduleConfig(t, smtp.Addr())
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// Monday 2 Nov runs normally up to the digest; then preread is down
	// from Monday noon to Wednesday 08:00 Berlin.
	for _, what := range allDue {
		runAt(t, file, what, time.Date(2026, 11, 2, 11, 30, 0, 0, berlin))
	}
	smtp.Reset()
	back := time.Date(2026, 11, 4, 9, 30, 0, 0, berlin)
	for _, what := range allDue {
		runAt(t, file, what, back)
	}
	// Later that Wednesday, Alice's own morning comes.
	for _, what := range allDue {
		runAt(t, file, what, time.Date(2026, 11, 4, 15, 0, 0, 0, berlin))
	}
	var got []string
	for _, m := range smtp.Messages() {
		msg, _ := mail.ReadMessage(strings.NewReader(string(m.Data)))
		got = append(got, strings.Join(m.To, ",")+": "+msg.Header.Get("Subject"))
	}
	slices.Sort(got)
	// Tuesday's prompts and digest, and the pre-read for Tuesday's 1:1 (due
	// Monday 16:00), are no longer useful: at 09:30 nothing goes (Ken is
	// away; it is 03:30 in New York); at 15:00 Alice's Wednesday prompt
	// does. Wednesday's digest (due 11:00) does not: nobody was asked for it
	// (Ken is away, Alice's Tuesday prompt was missed), and a digest saying
	// "no updates yet" to everyone is noise.
	want := []string{
		"alice@corp.example: [STATUS] What are you working on? (Wed 4 Nov)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("sent after the downtime:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMissedEmailsSentWhileStillUseful(t *testing.T) {
	smtp := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	file := scheduleConfig(t, smtp.Addr())
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// Down all Monday: Tuesday 09:59 Berlin, a minute before the 1:1, the
	// pre-read due Monday 16:00 still goes; the digest of Monday does not.
	runAt(t, file, "digest", time.Date(2026, 11, 3, 9, 59, 0, 0, berlin))
	runAt(t, file, "preread", time.Date(2026, 11, 3, 9, 59, 0, 0, berlin))
	if got := sent(t, smtp, "1:1 with Alice"); len(got) != 1 || !strings.HasPrefix(got[0], "carol@corp.example Tue 03 08:59") {
		t.Errorf("pre-reads = %v, want Carol's, sent at 08:59 UTC", got)
	}
	if got := sent(t, smtp, "[Platform]"); len(got) != 0 {
		t.Errorf("digests = %v, want none: Monday's is over and Tuesday's is due at 11:00", got)
	}
	// Tuesday's digest is due at 11:00, but nobody was asked for it (Ken is
	// away, Alice's Monday prompt was missed): none, even at 23:59.
	runAt(t, file, "digest", time.Date(2026, 11, 3, 23, 59, 0, 0, berlin))
	if got := sent(t, smtp, "[Platform]"); len(got) != 0 {
		t.Errorf("digests = %v, want none: nobody was prompted for Tuesday's", got)
	}
	// Ken is asked on Friday (Thursday is a holiday): Friday's digest is due
	// at 11:00 and still useful at 23:59.
	runAt(t, file, "prompts", time.Date(2026, 11, 6, 1, 30, 0, 0, berlin))
	runAt(t, file, "digest", time.Date(2026, 11, 6, 23, 59, 0, 0, berlin))
	if got := sent(t, smtp, "[Platform]"); len(got) != 3 {
		t.Errorf("digests = %v, want Friday's to Carol, Alice and Ken", got)
	}
	// After the meeting started, its pre-read is never sent again.
	runAt(t, file, "preread", time.Date(2026, 11, 3, 10, 0, 0, 0, berlin))
	if got := sent(t, smtp, "1:1 with Alice"); len(got) != 1 {
		t.Errorf("pre-reads = %v, want still one", got)
	}
}

// A relay's answer is shown in `preread outbox` and after a retry; one that
// carries escape sequences is shown without them. A retry the relay refuses
// again, and a run whose every email the relay deferred, exit 1 and say so.
func TestOutboxListsParkedMailAndRetries(t *testing.T) {
	smtp := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	smtp.SetFault(func(mailtest.Message, int) error {
		return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "user \x1b[8munknown\x1b]0;pwned\x07"}
	})
	file := scheduleConfig(t, smtp.Addr())
	at := time.Date(2026, 11, 7, 12, 0, 0, 0, time.UTC) // a Saturday: only the three welcomes
	run := func(at time.Time) (int, string, string) {
		return cliWithEnv(t, nil, "run", "prompts", "--config", file, "--at", at.Format(time.RFC3339))
	}
	// A 550 is tried three times before the email is parked: the first two
	// runs defer all three welcomes, the third parks them.
	for i, want := range []string{"3 queued, 0 sent, 3 deferred, 0 parked", "0 queued, 0 sent, 3 deferred, 0 parked", "0 queued, 0 sent, 0 deferred, 3 parked"} {
		code, out, errOut := run(at.Add(time.Duration(i) * time.Hour))
		if code != 1 || !strings.Contains(out, want) || !strings.Contains(errOut, "preread run: no email went out") {
			t.Fatalf("run %d = %d, %q, %q; want 1, %q and why on stderr", i+1, code, out, errOut, want)
		}
	}
	code, out, errOut := cliWithEnv(t, nil, "outbox", "--config", file)
	if code != 0 || strings.Count(out, "550 5.1.1 user unknown") != 3 || strings.ContainsAny(out, "\x1b\x07") {
		t.Fatalf("outbox = %d\n%q%s\nwant three parked welcomes with the relay's answer, cleaned", code, out, errOut)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	code, out, errOut = cliWithEnv(t, nil, "outbox", "--config", file, "retry", id)
	if code != 1 || !strings.Contains(out, "0 sent, 0 deferred, 1 parked") ||
		!strings.Contains(errOut, "email "+id+" was not sent: parked again as failed (550 5.1.1 user unknown") || strings.ContainsAny(errOut, "\x1b\x07") {
		t.Errorf("outbox retry (refused again) = %d, %q, %q; want 1 and why", code, out, errOut)
	}
	// Once the relay takes mail again, a retry and a run exit 0.
	smtp.SetFault(nil)
	if code, out, errOut := cliWithEnv(t, nil, "outbox", "--config", file, "retry", id); code != 0 || !strings.Contains(out, "1 sent") {
		t.Errorf("outbox retry = %d, %q, %q; want 0 and sent", code, out, errOut)
	}
	if code, out, errOut := run(time.Date(2026, 11, 9, 9, 30, 0, 0, time.UTC)); code != 0 || !strings.Contains(out, "1 queued, 1 sent") {
		t.Errorf("run (Ken's Monday prompt) = %d, %q, %q; want 0 and sent", code, out, errOut)
	}
	if code, _, errOut := cliWithEnv(t, nil, "outbox", "--config", file, "retry", "99999"); code != 1 || !strings.Contains(errOut, "no failed email") {
		t.Errorf("retry of an unknown ID = %d, %q", code, errOut)
	}
}

func TestRotateToken(t *testing.T) {
	smtp := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	file := scheduleConfig(t, smtp.Addr())
	runAt(t, file, "prompts", time.Date(2026, 11, 7, 12, 0, 0, 0, time.UTC)) // creates the database
	ctx := t.Context()
	dbFile := filepath.Join(filepath.Dir(file), "preread.db")
	token := func() string { return storetest.Token(t, dbFile, "alice@corp.example") }
	old := token()
	code, out, errOut := cliWithEnv(t, nil, "rotate-token", "--config", file, "Alice@corp.example")
	if code != 0 || !strings.Contains(out, "was told their new addresses") {
		t.Fatalf("rotate-token = %d, %q, %q", code, out, errOut)
	}
	fresh := token()
	var notice string
	for _, m := range smtp.Messages() {
		if strings.Contains(string(m.Data), "Your preread addresses have changed") {
			notice = string(m.Data)
		}
	}
	if fresh == old || !strings.Contains(notice, "preread+status."+fresh+"@corp.example") || strings.Contains(notice, old) {
		t.Errorf("token %s -> %s; notice:\n%s\nwant the new addresses only", old, fresh, notice)
	}
	db := storetest.OpenAt(t, dbFile, store.Options{})
	if owner, current, err := db.TokenOwner(ctx, old); err != nil || owner != "alice@corp.example" || current {
		t.Errorf("old token: %s current=%v %v; want revoked", owner, current, err)
	}
	if code, _, errOut := cliWithEnv(t, nil, "rotate-token", "--config", file, "nobody@corp.example"); code != 1 || !strings.Contains(errOut, "not in people") {
		t.Errorf("rotate-token of a stranger = %d, %q", code, errOut)
	}
}
