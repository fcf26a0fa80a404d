package digest

import (
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
