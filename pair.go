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

// FollowupTo says who is asked, after a 1:1, what the two agreed.
type FollowupTo string

// The follow-up goes to the manager alone, to both, or to nobody.
const (
	FollowupToManager FollowupTo = "manager"
	FollowupToBoth    FollowupTo = "both"
	FollowupToNone    FollowupTo = "none"
)

// DefaultDuration is how long a 1:1 lasts when the config does not say.
const DefaultDuration = 30 * time.Minute

// Pair is a manager and one direct report who meet for 1:1s.
type Pair struct {
	ID         int64
	Manager    string // address
	Report     string // address
	Meets      MeetingRule
	TimeZone   *time.Location // of the meeting
	Skip       []Date         // meetings that don't happen
	PrereadTo  PrereadTo
	Duration   time.Duration // of each meeting; its follow-up goes when it has ended
	FollowupTo FollowupTo
	Reviews    []Date // days of performance reviews: the pair's own, else the organisation's
	Active     bool
	// Calendar is the pair's meetings as a calendar invitation set them:
	// once set, they are the pair's meetings and Meets is not used. nil
	// until an invitation arrives (and after its series is cancelled).
	Calendar Schedule
}

// Readers lists who gets an email that goes to the manager, or to both.
func (p Pair) Readers(both bool) []string {
	if both {
		return []string{p.Manager, p.Report}
	}
	return []string{p.Manager}
}

// Has reports whether addr is the pair's manager or report.
func (p Pair) Has(addr string) bool {
	addr = CanonicalAddress(addr)
	return addr == CanonicalAddress(p.Manager) || addr == CanonicalAddress(p.Report)
}

// Length is the meeting's duration, DefaultDuration when unset.
func (p Pair) Length() time.Duration {
	if p.Duration > 0 {
		return p.Duration
	}
	return DefaultDuration
}

// Key names the pair as MANAGER:REPORT, as on the command line.
func (p Pair) Key() string { return p.Manager + ":" + p.Report }

// ParsePairKey splits MANAGER:REPORT.
func ParsePairKey(s string) (manager, report string, ok bool) {
	m, r, ok := strings.Cut(s, ":")
	m, r = CanonicalAddress(m), CanonicalAddress(r)
	return m, r, ok && m != "" && r != ""
}
