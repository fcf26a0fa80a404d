package preread

import (
	"testing"
	"time"
)

// Within keeps what belongs to the period, reading instants as days in
// the manager's time zone: an item raised at 23:30 on 30 Nov in Berlin is
// of 30 Nov there, though it is 1 Dec in Tokyo.
func TestNotebookWithin(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := func(s string) Date {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	late := time.Date(2026, 11, 30, 23, 30, 0, 0, berlin)
	nb := Notebook{
		Status: []StatusEntry{{Date: day("2026-11-30")}, {Date: day("2026-12-01")}},
		Agenda: []AgendaItem{
			{Manager: "m", Created: late},
			{Manager: "m", Created: late.AddDate(0, -1, 0), Closed: late.AddDate(0, 0, 1)}, // closed on 1 Dec
			{Manager: "m", Created: late.AddDate(0, -1, 0)},                                // still open from October
		},
		Notes:        []Note{{Manager: "m", Created: late.Add(time.Hour)}},
		Actions:      []ActionItem{{Manager: "m", Created: late}, {Manager: "m", Created: late.AddDate(0, 0, -3), Closed: late}},
		MeetingNotes: []MeetingNote{{Manager: "m", Created: late}},
		Meetings:     []MeetingRecord{{Manager: "m", Start: late.AddDate(0, 0, 2)}},
	}
	zone := func(string) *time.Location { return berlin }
	got := nb.Within(Period{Since: day("2026-11-30"), Until: day("2026-11-30")}, zone)
	if len(got.Status) != 1 || len(got.Agenda) != 1 || len(got.Notes) != 0 || len(got.Actions) != 2 || len(got.MeetingNotes) != 1 || len(got.Meetings) != 0 {
		t.Errorf("Within(30 Nov) = %d status, %d agenda, %d notes, %d actions, %d meeting notes, %d meetings; want 1, 1, 0, 2, 1, 0",
			len(got.Status), len(got.Agenda), len(got.Notes), len(got.Actions), len(got.MeetingNotes), len(got.Meetings))
	}
	got = nb.Within(Period{Since: day("2026-12-01")}, zone)
	if len(got.Status) != 1 || len(got.Agenda) != 1 || len(got.Notes) != 1 || len(got.Meetings) != 1 {
		t.Errorf("Within(from 1 Dec) = %+v", got)
	}
	if got := nb.Within(Period{}, zone); len(got.Agenda) != 3 {
		t.Errorf("Within(no period) dropped items: %+v", got)
	}
	if !(Period{Until: day("2026-12-01")}).Holds(day("2026-12-01")) || (Period{Since: day("2026-12-02")}).Holds(day("2026-12-01")) {
		t.Errorf("Period.Holds is not inclusive")
	}
}
