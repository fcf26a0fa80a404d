package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preread/preread/config"
)

// peopleFileConfig is a config whose people are in people.csv beside it,
// but for Carol, who is in people: (the two are one directory).
const peopleFileConfig = `mailbox:
  imap: 127.0.0.1:993
  username: preread@corp.example
  password_env: P
  address: preread@corp.example
smtp:
  relay: 127.0.0.1:25
  security: none
  from: preread@corp.example
defaults:
  timezone: Europe/Berlin
reviews: [2027-01-15]
people_file: people.csv
people:
  - email: carol@corp.example
    name: Carol Danvers
teams:
  - name: Platform
    manager: carol@corp.example
  - name: Web, and Apps
    manager: carol@corp.example
    members: [carol@corp.example]
pairs:
  - manager: carol@corp.example
    report: erin@corp.example
    meets: monthly first mon 09:00
`

// writePeopleFile writes the config above (changed by edit) and people.csv
// in a new folder, and returns the config's path.
func writePeopleFile(t *testing.T, csv string, edit ...string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := peopleFileConfig
	for i := 0; i+1 < len(edit); i += 2 {
		if !strings.Contains(cfg, edit[i]) {
			t.Fatalf("config has no %q", edit[i])
		}
		cfg = strings.Replace(cfg, edit[i], edit[i+1], 1)
	}
	if err := os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "c.yaml")
}

func TestPeopleFile(t *testing.T) {
	// Excel's byte order mark, columns in any order and any case, a
	// quoted name with a comma, lists split by ;, empty cells for defaults.
	const csv = "\uFEFFName,EMAIL,timezone,workdays,prompt_at,aliases,away,team,manager,meets\n" +
		`"Liddell, Alice",alice@corp.example,America/New_York,mon;tue;wed,08:30,alice.liddell@gmail.com; al@corp.example,2026-12-21..2027-01-01,Platform,carol@corp.example,weekly tue 10:00` + "\n" +
		"Bob,bob@corp.example,,,,,,\"Platform;Web, and Apps\",alice@corp.example,every 2 weeks thu 14:30 from 2026-11-26\n" +
		"\n" +
		"Erin,erin@corp.example,,,,,,,,\n" +
		// Dan's 1:1 follows its calendar invitation; Frank's waits for one.
		"Dan,dan@corp.example,,,,,,,alice@corp.example,Calendar\n" +
		"Frank,frank@corp.example,,,,,,,alice@corp.example,\n"
	cfg, err := config.Load(writePeopleFile(t, csv))
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	dir := cfg.Directory
	if len(dir.People) != 6 {
		t.Fatalf("people = %d, want carol from people: and five from the file", len(dir.People))
	}
	alice, ok := dir.Person("AL@corp.example")
	if !ok || alice.Email != "alice@corp.example" || alice.Name != "Liddell, Alice" || alice.TimeZone.String() != "America/New_York" ||
		alice.Workdays.String() != "mon,tue,wed" || alice.PromptAt.String() != "08:30" || len(alice.Away) != 1 || len(alice.Aliases) != 2 {
		t.Errorf("Person(alias from the file) = %+v, %v", alice, ok)
	}
	bob, _ := dir.Person("bob@corp.example")
	if bob.TimeZone.String() != "Europe/Berlin" || bob.PromptAt.String() != "09:00" || bob.Workdays.String() != "mon,tue,wed,thu,fri" {
		t.Errorf("bob = %v %v %v, want the defaults for empty cells", bob.TimeZone, bob.PromptAt, bob.Workdays)
	}
	teams := map[string]string{}
	for _, tm := range dir.Teams {
		teams[tm.Name] = strings.Join(tm.Members, " ")
	}
	if teams["Platform"] != "alice@corp.example bob@corp.example" || teams["Web, and Apps"] != "carol@corp.example bob@corp.example" {
		t.Errorf("team members = %q, want the file's rows added to teams: (after its own members)", teams)
	}
	var keys []string
	for _, p := range dir.Pairs {
		keys = append(keys, p.Key())
	}
	if got := strings.Join(keys, " "); got != "carol@corp.example:erin@corp.example carol@corp.example:alice@corp.example alice@corp.example:bob@corp.example "+
		"alice@corp.example:dan@corp.example alice@corp.example:frank@corp.example" {
		t.Fatalf("pairs = %s, want pairs: first, then one per row with a manager", got)
	}
	ab := dir.Pairs[2]
	if ab.TimeZone.String() != "America/New_York" || ab.Meets.String() != "every 2 weeks thu 14:30 from 2026-11-26" ||
		ab.PrereadTo != "manager" || ab.FollowupTo != "manager" || ab.Duration.String() != "30m0s" || len(ab.Reviews) != 1 {
		t.Errorf("pair alice:bob = zone %v, meets %v, %v, %v, %v, reviews %v; want the manager's zone and pairs:'s defaults",
			ab.TimeZone, ab.Meets, ab.PrereadTo, ab.FollowupTo, ab.Duration, ab.Reviews)
	}
	for _, p := range dir.Pairs[3:] {
		if p.Meets.String() != "" {
			t.Errorf("pair %s meets %q, want no rule: it waits for its calendar", p.Key(), p.Meets)
		}
	}
	at := cfg.MeetsAt["alice@corp.example:frank@corp.example"]
	if filepath.Base(at.File) != "people.csv" || at.Line != 7 || at.Field != "meets" {
		t.Errorf("MeetsAt[alice:frank] = %+v, want people.csv:7 meets", at)
	}
}

func TestPeopleFileProblems(t *testing.T) {
	const head = "email,name,timezone,team,manager,meets\n"
	const alice = "alice@corp.example,Alice,,Platform,carol@corp.example,weekly tue 10:00\n"
	const erin = "erin@corp.example,Erin,,,,\n" // pairs: names her
	// Where the file's rows are not read, pairs: can't find Erin.
	noErin := []string{"c.yaml:20: teams[0].members[0]: erin@corp.example is not in people",
		"c.yaml:26: pairs[0].report: erin@corp.example is not in people"}
	with := func(first []string, then ...string) []string { return append(append([]string{}, first...), then...) }
	cases := []struct {
		name, csv string
		edit      []string
		want      []string // each a problem's prefix, in order
	}{
		{"unknown column", "email,nmae\n", nil, with(noErin, "people.csv:1: nmae: unknown column (did you mean name?)")},
		{"no email column", "name,team\nAlice,Platform\n", nil, with(noErin, "people.csv:1: email: missing: the header row must name an email column")},
		{"column twice", "email,name,Name\n", nil, with(noErin, "people.csv:1: name: column given twice")},
		{"empty file", "", nil, with(noErin, "people.csv:1: csv: the file is empty")},
		{"cells", head + alice + "bob@corp.example,Bob\n" + erin, nil, []string{"people.csv:3: csv: 2 cells, but the header names 6 columns"}},
		{"bad zone and address", head + "bob@corp.example,Bob,Europe/Berlln,,,\nerin.corp.example,Erin,,,,\n" + erin, nil, []string{
			`people.csv:2: timezone: unknown time zone "Europe/Berlln"`,
			`people.csv:3: email: "erin.corp.example" is not an email address`}},
		{"no email", head + ",Bob,,,,\n" + erin, nil, []string{"people.csv:2: email: missing"}},
		{"address twice", head + alice + "Carol@corp.example,Carol,,,,\n" + erin, nil, []string{
			"people.csv:3: email: carol@corp.example is used twice"}},
		{"unknown team", head + "alice@corp.example,Alice,,Platfrom,,\n" + erin, nil, []string{
			`people.csv:2: team: team "Platfrom" is not in teams: add it there, with its manager`}},
		{"in a team twice", head + "bob@corp.example,Bob,,\"Web, and Apps; Platform\",,\n" + erin,
			[]string{"members: [carol@corp.example]", "members: [bob@corp.example]"}, []string{
				`people.csv:2: team: bob@corp.example is listed twice in team "Web, and Apps"`}},
		{"unknown manager", head + "alice@corp.example,Alice,,,zoe@corp.example,weekly tue 10:00\n" + erin, nil, []string{
			"people.csv:2: manager: zoe@corp.example is not in people"}},
		{"own manager", head + "alice@corp.example,Alice,,,alice@corp.example,weekly tue 10:00\n" + erin, nil, []string{
			"people.csv:2: manager: alice@corp.example can't be their own manager"}},
		{"meets alone", head + "alice@corp.example,Alice,,,,weekly tue 10:00\n" + erin, nil, []string{
			"people.csv:2: meets: a 1:1 needs the manager column"}},
		{"bad meets", head + "alice@corp.example,Alice,,,carol@corp.example,weekly tuesday\n" + erin, nil, []string{"people.csv:2: meets: "}},
		{"pair in both", head + "erin@corp.example,Erin,,,carol@corp.example,weekly tue 10:00\n", nil, []string{
			"people.csv:2: manager: pair carol@corp.example:erin@corp.example is also in pairs: keep one"}},
		// A quoted name over two lines: the next problem is on the line
		// where its cell is, not the record's count.
		{"multi-line cell", head + "alice@corp.example,\"Alice\nLiddell\",Mars/Olympus,,,\n" + erin, nil, []string{
			`people.csv:3: timezone: unknown time zone "Mars/Olympus"`}},
		{"broken quote", head + erin + "bob@corp.example,\"Bob\"x,,,,\n", nil, []string{`people.csv:3: csv: extraneous or missing " in quoted-field`}},
		{"config first", head + "bob@corp.example,Bob,Nowhere,,,\n" + erin, []string{"name: Carol Danvers", "name: [Carol]"}, []string{
			"c.yaml:16: people[0].name: want a single value",
			`people.csv:2: timezone: unknown time zone "Nowhere"`}},
		{"no file", head + erin, []string{"people_file: people.csv", "people_file: staff.csv"}, with([]string{"c.yaml:13: people_file: can't read "}, noErin...)},
		{"empty people_file", head + erin, []string{"people_file: people.csv", `people_file: ""`}, with([]string{"c.yaml:13: people_file: empty: name a CSV file"}, noErin...)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Platform has Erin from teams:, so it needs none from the file.
			edit := append([]string{"manager: carol@corp.example\n  - name: Web",
				"manager: carol@corp.example\n    members: [erin@corp.example]\n  - name: Web"}, tc.edit...)
			file := writePeopleFile(t, tc.csv, edit...)
			_, err := config.Load(file)
			if err == nil {
				t.Fatalf("Load(%s) = nil, want %q", tc.name, tc.want)
			}
			// Problems name the files as Load was given them.
			got := strings.Split(strings.ReplaceAll(err.Error(), filepath.Dir(file)+"/", ""), "\n")
			if len(got) != len(tc.want) {
				t.Fatalf("Load(%s) =\n%s\nwant %d problems: %q", tc.name, strings.Join(got, "\n"), len(tc.want), tc.want)
			}
			for i := range tc.want {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("Load(%s) problem %d = %q, want prefix %q", tc.name, i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestPeopleFileOrPeople(t *testing.T) {
	cfg := peopleFileConfig[:strings.Index(peopleFileConfig, "people_file:")]
	_, err := config.Parse("c.yaml", []byte(cfg))
	if err == nil || err.Error() != "c.yaml:1: people: missing (or name a CSV of people with people_file)" {
		t.Errorf("Parse(no people, no people_file) = %v, want people missing", err)
	}
}
