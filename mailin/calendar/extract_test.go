package calendar

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// fingerprint is what an invitation sets, in words: each event's times
// (as instants and in their zone's offsets), rule, dates, revision and
// people.
func fingerprint(inv Invitation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s err=%v\n", inv.Method, inv.UID, inv.Err != nil)
	for _, e := range inv.Events() {
		fmt.Fprintf(&b, "rid=%s start=%s end=%s rule=%q rdates=%v exdates=%v rev=%+v cancelled=%v allday=%v org=%s att=%v sum=%q\n",
			recurrenceKey(e.RecurrenceID), e.Start.Format("2006-01-02T15:04:05-0700"), e.End.Format("2006-01-02T15:04:05-0700"),
			e.Rule, e.RDates, e.ExDates, e.Revision, e.Cancelled, e.AllDay, e.Organizer, e.Attendees, e.Summary)
	}
	return b.String()
}

// TestExtractKeepsTheEvent checks that what Extract keeps of each fixture,
// for each of its events, reads as the same invitation, and is smaller.
func TestExtractKeepsTheEvent(t *testing.T) {
	files, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), ".ics") {
			continue
		}
		data := readFile(t, f.Name())
		for _, inv := range fixture(t, f.Name(), nil) {
			kept, err := Extract(data, inv.UID)
			if err != nil {
				t.Errorf("Extract(%s, %s): %v", f.Name(), inv.UID, err)
				continue
			}
			got, err := Parse(kept, nil)
			if err != nil || len(got) != 1 {
				t.Errorf("Parse(Extract(%s, %s)) = %d invitations, %v; want 1\n%s", f.Name(), inv.UID, len(got), err, kept)
				continue
			}
			if a, b := fingerprint(got[0]), fingerprint(inv); a != b {
				t.Errorf("%s, %s kept:\n%s\nwant:\n%s", f.Name(), inv.UID, a, b)
			}
			if len(kept) >= len(data) && strings.Contains(string(data), "DESCRIPTION") {
				t.Errorf("%s: kept %d bytes of %d", f.Name(), len(kept), len(data))
			}
		}
	}
}

// TestExtractLeavesOthersOut checks that the events and zones of other
// UIDs, and everything Parse does not read, are not kept.
func TestExtractLeavesOthersOut(t *testing.T) {
	big := strings.Repeat("x", 70)
	var lines []string
	for i := range 40 {
		lines = append(lines, "BEGIN:VTIMEZONE\r\nTZID:Zone "+fmt.Sprint(i)+"\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"+
			"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE")
	}
	lines = append(lines, event("DTSTART;TZID=Zone 3:20261006T100000", "DESCRIPTION:"+big, "RRULE:FREQ=WEEKLY"),
		strings.Replace(event("DTSTART;TZID=Zone 4:20261006T100000"), "test-1@", "other@", 1))
	data := calendar("REQUEST", lines...)
	kept, err := Extract(data, "test-1@corp.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"Zone 4", "Zone 5", "other@", big} {
		if strings.Contains(string(kept), absent) {
			t.Errorf("Extract kept %q:\n%s", absent, kept)
		}
	}
	if !strings.Contains(string(kept), "TZID:Zone 3") || !strings.Contains(string(kept), "METHOD:REQUEST") {
		t.Errorf("Extract lost the event's zone or the method:\n%s", kept)
	}
}
