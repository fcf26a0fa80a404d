package calendar

import (
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

// TestAdvanceKeepsInstances checks that a rule whose DTSTART advance moves
// near the span has the same instances in the span as the rule walked
// from its DTSTART, for the frequencies, intervals and BYxxx parts a 1:1
// uses, across DST in Berlin and month ends.
func TestAdvanceKeepsInstances(t *testing.T) {
	berlin := load(t, "Europe/Berlin")
	for _, tt := range []struct {
		rule  string
		start time.Time
	}{
		{"FREQ=DAILY", time.Date(1990, 3, 25, 2, 30, 0, 0, berlin)},
		{"FREQ=DAILY;INTERVAL=3", time.Date(2001, 1, 1, 9, 0, 0, 0, berlin)},
		{"FREQ=DAILY;BYDAY=MO,WE,FR", time.Date(2003, 5, 5, 9, 15, 0, 0, berlin)},
		{"FREQ=WEEKLY", time.Date(2019, 10, 1, 10, 0, 0, 0, berlin)},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU", time.Date(2012, 1, 3, 10, 0, 0, 0, berlin)},
		{"FREQ=WEEKLY;INTERVAL=3;WKST=MO", time.Date(2015, 6, 7, 23, 30, 0, 0, berlin)},
		{"FREQ=MONTHLY", time.Date(2010, 1, 31, 14, 0, 0, 0, berlin)},
		{"FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=-1", time.Date(2011, 2, 28, 8, 0, 0, 0, berlin)},
		{"FREQ=MONTHLY;BYDAY=2TU", time.Date(2005, 3, 8, 10, 0, 0, 0, berlin)},
		{"FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,TU;BYSETPOS=1", time.Date(2009, 9, 1, 10, 0, 0, 0, berlin)},
		{"FREQ=YEARLY", time.Date(1996, 2, 29, 10, 0, 0, 0, berlin)},
		{"FREQ=YEARLY;INTERVAL=3;BYMONTH=3;BYDAY=-1SU", time.Date(1999, 3, 28, 2, 30, 0, 0, berlin)},
		{"FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO", time.Date(2000, 1, 3, 9, 0, 0, 0, time.UTC)},
		{"FREQ=WEEKLY;UNTIL=20270101T000000Z", time.Date(2018, 4, 3, 10, 0, 0, 0, berlin)},
	} {
		opt, err := eventRule(tt.rule, tt.start)
		if err != nil || opt == nil {
			t.Fatalf("%s: %v", tt.rule, err)
		}
		for _, from := range []time.Time{time.Date(2026, 3, 1, 0, 0, 0, 0, berlin), time.Date(2026, 10, 20, 9, 0, 0, 0, berlin),
			time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC)} {
			to := from.AddDate(1, 2, 0)
			full, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatal(err)
			}
			want := full.Between(from, to, true)
			moved, err := rrule.NewRRule(advance(*opt, from))
			if err != nil {
				t.Fatal(err)
			}
			got := moved.Between(from, to, true)
			if len(got) != len(want) {
				t.Errorf("%s from %v: %d instances advanced, %d from DTSTART", tt.rule, from, len(got), len(want))
				continue
			}
			for i := range got {
				if !got[i].Equal(want[i]) {
					t.Errorf("%s from %v: instance %d is %v advanced, %v from DTSTART", tt.rule, from, i, got[i], want[i])
					break
				}
			}
		}
	}
}

// TestThisAndFuture checks that an override with RANGE=THISANDFUTURE moves
// its occurrence and every later one by as much, that a later override of
// its own still wins, and that a cancelled one cancels the rest.
func TestThisAndFuture(t *testing.T) {
	berlin := load(t, "Europe/Berlin")
	s := seriesOf(t, calendar("REQUEST", event("DTSTART;TZID=Europe/Berlin:20261006T100000",
		"DTEND;TZID=Europe/Berlin:20261006T103000", "RRULE:FREQ=WEEKLY")), nil)
	for _, o := range []string{
		"RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261020T100000\r\nDTSTART;TZID=Europe/Berlin:20261020T113000\r\n" +
			"DTEND;TZID=Europe/Berlin:20261020T120000\r\nSEQUENCE:1",
		"RECURRENCE-ID;TZID=Europe/Berlin:20261103T100000\r\nDTSTART;TZID=Europe/Berlin:20261104T090000\r\n" +
			"DTEND;TZID=Europe/Berlin:20261104T093000\r\nSEQUENCE:1",
		"RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261117T100000\r\nSTATUS:CANCELLED\r\n" +
			"DTSTART;TZID=Europe/Berlin:20261117T100000\r\nDTEND;TZID=Europe/Berlin:20261117T103000\r\nSEQUENCE:1",
	} {
		invs, err := Parse(calendar("REQUEST", event(o)), nil)
		if err != nil || len(invs) != 1 {
			t.Fatal(err)
		}
		s.Apply(invs[0])
	}
	want := []string{"Tue 2026-10-13 10:00 +0200", "Tue 2026-10-20 11:30 +0200*", "Tue 2026-10-27 11:30 +0100*",
		"Wed 2026-11-04 09:00 +0100*", "Tue 2026-11-10 11:30 +0100*"}
	if got := starts(s.Between(time.Date(2026, 10, 12, 0, 0, 0, 0, berlin), time.Date(2027, 1, 1, 0, 0, 0, 0, berlin))); !equal(got, want) {
		t.Errorf("with RANGE=THISANDFUTURE:\n%v\nwant\n%v", got, want)
	}
}
