package calendar

import (
	"time"

	"github.com/teambition/rrule-go"
)

// Bounds on one expansion: meetings returned, and instances of a
// recurrence set walked (a daily series since 1900 is some 46,000 by 2026).
const (
	maxResults = 1000
	maxScan    = 200000
)

// walk calls yield with each instance of the event's recurrence set, in
// order, before until, and stops when yield returns false or after
// maxScan instances. The set is built here, not with go-ical's
// RecurrenceSet, which reads EXDATE for RDATE and takes one value of a
// list: it is the RRULE, DTSTART (always an instance, RFC 5545 §3.8.5.3),
// each RDATE and less each EXDATE, all in the zone of DTSTART, whose wall
// clock rrule-go keeps across DST changes. A COUNT counts the rule's
// instances, so a DTSTART off the rule (a set RFC 5545 leaves undefined)
// is one meeting more.
func (e *Event) walk(until time.Time, yield func(time.Time) bool) {
	defer func() {
		// rrule-go is not fuzzed; a rule that breaks it ends the walk
		// with the instances found so far.
		_ = recover()
	}()
	var set rrule.Set
	if e.rule != nil {
		r, err := rrule.NewRRule(*e.rule)
		if err != nil {
			return // Parse built the rule, so this does not happen
		}
		set.RRule(r)
	}
	set.RDate(e.Start)
	for _, t := range e.RDates {
		set.RDate(t)
	}
	for _, t := range e.ExDates {
		set.ExDate(t)
	}
	next := set.Iterator()
	for range maxScan {
		t, ok := next()
		if !ok || !t.Before(until) || !yield(t) {
			return
		}
	}
}
