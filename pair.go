package preread

import (
	"strings"
	"time"
)

// PrereadTo says who receives a pair's pre-read.
type PrereadTo string

// A pre-read goes to the manager alone, or to both manager and report.
const (
	PrereadToManager PrereadTo = "manager"
	PrereadToBoth    PrereadTo = "both"
)

// Pair is a manager and one direct report who meet for 1:1s.
type Pair struct {
	ID        int64
	Manager   string // address
	Report    string // address
	Meets     MeetingRule
	TimeZone  *time.Location // of the meeting
	Skip      []Date         // meetings that don't happen
	PrereadTo PrereadTo
	Active    bool
}

// Key names the pair as MANAGER:REPORT, as on the command line.
func (p Pair) Key() string { return p.Manager + ":" + p.Report }

// ParsePairKey splits MANAGER:REPORT.
func ParsePairKey(s string) (manager, report string, ok bool) {
	m, r, ok := strings.Cut(s, ":")
	m, r = CanonicalAddress(m), CanonicalAddress(r)
	return m, r, ok && m != "" && r != ""
}

// Meetings lists up to n meetings strictly after the instant, leaving out
// skipped dates and the holidays given.
func (p Pair) Meetings(after time.Time, n int, holidays []Date) []time.Time {
	skip := func(d Date) bool {
		for _, s := range p.Skip {
			if s == d {
				return true
			}
		}
		for _, h := range holidays {
			if h == d {
				return true
			}
		}
		return false
	}
	return p.Meets.Occurrences(after, n, skip)
}
