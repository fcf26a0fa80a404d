package digest

import (
	"strings"
	"time"

	"github.com/preread/preread"
)

// Layouts of the dates and times an email shows, in English.
const (
	dayLayout      = "Mon 2 Jan"      // in subjects and lists
	longDayLayout  = "Mon 2 Jan 2006" // in headings
	clockLayout    = "15:04"
	dayTimeLayout  = dayLayout + " " + clockLayout
	longTimeLayout = longDayLayout + ", " + clockLayout
)

// firstLoc returns the first location that is set, else UTC.
func firstLoc(locs ...*time.Location) *time.Location {
	for _, l := range locs {
		if l != nil {
			return l
		}
	}
	return time.UTC
}

// dayString formats a calendar day, such as "Tue 24 Nov".
func dayString(d preread.Date, layout string) string {
	return d.In(time.UTC, preread.Clock{Hour: 12}).Format(layout)
}

// zoneDiffers reports whether t reads differently in the two locations:
// another offset or another zone abbreviation.
func zoneDiffers(t time.Time, a, b *time.Location) bool {
	an, ao := t.In(a).Zone()
	bn, bo := t.In(b).Zone()
	return an != bn || ao != bo
}

// zoneName is t's zone abbreviation in loc, such as "CET" or "-03".
func zoneName(t time.Time, loc *time.Location) string {
	n, _ := t.In(loc).Zone()
	return n
}

// workdaysPhrase says which days of the week w holds, to start a sentence:
// "Monday to Friday", "Every day", "Every Monday", "Monday, Wednesday and
// Friday". A run of three or more days in a row (Sunday to Thursday too) is
// written as a range.
func workdaysPhrase(w preread.Weekdays) string {
	var days []time.Weekday
	for i := range 7 {
		if d := (time.Monday + time.Weekday(i)) % 7; w.Has(d) {
			days = append(days, d)
		}
	}
	switch len(days) {
	case 0:
		return ""
	case 7:
		return "Every day"
	case 1:
		return "Every " + days[0].String()
	}
	// A run wraps around the week at most once: start it after a gap.
	for start := range 7 {
		first := time.Weekday(start)
		if !w.Has(first) || w.Has((first+6)%7) {
			continue
		}
		last := first
		for w.Has((last+1)%7) && (last+1)%7 != first {
			last = (last + 1) % 7
		}
		if n := (int(last)-int(first)+7)%7 + 1; n == len(days) && n >= 3 {
			return first.String() + " to " + last.String()
		}
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = d.String()
	}
	return joinAnd(names)
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(list []string) string { return joinList(list, "and") }

// joinList joins "a", "a or b", "a, b or c" with the word given.
func joinList(list []string, word string) string {
	if len(list) < 2 {
		return strings.Join(list, "")
	}
	return strings.Join(list[:len(list)-1], ", ") + " " + word + " " + list[len(list)-1]
}

// placeName is the place a time zone is named for: "New York" for
// America/New_York, "UTC" for UTC.
func placeName(loc *time.Location) string {
	name := loc.String()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return strings.ReplaceAll(name, "_", " ")
}
