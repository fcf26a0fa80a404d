package calendar

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestFixturesFollowRFC checks each fixture against the rules of RFC 5545
// and RFC 5546 §3.2 that a server must follow: CRLF lines of at most 75
// octets, PRODID and VERSION, each VEVENT with UID, DTSTAMP and (unless a
// CANCEL) DTSTART, not both DTEND and DURATION, the properties each method
// requires, and a VTIMEZONE for each TZID.
func TestFixturesFollowRFC(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	for _, name := range files {
		raw := string(readFile(t, filepath.Base(name)))
		for i, line := range strings.SplitAfter(raw, "\n") {
			if line != "" && (!strings.HasSuffix(line, "\r\n") || len(line) > 77) {
				t.Errorf("%s:%d: not a CRLF line of at most 75 octets", name, i+1)
			}
		}
		var lines []string
		for line := range unfold([]byte(raw)) {
			lines = append(lines, line)
		}
		method, zones, used := "", map[string]bool{}, map[string]bool{}
		var cal, ev map[string]int
		inZone, sub := false, 0 // sub: depth inside a VEVENT's VALARM
		for _, line := range lines {
			n, rest := lineName(line)
			switch {
			case line == "BEGIN:VCALENDAR":
				cal = map[string]int{}
			case line == "BEGIN:VEVENT":
				ev = map[string]int{}
			case line == "BEGIN:VTIMEZONE":
				inZone = true
			case line == "END:VTIMEZONE":
				inZone = false
			case ev != nil && n == "BEGIN":
				sub++
			case ev != nil && n == "END" && sub > 0:
				sub--
			case sub > 0:
			case line == "END:VEVENT":
				checkEvent(t, name, method, ev)
				ev = nil
			case n == "TZID" && inZone:
				zones[strings.ReplaceAll(rest, `\,`, ",")] = true
			case ev != nil:
				ev[n]++
				if _, after, ok := strings.Cut(line, "TZID="); ok && !inZone {
					tzid := strings.Trim(strings.SplitN(after, `":`, 2)[0], `"`)
					if !strings.HasPrefix(after, `"`) {
						tzid = strings.FieldsFunc(after, func(r rune) bool { return r == ':' || r == ';' })[0]
					}
					used[tzid] = true
				}
			case cal != nil:
				cal[n]++
				if n == "METHOD" {
					method = rest
				}
			}
		}
		if cal["PRODID"] != 1 || cal["VERSION"] != 1 {
			t.Errorf("%s: VCALENDAR without one PRODID and one VERSION", name)
		}
		for tzid := range used {
			if !zones[tzid] {
				t.Errorf("%s: TZID %q has no VTIMEZONE", name, tzid)
			}
		}
	}
}

// checkEvent checks the properties of one VEVENT.
func checkEvent(t *testing.T, name, method string, ev map[string]int) {
	t.Helper()
	need := []string{"UID", "DTSTAMP"}
	switch method {
	case "REQUEST":
		need = append(need, "DTSTART", "ORGANIZER", "ATTENDEE", "SUMMARY")
	case "CANCEL":
		need = append(need, "ORGANIZER", "ATTENDEE", "SEQUENCE")
	default:
		need = append(need, "DTSTART")
	}
	for _, p := range need {
		if ev[p] == 0 {
			t.Errorf("%s: a %s VEVENT without %s", name, method, p)
		}
	}
	for _, p := range []string{"UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SEQUENCE", "RECURRENCE-ID", "ORGANIZER"} {
		if ev[p] > 1 {
			t.Errorf("%s: %s more than once", name, p)
		}
	}
	if ev["DTEND"] > 0 && ev["DURATION"] > 0 {
		t.Errorf("%s: both DTEND and DURATION", name)
	}
}
