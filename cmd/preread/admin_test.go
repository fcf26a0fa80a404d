package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"
	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
)

// cliStdin runs a command line with stdin as the terminal's input.
func cliStdin(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut strings.Builder
	env := &cliEnv{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code = runCLI(t.Context(), env, args)
	return code, out.String(), errOut.String()
}

// recordAt commits messages into the database beside the config file, as
// if read at the given instants.
func recordAt(t *testing.T, file string, at []time.Time, ps ...preread.Processed) {
	t.Helper()
	var now time.Time
	db, err := store.Open(t.Context(), filepath.Join(filepath.Dir(file), "preread.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, p := range ps {
		now = at[i]
		if err := db.Record(t.Context(), "INBOX", p); err != nil {
			t.Fatalf("Record(%s) = %v", p.Key, err)
		}
	}
}

// withoutKen rewrites the schedule config with Ken gone from people and
// from the team.
func withoutKen(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(string(b), "  - email: ken@corp.example\n    name: Ken Sato\n    timezone: Asia/Tokyo\n    away: [\"2026-11-03..2026-11-04\"]\n", "", 1)
	cfg = strings.Replace(cfg, "members: [alice@corp.example, ken@corp.example]", "members: [alice@corp.example]", 1)
	if cfg == string(b) || strings.Contains(cfg, "ken@") {
		t.Fatalf("could not take Ken out of:\n%s", b)
	}
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
}

func kenStatus(key string) preread.Processed {
	return preread.Processed{Key: key, Sender: "ken@corp.example", Outcome: preread.OutcomeFiled,
		Status: &preread.StatusEntry{Person: "ken@corp.example", Date: preread.Date{Year: 2026, Month: 11, Day: 24}, Text: "ken shipped"}}
}

func TestMailListsWhatWasRead(t *testing.T) {
	file := scheduleConfig(t, "127.0.0.1:1")
	if code, out, errOut := cliWithEnv(t, nil, "mail", "--config", file); code != 0 || out != "no mail recorded yet\n" {
		t.Fatalf("mail on a new database = %d, %q, %q", code, out, errOut)
	}
	now := time.Now()
	at := []time.Time{now.Add(-48 * time.Hour), now.Add(-2 * time.Hour), now.Add(-time.Hour)}
	recordAt(t, file, at,
		kenStatus("<ken@t>"),
		preread.Processed{Key: "<eve@t>", Sender: "Eve@Evil.example", Outcome: preread.OutcomeRejected,
			Reason: "unknown sender \x1b[31mEve\x1b[0m\r\nX-Injected: yes \u202egnp.exe"},
		preread.Processed{Key: "sha256:00ff", Outcome: preread.OutcomeFailed, Reason: "message too large"})

	code, out, errOut := cliWithEnv(t, nil, "mail", "--config", file)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != 4 {
		t.Fatalf("mail = %d\n%s%s\nwant a header and three messages", code, out, errOut)
	}
	wantRows := []string{
		`ID +WHEN +FROM +KIND +OUTCOME +FOLDER +REASON`,
		`3 +` + at[2].Local().Format(whenFormat) + ` +- +- +failed +preread/Failed +message too large`,
		`2 +` + at[1].Local().Format(whenFormat) + ` +Eve@Evil\.example +- +rejected +preread/Rejected +unknown sender Eve X-Injected: yes gnp\.exe`,
		`1 +` + at[0].Local().Format(whenFormat) + ` +ken@corp\.example +status +filed +preread/Processed`,
	}
	for i, l := range lines {
		if !regexp.MustCompile("^" + wantRows[i] + "$").MatchString(strings.TrimRight(l, " ")) {
			t.Errorf("mail line %d = %q, want %s", i, l, wantRows[i])
		}
		// Aligned: each outcome starts under the header's OUTCOME.
		if col := strings.Index(lines[0], "OUTCOME"); i > 0 && !strings.HasSuffix(strings.Fields(l[col:])[0], "ed") {
			t.Errorf("mail line %d: the outcome is not under OUTCOME: %q", i, l)
		}
	}

	filters := []struct {
		args []string
		want string // the first message's ID, or the whole output
	}{
		{[]string{"--outcome", "rejected"}, "2"},
		{[]string{"--from", "EVE@evil.example"}, "2"},
		{[]string{"--since", "24h", "--outcome", "failed"}, "3"},
		{[]string{"--since", "3d", "--from", "ken@corp.example"}, "1"},
		{[]string{"--since", "24h", "--from", "ken@corp.example"}, "no mail matches\n"},
		{[]string{"--since", now.AddDate(0, 0, 2).Format(time.DateOnly)}, "no mail matches\n"},
	}
	for _, f := range filters {
		code, out, errOut := cliWithEnv(t, nil, append([]string{"mail", "--config", file}, f.args...)...)
		lines := strings.Split(out, "\n")
		got := out
		if len(lines) == 3 { // a header, one message, and the end
			got = strings.Fields(lines[1])[0]
		}
		if code != 0 || got != f.want {
			t.Errorf("mail %v = %d\n%s%s\nwant %q", f.args, code, out, errOut, f.want)
		}
	}
	for _, bad := range [][]string{{"--outcome", "lost"}, {"--since", "yesterday"}, {"--since", "-3d"}, {"refile"}} {
		if code, _, errOut := cliWithEnv(t, nil, append([]string{"mail", "--config", file}, bad...)...); code != 2 || !strings.Contains(errOut, "preread mail --help") {
			t.Errorf("mail %v = %d, %q; want a usage error", bad, code, errOut)
		}
	}
}

func TestForgetAsksAndErases(t *testing.T) {
	file := scheduleConfig(t, "127.0.0.1:1")
	if code, _, errOut := cliWithEnv(t, nil, "mail", "--config", file); code != 0 { // creates the database
		t.Fatal(errOut)
	}
	now := time.Now()
	recordAt(t, file, []time.Time{now, now, now},
		kenStatus("<ken@t>"),
		preread.Processed{Key: "<ken-2@t>", Sender: "ken@corp.example", Outcome: preread.OutcomeRejected, Reason: "no token"},
		preread.Processed{Key: "<eve@t>", Sender: "eve@evil.example", Outcome: preread.OutcomeRejected, Reason: "unknown sender eve@evil.example"})

	code, _, errOut := cliStdin(t, "ken@corp.example\n", "forget", "--config", file, "ken@corp.example")
	if code != 1 || !strings.Contains(errOut, "ken@corp.example is still in the config") {
		t.Fatalf("forget of someone in the config = %d, %q; want refused", code, errOut)
	}
	withoutKen(t, file)
	prompt := "Erase all of ken@corp.example's data? This cannot be undone. Type the address to confirm: "
	for _, answer := range []string{"alice@corp.example\n", "", "ken\n"} {
		code, out, errOut := cliStdin(t, answer, "forget", "--config", file, "Ken@corp.example")
		if code != 1 || !strings.HasPrefix(errOut, prompt) || !strings.Contains(errOut, "not confirmed: nothing was erased") || out != "" {
			t.Errorf("forget answered %q = %d, %q, %q; want refused", answer, code, out, errOut)
		}
	}
	if _, out, _ := cliWithEnv(t, nil, "mail", "--config", file, "--from", "ken@corp.example"); strings.Count(out, "ken@corp.example") != 2 {
		t.Fatalf("after refused forgets, ken's mail =\n%s\nwant both messages", out)
	}

	code, out, errOut := cliStdin(t, " KEN@corp.example \n", "forget", "--config", file, "ken@corp.example")
	want := "erased ken@corp.example: 1 status entry, 0 agenda items, 0 notes, 0 action items, 0 meeting notes, 0 meetings, 1 token, 0 emails in the outbox, " +
		"2 message records reduced to a hash, their directory entry\n"
	if code != 0 || !strings.HasPrefix(errOut, prompt) || !strings.HasPrefix(out, want) || !strings.Contains(out, "preread/Rejected") {
		t.Fatalf("forget = %d\n%s%s\nwant\n%s", code, out, errOut, want)
	}
	_, out, _ = cliWithEnv(t, nil, "mail", "--config", file)
	if strings.Contains(out, "ken") || strings.Count(out, "(erased)") != 2 || !strings.Contains(out, "eve@evil.example") {
		t.Errorf("mail after forgetting ken =\n%s\nwant his two records erased, eve's kept", out)
	}
	if _, out, _ := cliWithEnv(t, nil, "export", "--config", file); strings.Contains(out, "ken") {
		t.Errorf("export after forgetting ken:\n%s", out)
	}

	code, out, errOut = cliWithEnv(t, nil, "forget", "--config", file, "--yes", "eve@evil.example")
	if code != 0 || !strings.HasPrefix(out, "erased eve@evil.example: 0 status entries, ") || !strings.Contains(out, "1 message record reduced") || errOut != "" {
		t.Errorf("forget --yes eve = %d, %q, %q; want her record erased without a prompt", code, out, errOut)
	}
	if code, out, _ := cliWithEnv(t, nil, "forget", "--config", file, "ken@corp.example", "--yes"); code != 0 || out != "nothing stored for ken@corp.example: nothing to erase\n" {
		t.Errorf("forget ken again = %d, %q", code, out)
	}
	if code, _, errOut := cliWithEnv(t, nil, "forget", "--config", file, "--yes", "--also", "alice@corp.example", "x@evil.example"); code != 1 || !strings.Contains(errOut, "alice@corp.example is still in the config") {
		t.Errorf("forget --also alice = %d, %q; want refused", code, errOut)
	}
	if code, _, errOut := cliWithEnv(t, nil, "forget", "--config", file, "--yes"); code != 2 {
		t.Errorf("forget with no address = %d, %q; want a usage error", code, errOut)
	}
}

func TestOutboxDropAndHistory(t *testing.T) {
	smtp := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	smtp.SetFault(func(mailtest.Message, int) error {
		return &gosmtp.SMTPError{Code: 451, EnhancedCode: gosmtp.EnhancedCode{4, 3, 0}, Message: "try later"}
	})
	file := scheduleConfig(t, smtp.Addr())
	saturday := time.Date(2026, 11, 7, 12, 0, 0, 0, time.UTC) // only the welcomes
	// Every email is deferred: run says so with exit status 1.
	if code, _, errOut := cliWithEnv(t, nil, "run", "prompts", "--config", file, "--at", saturday.Format(time.RFC3339)); code != 1 || !strings.Contains(errOut, "3 deferred") {
		t.Fatalf("run prompts with the relay deferring = %d, %q; want 1 and the count", code, errOut)
	}
	_, out, _ := cliWithEnv(t, nil, "outbox", "--config", file)
	ids := map[string]string{} // by recipient
	for _, l := range strings.Split(out, "\n")[1:] {
		if f := strings.Fields(l); len(f) > 3 {
			ids[f[3]] = f[0]
		}
	}
	alice, carol := ids["alice@corp.example"], ids["carol@corp.example"]
	if len(ids) != 3 || alice == "" {
		t.Fatalf("outbox =\n%s\nwant three welcomes waiting", out)
	}

	if code, out, errOut := cliWithEnv(t, nil, "outbox", "drop", alice, "--config", file); code != 0 || out != "email "+alice+" dropped: it will not be sent\n" {
		t.Fatalf("outbox drop %s = %d, %q, %q", alice, code, out, errOut)
	}
	withoutKen(t, file) // his welcome is dropped at the next start
	smtp.SetFault(nil)
	runAt(t, file, "prompts", saturday.Add(2*time.Hour))
	if got := smtp.Messages(); len(got) != 1 || got[0].To[0] != "carol@corp.example" {
		t.Errorf("relay got %d emails, want only carol's welcome", len(got))
	}

	code, out, errOut := cliWithEnv(t, nil, "outbox", "--config", file, "history")
	want := []string{
		`ID +QUEUED +KIND +TO +SUBJECT +STATE +TRIES +REASON`,
		`\d+ +2026-11-0[67] \d\d:\d\d +welcome +(alice|carol|ken)@corp\.example +Welcome to preread[^ ]* .* (sent|dropped) +\d+ ?.*`,
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != 4 || !regexp.MustCompile(want[0]).MatchString(lines[0]) {
		t.Fatalf("outbox history = %d\n%s%s\nwant three welcomes", code, out, errOut)
	}
	for _, l := range lines[1:] {
		if !regexp.MustCompile(want[1]).MatchString(l) {
			t.Errorf("history line %q, want %s", l, want[1])
		}
	}
	for who, state := range map[string]string{
		"alice": "dropped +1 +dropped by the admin", "ken": "dropped +1 +person removed from the directory", "carol": "sent +2",
	} {
		if !regexp.MustCompile(who + `@corp\.example .* ` + state + ` *(\n|$)`).MatchString(out) {
			t.Errorf("outbox history =\n%s\nwant %s's welcome %s", out, who, state)
		}
	}
	if _, out, _ := cliWithEnv(t, nil, "outbox", "history", "--since", "2026-11-09", "--config", file); out != "no mail queued in that time\n" {
		t.Errorf("outbox history --since 2026-11-09 = %q", out)
	}
	if _, out, _ := cliWithEnv(t, nil, "outbox", "history", "--since", "2026-11-06", "--config", file); strings.Count(out, "welcome") != 3 {
		t.Errorf("outbox history --since 2026-11-06 =\n%s\nwant the three welcomes", out)
	}

	errs := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"drop", alice}, 1, "already dropped"},
		{[]string{"drop", carol}, 1, "already sent"},
		{[]string{"drop", "99999"}, 1, "no email with ID 99999; `preread outbox history` lists them"},
		{[]string{"drop", "x"}, 2, `ID "x" is not a number`},
		{[]string{"drop"}, 2, "outbox drop ID"},
		{[]string{"--since", "7d"}, 2, "--since goes with `outbox history`"},
		{[]string{"history", "--since", "soon"}, 2, `--since "soon"`},
	}
	for _, tc := range errs {
		code, _, errOut := cliWithEnv(t, nil, append([]string{"outbox", "--config", file}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("outbox %v = %d, %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}
