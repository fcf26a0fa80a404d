package preread

import (
	"fmt"
	"strings"
	"time"
)

// Weekdays is a set of days of the week.
type Weekdays uint8

// DefaultWorkdays is Monday to Friday, the workweek when the config names none.
const DefaultWorkdays = Weekdays(1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday |
	1<<time.Thursday | 1<<time.Friday)

// weekdayNames are the short names, Sunday first to match time.Weekday.
var weekdayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWeekday parses a day of the week: "mon" … "sun" or the full English
// name ("monday"), in any case; surrounding spaces are ignored.
func ParseWeekday(s string) (time.Weekday, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for d := time.Sunday; d <= time.Saturday; d++ {
		if name == weekdayNames[d] || name == strings.ToLower(d.String()) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("unknown weekday %q: use mon, tue, wed, thu, fri, sat or sun", s)
}

// ParseWeekdays parses a list of weekday names, as ParseWeekday does, into a
// set. Repeated names are fine; no names is the empty set.
func ParseWeekdays(names []string) (Weekdays, error) {
	var w Weekdays
	for _, name := range names {
		d, err := ParseWeekday(name)
		if err != nil {
			return 0, err
		}
		w |= 1 << d
	}
	return w, nil
}

// Has reports whether d is in the set.
func (w Weekdays) Has(d time.Weekday) bool { return w&(1<<d) != 0 }

// String lists the days in the set as short names in Monday-to-Sunday order,
// such as "mon,tue,wed"; the empty set is "". For a non-empty set,
// ParseWeekdays(strings.Split(w.String(), ",")) gives back w.
func (w Weekdays) String() string {
	var names []string
	for i := range 7 {
		d := (time.Monday + time.Weekday(i)) % 7
		if w.Has(d) {
			names = append(names, weekdayNames[d])
		}
	}
	return strings.Join(names, ",")
}

// maxWorkdaySearch bounds the walk to a neighbouring workday, so a calendar
// with no workdays (or a year of holidays) ends the search instead of looping.
const maxWorkdaySearch = 400

// Calendar says which days are workdays for one person or team.
type Calendar struct {
	Location *time.Location // where "today" is reckoned; nil means UTC
	Workdays Weekdays       // empty means no day is a workday
	Holidays []Date
	Away     []DateRange
}

// IsWorkday reports whether d is one of the calendar's workdays and not a
// holiday. Away days are still workdays: see IsAvailable.
func (c Calendar) IsWorkday(d Date) bool {
	if !c.Workdays.Has(d.Weekday()) {
		return false
	}
	for _, h := range c.Holidays {
		if h == d {
			return false
		}
	}
	return true
}

// IsAway reports whether d falls in one of the away ranges.
func (c Calendar) IsAway(d Date) bool {
	for _, r := range c.Away {
		if r.Contains(d) {
			return true
		}
	}
	return false
}

// IsAvailable reports whether the person is expected to work on d: it is a
// workday and they are not away.
func (c Calendar) IsAvailable(d Date) bool {
	return c.IsWorkday(d) && !c.IsAway(d)
}

// WorkdayBefore returns the last workday strictly before d, skipping
// holidays but not away days: a Monday's is the Friday before in a Monday to
// Friday week. It reports false if there is none within 400 days.
func (c Calendar) WorkdayBefore(d Date) (Date, bool) {
	return c.findWorkday(d.AddDays(-1), -1)
}

// NextWorkday returns the first workday on or after d, skipping holidays
// but not away days. It reports false if there is none within 400 days.
func (c Calendar) NextWorkday(d Date) (Date, bool) {
	return c.findWorkday(d, 1)
}

// findWorkday walks from d in steps of step days to the first workday.
func (c Calendar) findWorkday(d Date, step int) (Date, bool) {
	if c.Workdays == 0 {
		return Date{}, false
	}
	for range maxWorkdaySearch {
		if c.IsWorkday(d) {
			return d, true
		}
		d = d.AddDays(step)
	}
	return Date{}, false
}

// Today returns the day it is at now in the calendar's location.
func (c Calendar) Today(now time.Time) Date {
	loc := c.Location
	if loc == nil {
		loc = time.UTC
	}
	return DateOf(now.In(loc))
}
