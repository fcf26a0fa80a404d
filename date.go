package preread

import (
	"cmp"
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day with no time zone: a holiday, an away day, the
// workday a status entry belongs to. The zero Date is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a day written strictly as YYYY-MM-DD, such as "2026-11-24".
// The day must exist: "2026-02-30" is an error.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("invalid date %q: use YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("invalid date %q: use YYYY-MM-DD", s)
	}
	if y < 1 {
		return Date{}, fmt.Errorf("invalid date %q: use YYYY-MM-DD with a year from 0001", s)
	}
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("invalid date %q: use YYYY-MM-DD with a month from 01 to 12", s)
	}
	if n := daysInMonth(y, time.Month(m)); d < 1 || d > n {
		return Date{}, fmt.Errorf("invalid date %q: %s %d has %d days",
			s, strings.ToLower(time.Month(m).String()), y, n)
	}
	return Date{y, time.Month(m), d}, nil
}

// DateOf returns the day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// AddDays returns the day n days after d (before it if n is negative).
func (d Date) AddDays(n int) Date {
	return DateOf(d.noon().AddDate(0, 0, n))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.noon().Weekday() }

// Compare returns -1 if d is before e, 0 if they are the same day and +1 if
// d is after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp.Compare(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp.Compare(int(d.Month), int(e.Month))
	default:
		return cmp.Compare(d.Day, e.Day)
	}
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// In returns the instant at which clocks in loc show c on day d.
//
// Around a daylight saving change the wall time may not exist or may exist
// twice; In then does what time.Date does, which picks one of the two UTC
// offsets depending on the zone. A time skipped by spring-forward moves by
// the length of the gap: 02:30 on 2026-03-29 in Europe/Berlin is 03:30 CEST
// (01:30 UTC), but 02:30 on 2026-03-08 in America/New_York is 01:30 EST
// (06:30 UTC). A repeated time in the autumn is 02:30 CET (the second one) on
// 2026-10-25 in Berlin and 01:30 EDT (the first one) on 2026-11-01 in New York.
func (d Date) In(loc *time.Location, c Clock) time.Time {
	return time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, loc)
}

// MarshalText formats d as YYYY-MM-DD, and the zero Date as empty text, so a
// Date reads naturally in JSON and in SQL text columns.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses YYYY-MM-DD as ParseDate does; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// noon is d at 12:00 UTC, a safe instant for day arithmetic.
func (d Date) noon() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// Clock is a wall-clock time of day, such as "09:00".
type Clock struct {
	Hour, Minute int
}

// ParseClock parses a 24-hour time of day, HH:MM from 00:00 to 23:59.
// A single-digit hour is accepted ("9:00" is 09:00); the minutes always take
// two digits, and "24:00" is not a time of day.
func ParseClock(s string) (Clock, error) {
	hs, ms, ok := strings.Cut(s, ":")
	h, okh := digits(hs)
	m, okm := digits(ms)
	if !ok || !okh || !okm || len(hs) > 2 || len(ms) != 2 || h > 23 || m > 59 {
		return Clock{}, fmt.Errorf("invalid time %q: use HH:MM from 00:00 to 23:59", s)
	}
	return Clock{h, m}, nil
}

// String formats c as HH:MM.
func (c Clock) String() string {
	return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute)
}

// DateRange is an inclusive range of days, written "2026-12-21..2027-01-01",
// or a single day written "2026-12-24".
type DateRange struct {
	From, To Date
}

// ParseDateRange parses FROM..TO or a single day. A range that ends before
// it starts is an error.
func ParseDateRange(s string) (DateRange, error) {
	from, to, isRange := strings.Cut(s, "..")
	if !isRange {
		to = from
	}
	f, err := ParseDate(strings.TrimSpace(from))
	if err != nil {
		return DateRange{}, fmt.Errorf("date range %q: %w", s, err)
	}
	t, err := ParseDate(strings.TrimSpace(to))
	if err != nil {
		return DateRange{}, fmt.Errorf("date range %q: %w", s, err)
	}
	if t.Before(f) {
		return DateRange{}, fmt.Errorf("date range %q ends before it starts: use FROM..TO with FROM on or before TO", s)
	}
	return DateRange{f, t}, nil
}

// Contains reports whether d is in r, ends included.
func (r DateRange) Contains(d Date) bool {
	return !d.Before(r.From) && !d.After(r.To)
}

// String formats r as FROM..TO, or as a single day when From equals To.
func (r DateRange) String() string {
	if r.From == r.To {
		return r.From.String()
	}
	return r.From.String() + ".." + r.To.String()
}

// digits parses a non-empty run of ASCII digits (no sign, no spaces).
func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysInMonth is the number of days in month m of year.
func daysInMonth(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}
