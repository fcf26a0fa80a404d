package calendar

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse feeds Parse the fixtures and mangled calendars, then applies
// and expands what it read: nothing may panic, and the meetings must come
// sorted, each ending at or after its start.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.ics"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(calendar("REQUEST", event("DTSTART;TZID=X:20260309T090000", `ATTENDEE;CN="x"y:mailto:a@b`)))
	f.Add(calendar("CANCEL", event("RECURRENCE-ID:20260309T090000Z")))
	f.Add(calendar("", "BEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"+
		"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE",
		event("DTSTART;TZID=X:20260309T090000", "RRULE:FREQ=DAILY;BYSETPOS=-1;BYDAY=MO,FR", "EXDATE;TZID=X:20260310T090000")))
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		invs, err := Parse(data, time.UTC)
		if err != nil {
			return
		}
		var s Series
		for _, inv := range invs {
			s.Apply(inv)
			_ = inv.Attendees()
		}
		occs := s.Between(from, to)
		for i, o := range occs {
			if o.End.Before(o.Start) {
				t.Fatalf("meeting %d ends %v before it starts %v", i, o.End, o.Start)
			}
			if i > 0 && o.Start.Before(occs[i-1].Start) {
				t.Fatalf("meetings out of order: %v after %v", o.Start, occs[i-1].Start)
			}
		}
	})
}
