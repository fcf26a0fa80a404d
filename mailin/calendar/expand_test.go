package calendar

import (
	"testing"
	"time"
)

// TestRecurrence expands every shape of recurrence the servers write, in
// Europe/Berlin, whose DST begins on 29 March 2026 and ends on 25 October.
func TestRecurrence(t *testing.T) {
	const start = "DTSTART;TZID=Europe/Berlin:20260309T090000"
	tests := []struct {
		name     string
		lines    []string
		from, to string
		want     []string
	}{
		{"weekly across the start of DST", []string{start, "RRULE:FREQ=WEEKLY"}, "2026-03-20", "2026-04-07",
			[]string{"Mon 2026-03-23 09:00 +0100", "Mon 2026-03-30 09:00 +0200", "Mon 2026-04-06 09:00 +0200"}},
		{"weekly across the end of DST", []string{"DTSTART;TZID=Europe/Berlin:20261019T090000", "RRULE:FREQ=WEEKLY"}, "2026-10-19", "2026-11-03",
			[]string{"Mon 2026-10-19 09:00 +0200", "Mon 2026-10-26 09:00 +0100", "Mon 2026-11-02 09:00 +0100"}},
		{"EXDATE list on one line", []string{start, "RRULE:FREQ=WEEKLY", "EXDATE;TZID=Europe/Berlin:20260316T090000,20260330T090000"}, "2026-03-09", "2026-04-07",
			[]string{"Mon 2026-03-09 09:00 +0100", "Mon 2026-03-23 09:00 +0100", "Mon 2026-04-06 09:00 +0200"}},
		{"EXDATE on two lines", []string{start, "RRULE:FREQ=WEEKLY", "EXDATE;TZID=Europe/Berlin:20260316T090000", "EXDATE;TZID=Europe/Berlin:20260330T090000"}, "2026-03-09", "2026-04-07",
			[]string{"Mon 2026-03-09 09:00 +0100", "Mon 2026-03-23 09:00 +0100", "Mon 2026-04-06 09:00 +0200"}},
		{"EXDATE in UTC", []string{start, "RRULE:FREQ=WEEKLY", "EXDATE:20260330T070000Z"}, "2026-03-20", "2026-04-07",
			[]string{"Mon 2026-03-23 09:00 +0100", "Mon 2026-04-06 09:00 +0200"}},
		{"EXDATE as a date", []string{start, "RRULE:FREQ=WEEKLY", "EXDATE;VALUE=DATE:20260330"}, "2026-03-20", "2026-04-07",
			[]string{"Mon 2026-03-23 09:00 +0100", "Mon 2026-04-06 09:00 +0200"}},
		{"RDATE list", []string{start, "RRULE:FREQ=WEEKLY;COUNT=2", "RDATE;TZID=Europe/Berlin:20260401T090000,20260402T150000"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100", "Mon 2026-03-16 09:00 +0100", "Wed 2026-04-01 09:00 +0200", "Thu 2026-04-02 15:00 +0200"}},
		{"RDATE in another zone", []string{start, "RDATE;TZID=America/New_York:20260401T090000"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100", "Wed 2026-04-01 15:00 +0200"}},
		{"RDATE as a PERIOD", []string{start, "RDATE;VALUE=PERIOD:20260401T070000Z/PT1H"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100", "Wed 2026-04-01 09:00 +0200"}},
		{"RDATE and EXDATE of the same time", []string{start, "RDATE;TZID=Europe/Berlin:20260401T090000", "EXDATE;TZID=Europe/Berlin:20260401T090000"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100"}},
		{"UNTIL in UTC, inclusive", []string{start, "RRULE:FREQ=WEEKLY;UNTIL=20260323T080000Z"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100", "Mon 2026-03-16 09:00 +0100", "Mon 2026-03-23 09:00 +0100"}},
		{"UNTIL as a date", []string{start, "RRULE:FREQ=WEEKLY;UNTIL=20260316"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100", "Mon 2026-03-16 09:00 +0100"}},
		{"UNTIL in local time", []string{start, "RRULE:FREQ=WEEKLY;UNTIL=20260316T085959"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100"}},
		{"every two weeks", []string{start, "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100", "Mon 2026-03-23 09:00 +0100", "Mon 2026-04-06 09:00 +0200"}},
		{"two days a week", []string{start, "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=3"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100", "Thu 2026-03-12 09:00 +0100", "Mon 2026-03-16 09:00 +0100"}},
		{"first Monday monthly", []string{"DTSTART;TZID=Europe/Berlin:20260302T090000", "RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=3"}, "2026-03-01", "2026-07-01",
			[]string{"Mon 2026-03-02 09:00 +0100", "Mon 2026-04-06 09:00 +0200", "Mon 2026-05-04 09:00 +0200"}},
		{"last Friday monthly", []string{"DTSTART;TZID=Europe/Berlin:20260327T160000", "RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=2"}, "2026-03-01", "2026-07-01",
			[]string{"Fri 2026-03-27 16:00 +0100", "Fri 2026-04-24 16:00 +0200"}},
		{"daily on workdays", []string{"DTSTART;TZID=Europe/Berlin:20260327T090000", "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=3"}, "2026-03-01", "2026-07-01",
			[]string{"Fri 2026-03-27 09:00 +0100", "Mon 2026-03-30 09:00 +0200", "Tue 2026-03-31 09:00 +0200"}},
		{"DTSTART off the rule is a meeting too", []string{"DTSTART;TZID=Europe/Berlin:20260311T090000", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2"}, "2026-03-01", "2026-05-01",
			[]string{"Wed 2026-03-11 09:00 +0100", "Mon 2026-03-16 09:00 +0100", "Mon 2026-03-23 09:00 +0100"}},
		{"lower-case rule and X- part", []string{start, "RRULE:freq=weekly;count=2;x-name=1"}, "2026-03-01", "2026-05-01",
			[]string{"Mon 2026-03-09 09:00 +0100", "Mon 2026-03-16 09:00 +0100"}},
		{"a rule that never matches leaves DTSTART", []string{start, "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "2026-01-01", "2027-01-01",
			[]string{"Mon 2026-03-09 09:00 +0100"}},
		{"window start inside a meeting", []string{start, "RRULE:FREQ=WEEKLY"}, "2026-03-09T08:10:00Z", "2026-03-17",
			[]string{"Mon 2026-03-16 09:00 +0100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seriesOf(t, calendar("REQUEST", event(tt.lines...)), nil)
			got := starts(s.Between(instant(tt.from), instant(tt.to)))
			if !equal(got, tt.want) {
				t.Errorf("%q\nBetween(%s, %s) = %q\nwant %q", tt.lines, tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// instant reads YYYY-MM-DD or RFC 3339.
func instant(s string) time.Time {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	return day(s)
}

// TestEnds checks each way an event gives its end.
func TestEnds(t *testing.T) {
	tests := []struct {
		lines []string
		want  time.Duration
	}{
		{[]string{"DTSTART:20260309T090000Z", "DTEND:20260309T093000Z"}, 30 * time.Minute},
		{[]string{"DTSTART:20260309T090000Z", "DURATION:PT1H15M"}, 75 * time.Minute},
		{[]string{"DTSTART:20260309T090000Z", "DURATION:P1DT2H"}, 26 * time.Hour},
		{[]string{"DTSTART:20260309T090000Z"}, 0},
		{[]string{"DTSTART;TZID=Europe/Berlin:20260309T090000", "DTEND;TZID=Europe/London:20260309T083000"}, 30 * time.Minute},
		{[]string{"DTSTART;VALUE=DATE:20260309"}, 24 * time.Hour},
	}
	for _, tt := range tests {
		s := seriesOf(t, calendar("REQUEST", event(tt.lines...)), nil)
		if got := s.Master.End.Sub(s.Master.Start); got != tt.want {
			t.Errorf("%q: lasts %v, want %v", tt.lines, got, tt.want)
		}
	}
}

// TestRefusedRules checks that rules which would stall rrule-go, and bad
// times, are refused with the event, not expanded.
func TestRefusedRules(t *testing.T) {
	for _, lines := range [][]string{
		{"DTSTART:20260309T090000Z", "RRULE:FREQ=SECONDLY"},
		{"DTSTART:20260309T090000Z", "RRULE:FREQ=HOURLY;INTERVAL=2;BYHOUR=1"},
		{"DTSTART:20260309T090000Z", "RRULE:FREQ=MINUTELY"},
		{"DTSTART:20260309T090000Z", "RRULE:FREQ=WEEKLY;INTERVAL=100000"},
		{"DTSTART:20260309T090000Z", "RRULE:FREQ=FORTNIGHTLY"},
		{"DTSTART:20260309T090000Z", "RRULE:FREQ=WEEKLY;BYHOUR=25"},
		{"DTSTART:20260309T090000Z", "RRULE:FREQ=DAILY;BYHOUR=9,10"},
		{"DTSTART:20260309T090000Z", "RRULE:FREQ=DAILY;BYMINUTE=0,1,2,3,4,5"},
		{"DTSTART:20260309T090000Z", "RRULE:FREQ=WEEKLY;BYSECOND=0,30"},
		{"DTSTART:00010101T090000Z", "RRULE:FREQ=DAILY"},
		{"DTSTART:20260309T090000Z", "DTEND:20260308T090000Z"},
		{"DTSTART:20260309T090000Z", "DURATION:P400D"},
		{"DTSTART:20260309T090000Z", "DURATION:-PT1H"},
		{"DTSTART:20260309T090000Z", "SEQUENCE:-1"},
		{"DTSTART:2026-03-09"},
		{"DTSTART:20260309T090000Z,20260310T090000Z"},
		{"SUMMARY:no start"},
	} {
		invs, err := Parse(calendar("REQUEST", event(lines...)), nil)
		if err != nil || len(invs) != 1 || invs[0].Master != nil || invs[0].Err == nil {
			t.Errorf("%q: read as %+v (%v), want an invitation with Err and no master", lines, invs, err)
		}
	}
}

// TestBoundedExpansion checks that a huge COUNT, a daily series a century
// long and a rule that never matches cost little.
func TestBoundedExpansion(t *testing.T) {
	begin := time.Now()
	s := seriesOf(t, calendar("REQUEST", event("DTSTART:20260302T100000Z", "RRULE:FREQ=WEEKLY;COUNT=1000000000")), nil)
	if n := len(s.Between(day("2026-01-01"), day("2027-01-01"))); n != 44 {
		t.Errorf("COUNT=10^9 weekly in 2026: %d meetings, want 44", n)
	}
	if n := len(s.Between(day("1900-01-01"), day("2200-01-01"))); n != MaxResults {
		t.Errorf("three centuries: %d meetings, want the bound %d", n, MaxResults)
	}
	daily := seriesOf(t, calendar("REQUEST", event("DTSTART:19000101T100000Z", "RRULE:FREQ=DAILY")), nil)
	if n := len(daily.Between(day("2026-03-01"), day("2026-03-08"))); n != 7 {
		t.Errorf("a daily series since 1900, one week of 2026: %d meetings, want 7", n)
	}
	var never []string
	for range maxRules {
		never = append(never, event("DTSTART:20260309T090000Z", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"))
	}
	if _, err := Parse(calendar("REQUEST", never...), nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(begin); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestExpansionStartsNearTheSpan checks that sixteen daily series since
// 1900, each with an override of an occurrence in 2199, cost a planner's
// few spans of 2026 little: the walk starts near the span and stops at
// its end, however old DTSTART and however late the override.
func TestExpansionStartsNearTheSpan(t *testing.T) {
	var all []Series
	for range 16 {
		s := seriesOf(t, calendar("REQUEST", event("DTSTART:19000101T100000Z", "DTEND:19000101T103000Z", "RRULE:FREQ=DAILY")), nil)
		invs, err := Parse(calendar("REQUEST", event("RECURRENCE-ID:21991231T100000Z", "DTSTART:21991231T110000Z", "SEQUENCE:1")), nil)
		if err != nil {
			t.Fatal(err)
		}
		s.Apply(invs[0])
		all = append(all, s)
	}
	begin := time.Now()
	for _, s := range all {
		for _, span := range [][2]time.Time{{day("2026-10-19"), day("2027-01-19")}, {day("2026-10-12"), day("2027-11-19")}, {day("2026-10-19"), day("2026-10-20")}} {
			if n := len(s.Between(span[0], span[1])); n != int(span[1].Sub(span[0]).Hours()/24) {
				t.Fatalf("Between(%v, %v) = %d meetings, want one a day", span[0], span[1], n)
			}
		}
	}
	if d := time.Since(begin); d > 400*time.Millisecond {
		t.Errorf("48 expansions took %v", d)
	}
}

// TestHasInstance checks the shortened search for a first instance on rules
// that match rarely, or never, or only with their INTERVAL lined up.
func TestHasInstance(t *testing.T) {
	start := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC) // a Tuesday
	tests := []struct {
		rule string
		want bool
	}{
		{"FREQ=WEEKLY", true},
		{"FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", false},
		{"FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", true}, // 29 Feb 2044
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=SU", true},
		{"FREQ=DAILY;INTERVAL=7;BYDAY=MO", false}, // every 7 days from a Tuesday
		{"FREQ=DAILY;INTERVAL=7;BYDAY=TU", true},
		{"FREQ=WEEKLY;INTERVAL=3;BYWEEKNO=53;BYDAY=TH", true},
		{"FREQ=MONTHLY;INTERVAL=12;BYMONTH=4", false}, // every March
		{"FREQ=MONTHLY;INTERVAL=7;BYMONTH=4;BYMONTHDAY=10", true},
		{"FREQ=YEARLY;COUNT=1;BYYEARDAY=366", true},
		{"FREQ=DAILY;INTERVAL=997;BYMONTH=2", true}, // too long a repeat to shorten
	}
	for _, tt := range tests {
		opt, _, err := splitRule(tt.rule)
		if err != nil {
			t.Fatalf("%s: %v", tt.rule, err)
		}
		opt.Dtstart = start
		if got, err := hasInstance(*opt); got != tt.want || err != nil {
			t.Errorf("hasInstance(%s) = %v, %v; want %v", tt.rule, got, err, tt.want)
		}
	}
}
