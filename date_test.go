package preread

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr string // a part of the error; "" means no error
	}{
		{"2026-11-24", Date{2026, time.November, 24}, ""},
		{"2028-02-29", Date{2028, time.February, 29}, ""}, // leap year
		{"2026-12-31", Date{2026, time.December, 31}, ""},
		{"2026-02-30", Date{}, "february 2026 has 28 days"},
		{"2026-02-29", Date{}, "february 2026 has 28 days"},
		{"2026-04-31", Date{}, "april 2026 has 30 days"},
		{"2026-13-01", Date{}, "month from 01 to 12"},
		{"2026-00-10", Date{}, "month from 01 to 12"},
		{"2026-11-00", Date{}, "has 30 days"},
		{"0000-01-01", Date{}, "year from 0001"},
		{"2026-1-24", Date{}, "use YYYY-MM-DD"},
		{"26-11-24", Date{}, "use YYYY-MM-DD"},
		{"2026/11/24", Date{}, "use YYYY-MM-DD"},
		{"2026-11-24T10:00", Date{}, "use YYYY-MM-DD"},
		{" 2026-11-24", Date{}, "use YYYY-MM-DD"},
		{"2026-+1-24", Date{}, "use YYYY-MM-DD"},
		{"", Date{}, "use YYYY-MM-DD"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if !calErr(err, tt.wantErr) || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error containing %q", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := Date{2026, time.December, 30}
	tests := []struct {
		n    int
		want Date
	}{
		{0, d},
		{1, Date{2026, time.December, 31}},
		{2, Date{2027, time.January, 1}},
		{-30, Date{2026, time.November, 30}},
		{61, Date{2027, time.March, 1}},
		{-365, Date{2025, time.December, 30}},
	}
	for _, tt := range tests {
		if got := d.AddDays(tt.n); got != tt.want {
			t.Errorf("%v.AddDays(%d) = %v, want %v", d, tt.n, got, tt.want)
		}
	}
	if got := (Date{2026, time.November, 24}).Weekday(); got != time.Tuesday {
		t.Errorf("2026-11-24.Weekday() = %v, want Tuesday", got)
	}
	a, b := Date{2026, time.December, 31}, Date{2027, time.January, 1}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 || !a.Before(b) || !b.After(a) || a.After(a) {
		t.Errorf("Compare/Before/After of %v and %v are inconsistent", a, b)
	}
	if !(Date{}).IsZero() || a.IsZero() {
		t.Errorf("IsZero wrong for %v or the zero Date", a)
	}
}

func TestDateOf(t *testing.T) {
	ny := calZone(t, "America/New_York")
	// 03:00 UTC on the 25th is still the evening of the 24th in New York.
	instant := time.Date(2026, time.November, 25, 3, 0, 0, 0, time.UTC)
	if got, want := DateOf(instant), (Date{2026, time.November, 25}); got != want {
		t.Errorf("DateOf(%v) = %v, want %v", instant, got, want)
	}
	if got, want := DateOf(instant.In(ny)), (Date{2026, time.November, 24}); got != want {
		t.Errorf("DateOf(%v) = %v, want %v", instant.In(ny), got, want)
	}
}

func TestDateIn(t *testing.T) {
	berlin := calZone(t, "Europe/Berlin")
	ny := calZone(t, "America/New_York")
	tests := []struct {
		loc  *time.Location
		day  string
		at   Clock
		want string // local wall time, zone and the UTC instant
	}{
		{berlin, "2026-03-28", Clock{10, 0}, "2026-03-28 10:00 CET 09:00Z"},
		{berlin, "2026-03-29", Clock{10, 0}, "2026-03-29 10:00 CEST 08:00Z"},
		{berlin, "2026-10-25", Clock{10, 0}, "2026-10-25 10:00 CET 09:00Z"},
		{ny, "2026-03-08", Clock{10, 0}, "2026-03-08 10:00 EDT 14:00Z"},
		{ny, "2026-11-01", Clock{10, 0}, "2026-11-01 10:00 EST 15:00Z"},
		// Skipped by spring-forward: time.Date goes forward in Berlin and
		// back in New York (see Date.In).
		{berlin, "2026-03-29", Clock{2, 30}, "2026-03-29 03:30 CEST 01:30Z"},
		{ny, "2026-03-08", Clock{2, 30}, "2026-03-08 01:30 EST 06:30Z"},
		// Repeated by fall-back: the second in Berlin, the first in New York.
		{berlin, "2026-10-25", Clock{2, 30}, "2026-10-25 02:30 CET 01:30Z"},
		{ny, "2026-11-01", Clock{1, 30}, "2026-11-01 01:30 EDT 05:30Z"},
	}
	for _, tt := range tests {
		d := calDate(t, tt.day)
		got := d.In(tt.loc, tt.at)
		if calWall(got) != tt.want || got.Location() != tt.loc {
			t.Errorf("%v.In(%v, %v) = %s, want %s", d, tt.loc, tt.at, calWall(got), tt.want)
		}
	}
}

func TestDateText(t *testing.T) {
	type doc struct {
		Day  Date `json:"day"`
		None Date `json:"none"`
	}
	in := doc{Day: Date{2026, time.December, 24}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatalf("json.Marshal(%v): %v", in, err)
	}
	if want := `{"day":"2026-12-24","none":""}`; string(b) != want {
		t.Errorf("json.Marshal(%v) = %s, want %s", in, b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("json.Unmarshal(%s) = %v, %v; want %v", b, out, err, in)
	}
	if err := json.Unmarshal([]byte(`{"day":"2026-02-30"}`), &out); err == nil {
		t.Errorf("json.Unmarshal of 2026-02-30 succeeded, want an error")
	}
	if got := (Date{2026, time.March, 1}).String(); got != "2026-03-01" {
		t.Errorf("String() = %q, want %q", got, "2026-03-01")
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in      string
		want    Clock
		wantErr bool
	}{
		{"09:00", Clock{9, 0}, false},
		{"00:00", Clock{0, 0}, false},
		{"23:59", Clock{23, 59}, false},
		{"9:00", Clock{9, 0}, false}, // a single-digit hour is accepted
		{"24:00", Clock{}, true},
		{"23:60", Clock{}, true},
		{"9:5", Clock{}, true},
		{"09:005", Clock{}, true},
		{"009:00", Clock{}, true},
		{"09:00:00", Clock{}, true},
		{"0900", Clock{}, true},
		{"-1:00", Clock{}, true},
		{"+9:00", Clock{}, true},
		{" 09:00", Clock{}, true},
		{"9am", Clock{}, true},
		{":00", Clock{}, true},
		{"", Clock{}, true},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), "use HH:MM from 00:00 to 23:59") {
			t.Errorf("ParseClock(%q) error %q does not say what is accepted", tt.in, err)
		}
	}
	if got := (Clock{9, 5}).String(); got != "09:05" {
		t.Errorf("Clock{9, 5}.String() = %q, want %q", got, "09:05")
	}
}

func TestParseDateRange(t *testing.T) {
	tests := []struct {
		in      string
		want    DateRange
		str     string // String of the result
		wantErr string
	}{
		{"2026-12-21..2027-01-01", DateRange{Date{2026, 12, 21}, Date{2027, 1, 1}}, "2026-12-21..2027-01-01", ""},
		{"2026-12-24", DateRange{Date{2026, 12, 24}, Date{2026, 12, 24}}, "2026-12-24", ""},
		{"2026-12-24..2026-12-24", DateRange{Date{2026, 12, 24}, Date{2026, 12, 24}}, "2026-12-24", ""},
		{"2026-12-21 .. 2027-01-01", DateRange{Date{2026, 12, 21}, Date{2027, 1, 1}}, "2026-12-21..2027-01-01", ""},
		{"2027-01-01..2026-12-21", DateRange{}, "", "ends before it starts"},
		{"2026-12-21..", DateRange{}, "", "use YYYY-MM-DD"},
		{"2026-12-21..2026-02-30", DateRange{}, "", "february 2026 has 28 days"},
		{"2026-12-21...2027-01-01", DateRange{}, "", "use YYYY-MM-DD"},
		{"2026-12-21 to 2027-01-01", DateRange{}, "", "use YYYY-MM-DD"},
	}
	for _, tt := range tests {
		got, err := ParseDateRange(tt.in)
		if !calErr(err, tt.wantErr) || got != tt.want {
			t.Errorf("ParseDateRange(%q) = %v, %v; want %v, error containing %q", tt.in, got, err, tt.want, tt.wantErr)
			continue
		}
		if err == nil && got.String() != tt.str {
			t.Errorf("ParseDateRange(%q).String() = %q, want %q", tt.in, got.String(), tt.str)
		}
	}
}

func TestDateRangeContains(t *testing.T) {
	r := DateRange{Date{2026, 12, 21}, Date{2027, 1, 1}}
	tests := []struct {
		day  string
		want bool
	}{
		{"2026-12-20", false},
		{"2026-12-21", true},
		{"2026-12-31", true},
		{"2027-01-01", true},
		{"2027-01-02", false},
		{"2025-12-25", false},
	}
	for _, tt := range tests {
		if got := r.Contains(calDate(t, tt.day)); got != tt.want {
			t.Errorf("%v.Contains(%s) = %v, want %v", r, tt.day, got, tt.want)
		}
	}
}

// calWall formats t as its local wall time and zone, then its UTC clock, so a
// test pins both: "2026-03-29 10:00 CEST 08:00Z".
func calWall(t time.Time) string {
	return t.Format("2006-01-02 15:04 MST ") + t.UTC().Format("15:04Z")
}

func calZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func calDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

// calErr reports whether err is nil when want is "", or else contains want.
func calErr(err error, want string) bool {
	if want == "" {
		return err == nil
	}
	return err != nil && strings.Contains(err.Error(), want)
}
