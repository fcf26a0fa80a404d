package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/config"
)

func TestExampleConfigIsValid(t *testing.T) {
	cfg, err := config.Parse("preread.yaml", config.Example())
	if err != nil {
		t.Fatalf("Parse(example) = %v", err)
	}
	if got := len(cfg.Directory.People); got != 3 {
		t.Errorf("people = %d, want 3", got)
	}
	alice, ok := cfg.Directory.Person("Alice.Liddell@gmail.com")
	if !ok || alice.Email != "alice@corp.example" || alice.TimeZone.String() != "America/New_York" {
		t.Errorf("Person(alias) = %+v, %v; want alice in America/New_York", alice, ok)
	}
	bob, _ := cfg.Directory.Person("bob@corp.example")
	if bob.PromptAt.String() != "08:30" || bob.TimeZone.String() != "Europe/Berlin" || bob.Workdays.String() != "mon,tue,wed,thu" {
		t.Errorf("bob = %v %v %v, want 08:30 Europe/Berlin mon..thu", bob.PromptAt, bob.TimeZone, bob.Workdays)
	}
	if cfg.Mailbox.ProcessedFolder != "preread/Processed" || !strings.HasSuffix(cfg.Database, "preread.db") {
		t.Errorf("mailbox = %+v, database %q", cfg.Mailbox, cfg.Database)
	}
	if p := cfg.Directory.Pairs[1]; p.TimeZone.String() != "Europe/Berlin" || p.PrereadTo != "both" {
		t.Errorf("pair carol:bob = zone %v, preread_to %v; want the manager's zone and both", p.TimeZone, p.PrereadTo)
	}
	// Issue 17: how long a 1:1 lasts, who gets its follow-up, the review
	// days (the organisation's, or the pair's own in their place).
	alicePair, bobPair := cfg.Directory.Pairs[0], cfg.Directory.Pairs[1]
	if alicePair.Duration != 30*time.Minute || alicePair.FollowupTo != "manager" || fmt.Sprint(alicePair.Reviews) != "[2027-01-15 2027-07-15]" {
		t.Errorf("pair carol:alice = %v, followup_to %v, reviews %v", alicePair.Duration, alicePair.FollowupTo, alicePair.Reviews)
	}
	if bobPair.Duration != 30*time.Minute || bobPair.FollowupTo != "both" || fmt.Sprint(bobPair.Reviews) != "[2027-03-01]" {
		t.Errorf("pair carol:bob = %v, followup_to %v, reviews %v; want the default 30m, both and its own day", bobPair.Duration, bobPair.FollowupTo, bobPair.Reviews)
	}
	if cfg.SMTP.Connections != 1 {
		t.Errorf("smtp.connections = %d, want 1", cfg.SMTP.Connections)
	}
	four, err := config.Parse("c.yaml", []byte(strings.Replace(string(config.Example()), "connections: 1 ", "connections: 4 ", 1)))
	if err != nil || four.SMTP.Connections != 4 {
		t.Errorf("smtp.connections: 4 = %v, %v; want 4", four.SMTP.Connections, err)
	}
	unset, err := config.Parse("c.yaml", []byte(strings.Replace(string(config.Example()), "connections: 1 ", "# connections: 1 ", 1)))
	if err != nil || unset.SMTP.Connections != 1 {
		t.Errorf("smtp.connections unset = %v, %v; want 1", unset.SMTP.Connections, err)
	}
	none, err := config.Parse("c.yaml", []byte(strings.Replace(string(config.Example()), "reviews: [2027-03-01]", "reviews: []", 1)))
	if err != nil || len(none.Directory.Pairs[1].Reviews) != 0 {
		t.Errorf("a pair's empty reviews list = %v, %v; want no reviews for the pair", none.Directory.Pairs[1].Reviews, err)
	}
}

func TestConfigReportsEveryMistakeWithItsLine(t *testing.T) {
	_, err := config.Load("testdata/ten-mistakes.yaml")
	var cerr *config.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("Load = %v, want a *config.Error", err)
	}
	want := []string{
		"testdata/ten-mistakes.yaml:4: mailbox.password: unknown field: secrets come from the environment",
		"testdata/ten-mistakes.yaml:10: defaults.timezone: unknown time zone \"Europe/Berlln\"",
		"testdata/ten-mistakes.yaml:11: defaults.prompt_at: ",
		"testdata/ten-mistakes.yaml:12: holidays[1]: ",
		"testdata/ten-mistakes.yaml:15: people[1].email: \"alice@@corp.example\" is not an email address",
		"testdata/ten-mistakes.yaml:17: people[2].aliases[0]: carol@corp.example is used twice",
		"testdata/ten-mistakes.yaml:18: people[2].favourite_colour: unknown field",
		"testdata/ten-mistakes.yaml:22: teams[0].members[1]: dave@corp.example is not in people",
		"testdata/ten-mistakes.yaml:25: pairs[0].report: carol@corp.example can't be their own report",
		"testdata/ten-mistakes.yaml:29: pairs[1].meets: ",
	}
	got := strings.Split(cerr.Error(), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), cerr.Error())
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
}

func TestConfigProblems(t *testing.T) {
	base := string(config.Example())
	cases := []struct {
		name, from, to, want string
	}{
		{"plain text off loopback", "security: tls ", "security: none ", "mailbox.security: none sends passwords in clear text"},
		{"bad security", "security: starttls ", "security: ssl ", `smtp.security: want tls, starttls or none, got "ssl"`},
		{"bad port", "imap.corp.example:993", "imap.corp.example:99999", "mailbox.imap: port"},
		{"no host", "smtp.corp.example:587", "smtp.corp.example", "smtp.relay: want host:port"},
		{"bad weekday", "workdays: [mon, tue, wed, thu]", "workdays: [mon, tues]", "people[2].workdays[1]: "},
		{"bad away", `away: ["2026-12-21..2027-01-01"]`, `away: ["2027-01-01..2026-12-21"]`, "people[1].away[0]: "},
		{"bad skip", "skip: [2026-12-29]", "skip: [29.12.2026]", "pairs[0].skip[0]: "},
		{"unknown manager", "manager: carol@corp.example\n    members", "manager: zoe@corp.example\n    members", "teams[0].manager: zoe@corp.example is not in people"},
		{"bad digest_to", "digest_to: team ", "digest_to: everyone ", `teams[0].digest_to: want team, manager or a list of addresses, got "everyone"`},
		{"bad preread_to", "preread_to: both", "preread_to: all", `pairs[1].preread_to: want manager or both, got "all"`},
		{"typo key", "  timezone: Europe/Berlin              # IANA", "  timezon: Europe/Berlin              # IANA", "defaults.timezon: unknown field (did you mean timezone?)"},
		{"bad env name", "password_env: PREREAD_IMAP_PASSWORD", "password_env: hunter 2", "mailbox.password_env: want the name of an environment variable"},
		{"bad from", `from: "preread <preread@corp.example>"`, `from: "preread <preread>"`, "smtp.from: not an address"},
		{"duplicate pair", "report: bob@corp.example\n    meets", "report: alice@corp.example\n    meets", "pairs[1]: pair carol@corp.example:alice@corp.example is listed twice"},
		{"address twice", "email: bob@corp.example", "email: ALICE@corp.example", "people[2].email: alice@corp.example is used twice"},
		{"list instead of value", "name: Carol Danvers", "name: [Carol, Danvers]", "people[0].name: want a single value, got a list"},
		{"yaml syntax", "teams:\n", "teams:\n  - name: [\n", "yaml: "},
		{"bad duration", "duration: 30m ", "duration: half an hour ", `pairs[0].duration: want a duration from 5m to 8h, like 45m, got "half an hour"`},
		{"bad followup_to", "followup_to: both", "followup_to: all", `pairs[1].followup_to: want manager, both or none, got "all"`},
		{"bad review day", "reviews: [2027-01-15, 2027-07-15]", "reviews: [2027-01-15, 15.07.2027]", "reviews[1]: "},
		{"bad pair review", "reviews: [2027-03-01]", "reviews: [2027-02-30]", "pairs[1].reviews[0]: "},
		{"no connections", "connections: 1 ", "connections: 0 ", `smtp.connections: want a whole number from 1 to 16, got "0"`},
		{"too many connections", "connections: 1 ", "connections: 17 ", `smtp.connections: want a whole number from 1 to 16, got "17"`},
		{"connections in words", "connections: 1 ", "connections: four ", `smtp.connections: want a whole number from 1 to 16, got "four"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(base, tc.from) {
				t.Fatalf("example config has no %q", tc.from)
			}
			_, err := config.Parse("c.yaml", []byte(strings.Replace(base, tc.from, tc.to, 1)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%s) = %v, want an error containing %q", tc.name, err, tc.want)
			}
		})
	}
}

func TestConfigMissingEnvOnlyWithConnect(t *testing.T) {
	cfg, err := config.Parse("c.yaml", config.Example())
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PREREAD_IMAP_PASSWORD": "x", "PREREAD_SMTP_PASSWORD": ""}
	got := cfg.MissingEnv(func(name string) string { return env[name] })
	want := lineOf(t, config.Example(), "password_env: PREREAD_SMTP_PASSWORD")
	if len(got) != 1 || got[0].Field != "smtp.password_env" || got[0].Line != want {
		t.Errorf("MissingEnv() = %+v, want smtp.password_env at line %d", got, want)
	}
}

func TestConfigRelativeDatabase(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "preread.yaml")
	if err := os.WriteFile(file, config.Example(), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "preread.db"); cfg.Database != want {
		t.Errorf("Database = %q, want %q", cfg.Database, want)
	}
}

// lineOf returns the 1-based line of the first line of src containing s.
func lineOf(t *testing.T, src []byte, s string) int {
	t.Helper()
	for i, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, s) {
			return i + 1
		}
	}
	t.Fatalf("no line contains %q", s)
	return 0
}

// meets is optional: "calendar", or no meets at all, waits for a calendar
// invitation (no rule); a rule's line is kept for `preread check`.
func TestConfigMeetsCalendar(t *testing.T) {
	base := string(config.Example())
	for _, tc := range []struct{ name, to string }{
		{"meets: calendar", `meets: calendar`},
		{"no meets", `duration: 45m`},
	} {
		src := strings.Replace(strings.Replace(base, "duration: 30m", "", 1), `meets: "weekly tue 10:00"`, tc.to, 1)
		if src == base {
			t.Fatal("example config has no weekly tue 10:00")
		}
		cfg, err := config.Parse("c.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		p := cfg.Directory.Pairs[0]
		if p.Meets.String() != "" || len(p.Meetings(time.Now(), 1, nil)) != 0 {
			t.Errorf("%s: rule %q, meetings %v; want none until an invitation", tc.name, p.Meets, p.Meetings(time.Now(), 1, nil))
		}
	}
	cfg, err := config.Parse("c.yaml", config.Example())
	if err != nil {
		t.Fatal(err)
	}
	key := cfg.Directory.Pairs[0].Key()
	if want := lineOf(t, config.Example(), `meets: "weekly tue 10:00"`); cfg.MeetsAt[key] != (config.Place{Line: want, Field: "pairs[0].meets"}) {
		t.Errorf("MeetsAt[%s] = %+v, want line %d, pairs[0].meets", key, cfg.MeetsAt[key], want)
	}
	if _, err := config.Parse("c.yaml", []byte(strings.Replace(base, `meets: "weekly tue 10:00"`, `meets: "weekly someday"`, 1))); err == nil ||
		!strings.Contains(err.Error(), "pairs[0].meets: ") {
		t.Errorf("a bad rule = %v, want an error at pairs[0].meets", err)
	}
}
