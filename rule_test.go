package preread

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestOccurrences(t *testing.T) {
	berlin := calZone(t, "Europe/Berlin")
	ny := calZone(t, "America/New_York")
	tests := []struct {
		name  string
		rule  string
		loc   *time.Location
		after string // RFC 3339
		n     int
		want  []string // as calWall: local wall time, zone, UTC clock
	}{
		{
			"weekly, berlin spring", "weekly tue 10:00", berlin, "2026-03-20T00:00:00+01:00", 3,
			[]string{"2026-03-24 10:00 CET 09:00Z", "2026-03-31 10:00 CEST 08:00Z", "2026-04-07 10:00 CEST 08:00Z"},
		},
		{
			"weekly, berlin autumn", "weekly tue 10:00", berlin, "2026-10-15T00:00:00+02:00", 2,
			[]string{"2026-10-20 10:00 CEST 08:00Z", "2026-10-27 10:00 CET 09:00Z"},
		},
		{
			"weekly on the switch day, berlin", "weekly sun 10:00", berlin, "2026-03-28T12:00:00+01:00", 1,
			[]string{"2026-03-29 10:00 CEST 08:00Z"},
		},
		{
			"weekly, new york spring", "weekly mon 10:00", ny, "2026-03-01T00:00:00-05:00", 2,
			[]string{"2026-03-02 10:00 EST 15:00Z", "2026-03-09 10:00 EDT 14:00Z"},
		},
		{
			"weekly, new york autumn", "weekly sun 10:00", ny, "2026-10-20T00:00:00-04:00", 2,
			[]string{"2026-10-25 10:00 EDT 14:00Z", "2026-11-01 10:00 EST 15:00Z"},
		},
		{
			"after in another zone", "weekly tue 10:00", berlin, "2026-11-24T08:59:00Z", 1,
			[]string{"2026-11-24 10:00 CET 09:00Z"},
		},
		{
			"after equal to a meeting excludes it", "weekly tue 10:00", berlin, "2026-11-24T10:00:00+01:00", 2,
			[]string{"2026-12-01 10:00 CET 09:00Z", "2026-12-08 10:00 CET 09:00Z"},
		},
		{
			"a second before a meeting includes it", "weekly tue 10:00", berlin, "2026-11-24T09:59:59+01:00", 1,
			[]string{"2026-11-24 10:00 CET 09:00Z"},
		},
		{
			"every 1 week needs no from", "every 1 week thu 14:30", berlin, "2026-11-20T00:00:00+01:00", 2,
			[]string{"2026-11-26 14:30 CET 13:30Z", "2026-12-03 14:30 CET 13:30Z"},
		},
		{
			"biweekly from its anchor", "every 2 weeks thu 14:30 from 2026-11-26", berlin, "2026-11-01T00:00:00+01:00", 4,
			[]string{"2026-11-26 14:30 CET 13:30Z", "2026-12-10 14:30 CET 13:30Z", "2026-12-24 14:30 CET 13:30Z", "2027-01-07 14:30 CET 13:30Z"},
		},
		{
			"biweekly skips the off week", "every 2 weeks thu 14:30 from 2026-11-26", berlin, "2026-11-27T00:00:00+01:00", 1,
			[]string{"2026-12-10 14:30 CET 13:30Z"},
		},
		{
			"biweekly long after its anchor", "every 2 weeks thu 14:30 from 2026-11-26", berlin, "2027-06-01T00:00:00+02:00", 2,
			[]string{"2027-06-10 14:30 CEST 12:30Z", "2027-06-24 14:30 CEST 12:30Z"},
		},
		{
			"biweekly across spring, new york", "every 2 weeks wed 09:00 from 2026-02-25", ny, "2026-02-01T00:00:00-05:00", 3,
			[]string{"2026-02-25 09:00 EST 14:00Z", "2026-03-11 09:00 EDT 13:00Z", "2026-03-25 09:00 EDT 13:00Z"},
		},
		{
			"monthly last sun, berlin spring and autumn", "monthly last sun 10:00", berlin, "2026-02-01T00:00:00+01:00", 3,
			[]string{"2026-02-22 10:00 CET 09:00Z", "2026-03-29 10:00 CEST 08:00Z", "2026-04-26 10:00 CEST 08:00Z"},
		},
		{
			"monthly last sun, berlin autumn", "monthly last sun 10:00", berlin, "2026-09-01T00:00:00+02:00", 2,
			[]string{"2026-09-27 10:00 CEST 08:00Z", "2026-10-25 10:00 CET 09:00Z"},
		},
		{
			"monthly second sun, new york spring", "monthly second sun 10:00", ny, "2026-02-01T00:00:00-05:00", 2,
			[]string{"2026-02-08 10:00 EST 15:00Z", "2026-03-08 10:00 EDT 14:00Z"},
		},
		{
			"monthly first sun, new york autumn", "monthly first sun 10:00", ny, "2026-10-01T00:00:00-04:00", 2,
			[]string{"2026-10-04 10:00 EDT 14:00Z", "2026-11-01 10:00 EST 15:00Z"},
		},
		{
			"monthly first mon, mid-month after", "monthly first mon 09:00", berlin, "2026-11-10T00:00:00+01:00", 2,
			[]string{"2026-12-07 09:00 CET 08:00Z", "2027-01-04 09:00 CET 08:00Z"},
		},
		{
			"monthly third and fourth", "monthly fourth fri 16:00", berlin, "2026-11-01T00:00:00+01:00", 1,
			[]string{"2026-11-27 16:00 CET 15:00Z"},
		},
		{
			"rrule without dtstart, new york spring", "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=30", ny, "2026-03-03T00:00:00-05:00", 3,
			[]string{"2026-03-05 09:30 EST 14:30Z", "2026-03-09 09:30 EDT 13:30Z", "2026-03-12 09:30 EDT 13:30Z"},
		},
		{
			"rrule without dtstart, new york autumn", "rrule:freq=monthly;byday=1su;byhour=10;byminute=0", ny, "2026-10-01T00:00:00-04:00", 2,
			[]string{"2026-10-04 10:00 EDT 14:00Z", "2026-11-01 10:00 EST 15:00Z"},
		},
		{
			"rrule with dtstart, berlin spring", "DTSTART:20260310T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2", berlin, "2026-03-01T00:00:00+01:00", 3,
			[]string{"2026-03-10 10:00 CET 09:00Z", "2026-03-24 10:00 CET 09:00Z", "2026-04-07 10:00 CEST 08:00Z"},
		},
		{
			"rrule with dtstart, berlin autumn", "DTSTART:20261013T100000;RRULE:FREQ=WEEKLY;INTERVAL=2", berlin, "2026-10-01T00:00:00+02:00", 2,
			[]string{"2026-10-13 10:00 CEST 08:00Z", "2026-10-27 10:00 CET 09:00Z"},
		},
		{
			"rrule bysetpos counts whole weeks", "RRULE:FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=1;BYHOUR=10;BYMINUTE=0", berlin, "2026-11-25T00:00:00+01:00", 2,
			[]string{"2026-11-30 10:00 CET 09:00Z", "2026-12-07 10:00 CET 09:00Z"},
		},
		{
			"rrule until", "RRULE:FREQ=WEEKLY;BYDAY=TU;BYHOUR=10;BYMINUTE=0;UNTIL=20261201T235959", berlin, "2026-11-20T00:00:00+01:00", 5,
			[]string{"2026-11-24 10:00 CET 09:00Z", "2026-12-01 10:00 CET 09:00Z"},
		},
		{
			"rrule count", "DTSTART:20261124T100000 RRULE:FREQ=DAILY;COUNT=3", berlin, "2026-11-24T12:00:00+01:00", 5,
			[]string{"2026-11-25 10:00 CET 09:00Z", "2026-11-26 10:00 CET 09:00Z"},
		},
		{
			"nothing before dtstart", "DTSTART:20270105T100000;RRULE:FREQ=WEEKLY", berlin, "2026-11-01T00:00:00+01:00", 1,
			[]string{"2027-01-05 10:00 CET 09:00Z"},
		},
		// A meeting at a wall time the spring-forward skips lands where
		// time.Date puts it (see Date.In): later in Berlin, earlier in New York.
		{
			"in the spring gap, berlin", "weekly sun 02:30", berlin, "2026-03-20T00:00:00+01:00", 3,
			[]string{"2026-03-22 02:30 CET 01:30Z", "2026-03-29 03:30 CEST 01:30Z", "2026-04-05 02:30 CEST 00:30Z"},
		},
		{
			"in the spring gap, new york", "weekly sun 02:30", ny, "2026-03-01T00:00:00-05:00", 3,
			[]string{"2026-03-01 02:30 EST 07:30Z", "2026-03-08 01:30 EST 06:30Z", "2026-03-15 02:30 EDT 06:30Z"},
		},
		{
			"dtstart in the spring gap keeps later meetings at 02:30", "DTSTART:20260329T023000;RRULE:FREQ=DAILY", berlin, "2026-03-28T12:00:00+01:00", 2,
			[]string{"2026-03-29 03:30 CEST 01:30Z", "2026-03-30 02:30 CEST 00:30Z"},
		},
		{
			"in the autumn overlap, berlin", "weekly sun 02:30", berlin, "2026-10-24T00:00:00+02:00", 2,
			[]string{"2026-10-25 02:30 CET 01:30Z", "2026-11-01 02:30 CET 01:30Z"},
		},
		{
			"in the autumn overlap, new york", "weekly sun 01:30", ny, "2026-10-31T00:00:00-04:00", 2,
			[]string{"2026-11-01 01:30 EDT 05:30Z", "2026-11-08 01:30 EST 06:30Z"},
		},
		{"n of zero", "weekly tue 10:00", berlin, "2026-11-20T00:00:00+01:00", 0, nil},
	}
	for _, tt := range tests {
		r, err := ParseMeetingRule(tt.rule, tt.loc)
		if err != nil {
			t.Errorf("%s: ParseMeetingRule(%q): %v", tt.name, tt.rule, err)
			continue
		}
		after := calInstant(t, tt.after)
		got := r.Occurrences(after, tt.n, nil)
		if strings.Join(calWalls(got), "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: %q.Occurrences(%v, %d) =\n\t%q\nwant\n\t%q", tt.name, tt.rule, after, tt.n, calWalls(got), tt.want)
		}
		for _, o := range got {
			if o.Location() != tt.loc || !DateOf(o).In(tt.loc, Clock{o.Hour(), o.Minute()}).Equal(o) {
				t.Errorf("%s: occurrence %v is not a wall time in %v", tt.name, o, tt.loc)
			}
		}
	}
}

func TestOccurrencesSkip(t *testing.T) {
	berlin := calZone(t, "Europe/Berlin")
	r, err := ParseMeetingRule("weekly tue 10:00", berlin)
	if err != nil {
		t.Fatal(err)
	}
	skipped := map[Date]bool{{2026, 12, 22}: true, {2026, 12, 29}: true}
	skip := func(d Date) bool { return skipped[d] }
	after := calInstant(t, "2026-12-14T00:00:00+01:00")
	want := []string{"2026-12-15 10:00 CET 09:00Z", "2027-01-05 10:00 CET 09:00Z", "2027-01-12 10:00 CET 09:00Z"}
	if got := calWalls(r.Occurrences(after, 3, skip)); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Occurrences(%v, 3, skip 12-22 and 12-29) = %q, want %q", after, got, want)
	}

	// The skip function sees the meeting's day in its own zone: 00:30 in
	// Berlin is still the day before in UTC.
	late, _ := ParseMeetingRule("weekly wed 00:30", berlin)
	var seen []Date
	late.Occurrences(calInstant(t, "2026-11-23T00:00:00Z"), 1, func(d Date) bool { seen = append(seen, d); return false })
	if len(seen) != 1 || seen[0] != (Date{2026, 11, 25}) {
		t.Errorf("skip saw %v, want [2026-11-25]", seen)
	}

	// Skipping everything ends within the bounds instead of looping.
	calls := 0
	got := r.Occurrences(after, 5, func(Date) bool { calls++; return true })
	if len(got) != 0 || calls == 0 || calls > 3*53+1 {
		t.Errorf("Occurrences skipping every day = %v after %d skip calls; want none after about 3 years of calls", got, calls)
	}
	if got, ok := r.Next(after, func(Date) bool { return true }); ok {
		t.Errorf("Next skipping every day = %v, true; want false", got)
	}
}

func TestNext(t *testing.T) {
	berlin := calZone(t, "Europe/Berlin")
	r, err := ParseMeetingRule("every 2 weeks thu 14:30 from 2026-11-26", berlin)
	if err != nil {
		t.Fatal(err)
	}
	after := calInstant(t, "2026-12-10T14:30:00+01:00") // exactly a meeting
	skip := func(d Date) bool { return d == Date{2026, 12, 24} }
	got, ok := r.Next(after, skip)
	if want := "2027-01-07 14:30 CET 13:30Z"; !ok || calWall(got) != want {
		t.Errorf("Next(%v, skip 2026-12-24) = %s, %v; want %s, true", after, calWall(got), ok, want)
	}
	if got, ok := (MeetingRule{}).Next(after, nil); ok {
		t.Errorf("MeetingRule{}.Next(%v) = %v, true; want false", after, got)
	}
	ended, _ := ParseMeetingRule("DTSTART:20261124T100000;RRULE:FREQ=WEEKLY;COUNT=2", berlin)
	if got, ok := ended.Next(after, nil); ok {
		t.Errorf("Next after the last of COUNT=2 = %v, true; want false", got)
	}
}

// One parsed rule serves many goroutines (the scheduler, previews); run
// with -race.
func TestOccurrencesConcurrent(t *testing.T) {
	berlin := calZone(t, "Europe/Berlin")
	r, err := ParseMeetingRule("DTSTART:20261124T100000;RRULE:FREQ=WEEKLY;BYDAY=TU,TH", berlin)
	if err != nil {
		t.Fatal(err)
	}
	after := calInstant(t, "2026-12-01T00:00:00Z")
	want := strings.Join(calWalls(r.Occurrences(after, 4, nil)), "|")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := strings.Join(calWalls(r.Occurrences(after, 4, nil)), "|"); got != want {
				t.Errorf("concurrent Occurrences(%v, 4) = %s, want %s", after, got, want)
			}
		})
	}
	wg.Wait()
}

func TestParseMeetingRule(t *testing.T) {
	berlin := calZone(t, "Europe/Berlin")
	good := []string{
		"weekly tue 10:00",
		"Weekly TUESDAY 9:00",
		"  every  2 weeks   thu 14:30   from 2026-11-26 ",
		"every 1 week thu 14:30 from 2026-11-26",
		"every 3 weeks mon 08:15 from 2026-11-30",
		"monthly first mon 09:00",
		"MONTHLY Last Fri 16:00",
		"RRULE:FREQ=WEEKLY;BYDAY=TU;BYHOUR=10;BYMINUTE=0",
		"rrule: freq=weekly; byday=tu; byhour=10; byminute=0",
		"RRULE:FREQ=DAILY;BYHOUR=10;BYMINUTE=0",
		"DTSTART:20261124T100000;RRULE:FREQ=WEEKLY",
		"DTSTART:20261124T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2",
		"DTSTART:20261124T100000\r\nRRULE:FREQ=MONTHLY;BYDAY=-1TU",
		"RRULE:FREQ=WEEKLY;INTERVAL=2;DTSTART=20261124T100000",
		"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=10;BYMINUTE=0",
	}
	for _, s := range good {
		r, err := ParseMeetingRule(s, berlin)
		if err != nil {
			t.Errorf("ParseMeetingRule(%q) error: %v", s, err)
			continue
		}
		if r.String() != strings.TrimSpace(s) {
			t.Errorf("ParseMeetingRule(%q).String() = %q, want the source text", s, r.String())
		}
	}

	forms := `expected "weekly DAY HH:MM", "every N weeks DAY HH:MM from YYYY-MM-DD", ` +
		`"monthly first|second|third|fourth|last DAY HH:MM" or "RRULE:…"`
	bad := []struct{ in, wantErr string }{
		{"", forms},
		{"daily 10:00", forms},
		{"weekly tue", forms},
		{"weekly tue at 10:00", forms},
		{"every 2 weeks thu 14:30 from", forms},
		{"weekly tues 10:00", `unknown weekday "tues": use mon, tue, wed, thu, fri, sat or sun`},
		{"weekly tue 25:00", `invalid time "25:00": use HH:MM from 00:00 to 23:59`},
		{"weekly tue 10am", `invalid time "10am"`},
		{"every 2 weeks thu 14:30", `every 2 weeks needs "from YYYY-MM-DD"`},
		{"every 2 weeks thu 14:30 from 2026-11-27", "2026-11-27 is a friday, not a thursday"},
		{"every 1 week thu 14:30 from 2026-11-27", "2026-11-27 is a friday, not a thursday"},
		{"every 2 weeks thu 14:30 from 2026-02-30", "february 2026 has 28 days"},
		{"every 0 weeks thu 14:30 from 2026-11-26", `invalid week count "0"`},
		{"every two weeks thu 14:30 from 2026-11-26", `invalid week count "two"`},
		{"monthly fifth mon 09:00", `unknown week "fifth": use first, second, third, fourth or last`},
		{"RRULE:FREQ=HOURLY;BYMINUTE=0", "FREQ=HOURLY is not a meeting rule"},
		{"RRULE:FREQ=MINUTELY", "FREQ=MINUTELY is not a meeting rule"},
		{"RRULE:FREQ=FORTNIGHTLY;BYDAY=TU;BYHOUR=10;BYMINUTE=0", "invalid RRULE: undefined frequency"},
		{"RRULE:BYDAY=TU;BYHOUR=10;BYMINUTE=0", "invalid RRULE"},
		{"RRULE:", "invalid RRULE"},
		{"RRULE:FREQ=WEEKLY;BYDAY=TU", "needs BYHOUR and BYMINUTE"},
		{"RRULE:FREQ=WEEKLY;BYDAY=TU;BYHOUR=10", "needs BYHOUR and BYMINUTE"},
		{"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=10;BYMINUTE=0", "INTERVAL=2 needs DTSTART to know which weeks"},
		{"RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO;BYHOUR=10;BYMINUTE=0", "INTERVAL=3 needs DTSTART to know which months"},
		{"RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=TU;BYHOUR=10;BYMINUTE=0", "COUNT needs DTSTART"},
		{"RRULE:FREQ=WEEKLY;BYHOUR=10;BYMINUTE=0", "needs BYDAY or BYMONTHDAY"},
		{"RRULE:FREQ=WEEKLY;BYDAY=TU;BYHOUR=24;BYMINUTE=0", "invalid RRULE: byhour must be between 0 and 23"},
		{"RRULE:FREQ=WEEKLY;BYDAY=XX;BYHOUR=10;BYMINUTE=0", "invalid RRULE: undefined weekday"},
		{"RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=10;BYMINUTE=0", "no day ever matches it"},
		{"DTSTART:20261124T100000;RRULE:FREQ=WEEKLY;UNTIL=20261101T000000", "no day ever matches it"},
		{"DTSTART:20261124T100000Z;RRULE:FREQ=WEEKLY", `invalid DTSTART "20261124T100000Z"`},
		{"DTSTART:20261124;RRULE:FREQ=WEEKLY", `invalid DTSTART "20261124"`},
		{"DTSTART;TZID=Europe/Berlin:20261124T100000\nRRULE:FREQ=WEEKLY", "TZID are not supported"},
		{"DTSTART:20261124T100000;DTSTART:20261201T100000;RRULE:FREQ=WEEKLY", "more than one DTSTART"},
		{"DTSTART:20261124T100000\nRRULE:FREQ=WEEKLY\nEXDATE:20261201T100000", `invalid RRULE part "EXDATE:20261201T100000": expected NAME=VALUE`},
	}
	for _, tt := range bad {
		r, err := ParseMeetingRule(tt.in, berlin)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseMeetingRule(%q) = %q, %v; want an error containing %q", tt.in, r, err, tt.wantErr)
		}
	}
	if _, err := ParseMeetingRule("weekly tue 10:00", nil); err == nil {
		t.Errorf("ParseMeetingRule with a nil location succeeded, want an error")
	}
}

func calInstant(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("time.Parse(%q): %v", s, err)
	}
	return v
}

func calWalls(ts []time.Time) []string {
	var out []string
	for _, t := range ts {
		out = append(out, calWall(t))
	}
	return out
}
