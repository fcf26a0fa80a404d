package calendar

import (
	"time"

	"github.com/teambition/rrule-go"
)

// Bounds on one expansion: meetings returned (MaxResults, at most), and instances of a
// recurrence set walked. A rule meets at most once a day (BYHOUR and the
// like take one value), and the walk starts near the span asked for, so
// a walk of years is some hundreds of instances; a COUNT rule, which
// must be counted from its DTSTART, is walked at most this far.
const (
	MaxResults = 1000
	maxScan    = 20000
)

// walk calls yield with each instance of the event's recurrence set that
// is at or after from and before until, in order, and stops when yield
// returns false or after maxScan instances. The set is built here, not
// with go-ical's RecurrenceSet, which reads EXDATE for RDATE and takes
// one value of a list: it is the RRULE, DTSTART (always an instance, RFC
// 5545 §3.8.5.3), each RDATE and less each EXDATE, all in the zone of
// DTSTART, whose wall clock rrule-go keeps across DST changes. A COUNT
// counts the rule's instances, so a DTSTART off the rule (a set RFC 5545
// leaves undefined) is one meeting more.
func (e *Event) walk(from, until time.Time, yield func(time.Time) bool) {
	var set rrule.Set
	if e.rule != nil {
		r, ok := safeRule(advance(*e.rule, from))
		if !ok {
			return
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
	next := safeNext(&set)
	for range maxScan {
		t, ok := next()
		if !ok || !t.Before(until) {
			return
		}
		if !t.Before(from) && !yield(t) {
			return
		}
	}
}

// safeRule builds a rule with rrule-go, which is not fuzzed: a rule that
// breaks it (an error or a panic) is none. Parse built the rule, so an
// error does not happen.
func safeRule(opt rrule.ROption) (r *rrule.RRule, ok bool) {
	defer func() {
		if recover() != nil {
			r, ok = nil, false
		}
	}()
	r, err := rrule.NewRRule(opt)
	return r, err == nil
}

// safeNext is the iterator of rrule-go's set, ended where it would panic
// (building it runs the rules already): the walk keeps the instances
// found so far. Only rrule-go's own code is guarded; a panic of the
// walk's caller is not hidden.
func safeNext(set *rrule.Set) func() (time.Time, bool) {
	var next rrule.Next
	done := false
	return func() (t time.Time, ok bool) {
		if done {
			return time.Time{}, false
		}
		defer func() {
			if recover() != nil {
				done, t, ok = true, time.Time{}, false
			}
		}()
		if next == nil {
			next = set.Iterator()
		}
		return next()
	}
}

// advance moves a rule's DTSTART forward by whole periods of its INTERVAL
// to shortly before from, so that a series that began years ago is not
// walked from its start: the same instances from there on. What rrule-go
// would take from DTSTART (the time of day, the day of the month, the
// month) is written into the rule first, and a monthly or yearly rule
// starts its period's first day. A rule with COUNT is counted from its
// DTSTART, and one with BYEASTER does not repeat by periods: both are
// left as they are.
func advance(opt rrule.ROption, from time.Time) rrule.ROption {
	start := opt.Dtstart
	if opt.Count > 0 || len(opt.Byeaster) > 0 || !start.Before(from) {
		return opt
	}
	from = from.In(start.Location())
	k := max(opt.Interval, 1)
	h, mi, s := start.Clock()
	if len(opt.Byhour) == 0 {
		opt.Byhour = []int{h}
	}
	if len(opt.Byminute) == 0 {
		opt.Byminute = []int{mi}
	}
	if len(opt.Bysecond) == 0 {
		opt.Bysecond = []int{s}
	}
	noDays := len(opt.Byweekno) == 0 && len(opt.Byyearday) == 0 && len(opt.Bymonthday) == 0 && len(opt.Byweekday) == 0
	switch opt.Freq {
	case rrule.DAILY:
		if n := (int(from.Sub(start).Hours()/24) - 2) / k; n > 0 {
			opt.Dtstart = start.AddDate(0, 0, n*k)
		}
	case rrule.WEEKLY:
		if n := (int(from.Sub(start).Hours()/(24*7)) - 1) / k; n > 0 {
			opt.Dtstart = start.AddDate(0, 0, 7*n*k)
		}
	case rrule.MONTHLY:
		if noDays {
			opt.Bymonthday = []int{start.Day()}
		}
		months := (from.Year()-start.Year())*12 + int(from.Month()-start.Month()) - 1
		if n := months / k; n > 0 {
			opt.Dtstart = time.Date(start.Year(), start.Month()+time.Month(n*k), 1, h, mi, s, 0, start.Location())
		}
	case rrule.YEARLY:
		if noDays {
			if len(opt.Bymonth) == 0 {
				opt.Bymonth = []int{int(start.Month())}
			}
			opt.Bymonthday = []int{start.Day()}
		}
		if n := (from.Year() - start.Year() - 1) / k; n > 0 {
			opt.Dtstart = time.Date(start.Year()+n*k, time.January, 1, h, mi, s, 0, start.Location())
		}
	}
	return opt
}
