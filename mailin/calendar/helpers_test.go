package calendar

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixture parses a file of testdata.
func fixture(t *testing.T, name string, fallback *time.Location) []Invitation {
	t.Helper()
	invs, err := Parse(readFile(t, name), fallback)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return invs
}

// one returns the only invitation of a fixture, which must have no Err.
func one(t *testing.T, name string, fallback *time.Location) Invitation {
	t.Helper()
	invs := fixture(t, name, fallback)
	if len(invs) != 1 {
		t.Fatalf("Parse(%s) = %d invitations, want 1", name, len(invs))
	}
	if invs[0].Err != nil {
		t.Fatalf("Parse(%s): invitation error: %v", name, invs[0].Err)
	}
	return invs[0]
}

// load returns a zone by IANA name.
func load(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// day is midnight UTC of a date written YYYY-MM-DD.
func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// starts formats the starts of occurrences in their own zones, with a *
// after a moved one: "Tue 2026-10-27 10:00 +0100".
func starts(occs []Occurrence) []string {
	out := []string{}
	for _, o := range occs {
		s := o.Start.Format("Mon 2006-01-02 15:04 -0700")
		if o.Moved {
			s += "*"
		}
		out = append(out, s)
	}
	return out
}

// calendar wraps VEVENT lines (and any VTIMEZONE) in a VCALENDAR with a
// method; lines are joined with CRLF.
func calendar(method string, lines ...string) []byte {
	head := "BEGIN:VCALENDAR\r\nPRODID:-//preread//test//EN\r\nVERSION:2.0\r\n"
	if method != "" {
		head += "METHOD:" + method + "\r\n"
	}
	return []byte(head + strings.Join(lines, "\r\n") + "\r\nEND:VCALENDAR\r\n")
}

// event is a VEVENT with a UID, a DTSTAMP and the given lines.
func event(lines ...string) string {
	return "BEGIN:VEVENT\r\nUID:test-1@corp.example\r\nDTSTAMP:20260101T000000Z\r\n" +
		strings.Join(lines, "\r\n") + "\r\nEND:VEVENT"
}

// seriesOf parses data and applies its one invitation to a new Series.
func seriesOf(t *testing.T, data []byte, fallback *time.Location) Series {
	t.Helper()
	invs, err := Parse(data, fallback)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, data)
	}
	if len(invs) != 1 || invs[0].Err != nil {
		t.Fatalf("Parse = %d invitations (%v), want 1 without error", len(invs), invs)
	}
	var s Series
	s.Apply(invs[0])
	return s
}

func equal(a, b []string) bool {
	return strings.Join(a, "|") == strings.Join(b, "|")
}

// readFile returns a file of testdata.
func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
