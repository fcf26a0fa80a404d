package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestHostile feeds Parse input that is broken or built to hurt: it must
// return (an error or what it could read) without panicking, quickly.
func TestHostile(t *testing.T) {
	valid := event("DTSTART:20260309T090000Z", "RRULE:FREQ=WEEKLY")
	tests := []struct {
		name string
		data []byte
		ok   bool // an invitation with a master comes back
	}{
		{"empty", nil, false},
		{"not a calendar", []byte("Hi,\r\nsee you Tuesday.\r\n"), false},
		{"only BEGIN", []byte("BEGIN:VCALENDAR\r\n"), false},
		{"no events", calendar("REQUEST"), false},
		{"truncated", calendar("REQUEST", valid)[:150], false},
		{"END of the wrong component", []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n"), false},
		{"nested deep", []byte("BEGIN:VCALENDAR\r\n" + strings.Repeat("BEGIN:X\r\n", 100000)), false},
		{"nested deep and closed", []byte("BEGIN:VCALENDAR\r\n" + strings.Repeat("BEGIN:VEVENT\r\n", 50) + strings.Repeat("END:VEVENT\r\n", 50) + "END:VCALENDAR\r\n"), false},
		// go-ical panics on these two parameter shapes.
		{"text after a quoted parameter", calendar("REQUEST", event("DTSTART:20260309T090000Z", `ATTENDEE;CN="x"y:mailto:a@b.example`)), false},
		{"parameter at the end of a line", calendar("REQUEST", event("DTSTART:20260309T090000Z", "ATTENDEE;CN=x")), false},
		{"parameter quote open", calendar("REQUEST", event("DTSTART:20260309T090000Z", `ATTENDEE;CN="x:mailto:a@b.example`)), false},
		{"parameters over the bound", calendar("REQUEST", event("DTSTART:20260309T090000Z", "ATTENDEE;CN="+strings.Repeat("a", maxParams+1)+":mailto:a@b.example")), false},
		{"line over the bound", calendar("REQUEST", event("DTSTART:20260309T090000Z", "SUMMARY:"+strings.Repeat("a", maxLine))), false},
		{"over MaxSize", append(calendar("REQUEST", valid), bytes.Repeat([]byte("x"), MaxSize)...), false},
		{"too many events", calendar("REQUEST", strings.Repeat(valid+"\r\n", maxEvents+1)), true},
		{"too many rules", calendar("REQUEST", strings.Repeat(valid+"\r\n", maxRules+1)), true},
		{"too many calendars", bytes.Repeat(calendar("REQUEST", valid), maxCalendars+1), false},
		{"too many zones", calendar("REQUEST", manyZones(maxZones+1)...), true},
		{"binary", []byte("BEGIN:VCALENDAR\r\n\x00\xff\xfe:\x01;;;\r\nEND:VCALENDAR\r\n"), false},
		{"a huge attachment is skipped", calendar("REQUEST", event("DTSTART:20260309T090000Z",
			"ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY:"+fold(strings.Repeat("QUJD", 700000)))), true},
		{"a forward around the calendar, LF lines", []byte("---------- Forwarded message ---------\nFrom: Mara\n\n" +
			strings.ReplaceAll(string(calendar("REQUEST", valid)), "\r\n", "\n") + "\n-- \nMara\n"), true},
		{"a BOM", append([]byte("\xef\xbb\xbf"), calendar("REQUEST", valid)...), true},
		{"a VALARM nested in a VALARM", calendar("REQUEST", strings.Replace(valid, "END:VEVENT",
			"BEGIN:VALARM\r\nBEGIN:VALARM\r\nTRIGGER:-PT1M\r\nEND:VALARM\r\nEND:VALARM\r\nEND:VEVENT", 1)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			begin := time.Now()
			invs, err := Parse(tt.data, nil)
			ok := err == nil && len(invs) > 0 && invs[0].Master != nil
			if ok != tt.ok {
				t.Errorf("Parse = %d invitations, error %v; want a master: %v", len(invs), err, tt.ok)
			}
			for _, inv := range invs {
				var s Series
				s.Apply(inv)
				s.Between(day("2026-01-01"), day("2027-01-01"))
			}
			if d := time.Since(begin); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// manyZones returns n events, each in a zone of its own.
func manyZones(n int) []string {
	names := []string{"Europe/Berlin", "Europe/Paris", "Europe/London", "America/New_York", "America/Chicago",
		"America/Denver", "America/Los_Angeles", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney"}
	var out []string
	for i := range n {
		out = append(out, "BEGIN:VEVENT\r\nUID:zone-"+names[i%len(names)]+strings.Repeat("x", i)+"\r\n"+
			"DTSTAMP:20260101T000000Z\r\nDTSTART;TZID="+windowsOrIANA(i, names)+":20260309T090000\r\nEND:VEVENT")
	}
	return out
}

// windowsOrIANA names zone i: the IANA names, then prefixed copies of them,
// which are distinct TZIDs.
func windowsOrIANA(i int, names []string) string {
	if i < len(names) {
		return names[i]
	}
	return "/x" + strings.Repeat("y", i) + "/" + names[i%len(names)]
}

// fold folds a long value at 74 octets (RFC 5545 §3.1).
func fold(s string) string {
	var b strings.Builder
	for len(s) > 74 {
		b.WriteString(s[:74] + "\r\n ")
		s = s[74:]
	}
	b.WriteString(s)
	return b.String()
}

// TestSeveralCalendars reads two calendar objects in one input, with the
// method of each.
func TestSeveralCalendars(t *testing.T) {
	data := append(calendar("REQUEST", event("DTSTART:20260309T090000Z")),
		calendar("CANCEL", strings.Replace(event("DTSTART:20260309T090000Z"), "test-1", "test-2", 1))...)
	invs, err := Parse(data, nil)
	if err != nil || len(invs) != 2 || invs[0].Method != Request || invs[1].Method != Cancel || !invs[1].Master.Cancelled {
		t.Errorf("Parse = %+v, %v", invs, err)
	}
}
