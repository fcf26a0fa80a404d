package digest

import (
	"testing"
	"time"

	"github.com/preread/preread"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// dueDirectory: Carol (Berlin) meets Alice (New York) on Mondays at 10:00
// Berlin time and Bob on Tuesdays; the team's digest is at 11:00 Berlin.
func dueDirectory(t *testing.T) preread.Directory {
	t.Helper()
	berlin, ny := zone(t, "Europe/Berlin"), zone(t, "America/New_York")
	person := func(email string, loc *time.Location) preread.Person {
		return preread.Person{Email: email, Name: email, TimeZone: loc, Workdays: preread.DefaultWorkdays,
			PromptAt: preread.Clock{Hour: 9}, PrereadAt: preread.Clock{Hour: 16}, Active: true}
	}
	pair := func(report, rule string) preread.Pair {
		r, err := preread.ParseMeetingRule(rule, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return preread.Pair{Manager: "carol@corp.example", Report: report, Meets: r, TimeZone: berlin, PrereadTo: preread.PrereadToManager}
	}
	christmas, _ := preread.ParseDate("2026-12-25")
	return preread.Directory{
		Holidays: []preread.Date{christmas},
		People:   []preread.Person{person("carol@corp.example", berlin), person("alice@corp.example", ny), person("bob@corp.example", berlin)},
		Teams: []preread.Team{{Name: "Platform", Manager: "carol@corp.example", TimeZone: berlin, DigestAt: preread.Clock{Hour: 11},
			Workdays: preread.DefaultWorkdays, Members: []string{"alice@corp.example", "bob@corp.example"}}},
		Pairs: []preread.Pair{pair("alice@corp.example", "weekly mon 10:00"), pair("bob@corp.example", "weekly tue 10:00")},
	}
}

func TestDuePrereads(t *testing.T) {
	dir := dueDirectory(t)
	berlin := zone(t, "Europe/Berlin")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		now  string
		want map[string]string // report -> meeting start
	}{
		{"2026-11-27 15:59", map[string]string{}},                                         // Friday before 16:00
		{"2026-11-27 16:00", map[string]string{"alice@corp.example": "2026-11-30 10:00"}}, // Monday's meeting: Friday 16:00
		{"2026-11-29 20:00", map[string]string{"alice@corp.example": "2026-11-30 10:00"}}, // still useful over the weekend
		{"2026-11-30 09:59", map[string]string{"alice@corp.example": "2026-11-30 10:00"}},
		{"2026-11-30 10:00", map[string]string{}},                                       // the meeting started
		{"2026-11-30 16:00", map[string]string{"bob@corp.example": "2026-12-01 10:00"}}, // Tuesday's: Monday 16:00
		// The Monday after Christmas: the workday before it is Thursday 24 Dec.
		{"2026-12-24 16:00", map[string]string{"alice@corp.example": "2026-12-28 10:00"}},
		// Across the end of DST: Monday 26 Oct's pre-read is Friday 23 Oct 16:00 CEST.
		{"2026-10-23 16:00", map[string]string{"alice@corp.example": "2026-10-26 10:00"}},
	}
	for _, tc := range cases {
		got := map[string]string{}
		for _, d := range DuePrereads(dir, at(tc.now)) {
			got[d.Pair.Report] = d.Meeting.Start.In(berlin).Format("2006-01-02 15:04")
		}
		if len(got) != len(tc.want) {
			t.Errorf("DuePrereads(%s) = %v, want %v", tc.now, got, tc.want)
			continue
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("DuePrereads(%s) = %v, want %v", tc.now, got, tc.want)
			}
		}
	}
}

func TestDueDigests(t *testing.T) {
	dir := dueDirectory(t)
	berlin := zone(t, "Europe/Berlin")
	cases := []struct {
		now  time.Time
		want string // the digest's day, "" for none
	}{
		{time.Date(2026, 11, 24, 10, 59, 0, 0, berlin), ""},
		{time.Date(2026, 11, 24, 11, 0, 0, 0, berlin), "2026-11-24"},
		{time.Date(2026, 11, 24, 23, 59, 0, 0, berlin), "2026-11-24"},
		{time.Date(2026, 11, 28, 12, 0, 0, 0, berlin), ""}, // Saturday
		{time.Date(2026, 12, 25, 12, 0, 0, 0, berlin), ""}, // a holiday
	}
	for _, tc := range cases {
		got := ""
		for _, d := range DueDigests(dir, tc.now) {
			got = d.Date.String()
		}
		if got != tc.want {
			t.Errorf("DueDigests(%v) = %q, want %q", tc.now, got, tc.want)
		}
	}
}

func TestDuePrompts(t *testing.T) {
	dir := dueDirectory(t)
	berlin := zone(t, "Europe/Berlin")
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, berlin) }
	cases := []struct {
		name  string
		now   time.Time
		added map[string]time.Time
		want  string // who is due, and for which day
	}{
		{"Bob at his 09:00", at(24, 9, 0), nil, "bob@corp.example 2026-11-24"},
		{"until the digest", at(24, 10, 59), nil, "bob@corp.example 2026-11-24"},
		{"not after the digest", at(24, 11, 0), nil, ""},
		{"Alice at 09:00 in New York", at(24, 15, 0), nil, "alice@corp.example 2026-11-24"},
		{"the first directory catches up", at(24, 9, 30), nil, "bob@corp.example 2026-11-24"},
		{"added before the prompt", at(24, 9, 30), map[string]time.Time{"bob@corp.example": at(24, 9, 0)}, "bob@corp.example 2026-11-24"},
		{"added after it: the next prompt", at(24, 9, 30), map[string]time.Time{"bob@corp.example": at(24, 9, 1)}, ""},
		{"and that next prompt comes", at(25, 9, 0), map[string]time.Time{"bob@corp.example": at(24, 9, 1)}, "bob@corp.example 2026-11-25"},
		{"added at 16:23, Alice waits for her next", at(24, 16, 23), map[string]time.Time{"alice@corp.example": at(24, 16, 23)}, ""},
	}
	for _, tc := range cases {
		got := ""
		for _, d := range DuePrompts(dir, tc.now, tc.added) {
			got += d.Person.Email + " " + d.Date.String()
		}
		if got != tc.want {
			t.Errorf("DuePrompts(%s, %s) = %q, want %q", tc.name, tc.now.Format("Mon 15:04"), got, tc.want)
		}
	}
}
