package preread

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// MeetingRule is when a pair meets, parsed from the config's meets field, in
// the meeting's time zone. Every form becomes an RFC 5545 recurrence rule run
// by rrule-go, which builds each occurrence from its wall-clock fields in the
// meeting's zone: a 10:00 meeting stays at 10:00 local time across daylight
// saving changes, so its UTC offset changes. A wall time that a change skips
// or repeats resolves as Date.In documents.
//
// The zero MeetingRule never meets.
type MeetingRule struct {
	src string
	loc *time.Location
	// opt is the rule for rrule-go. A zero opt.Dtstart means the rule does
	// not depend on one (weekly, monthly, or an RRULE without DTSTART), and
	// each query starts it at the beginning of the period it asks about.
	opt rrule.ROption
}

// Bounds on a query, so that a rare or exhausted rule ends the scan.
const (
	maxOccurrenceScan  = 10000
	maxOccurrenceYears = 3
)

const ruleForms = `expected "weekly DAY HH:MM", "every N weeks DAY HH:MM from YYYY-MM-DD", ` +
	`"monthly first|second|third|fourth|last DAY HH:MM" or "RRULE:…"`

// ParseMeetingRule parses a meeting rule, in any case and with any spacing:
//
//	weekly tue 10:00
//	every 2 weeks thu 14:30 from 2026-11-26   (the from day picks the weeks)
//	monthly first mon 09:00                   (first, second, third, fourth or last)
//	RRULE:FREQ=WEEKLY;BYDAY=TU;BYHOUR=10;BYMINUTE=0
//	DTSTART:20261124T100000;RRULE:FREQ=WEEKLY;INTERVAL=2
//
// Times are wall-clock times in loc. An RRULE without DTSTART must give the
// time in BYHOUR and BYMINUTE, and may not have an INTERVAL above 1 or a COUNT,
// which would need a start to count from; a DTSTART is a local time in loc.
func ParseMeetingRule(s string, loc *time.Location) (MeetingRule, error) {
	if loc == nil {
		return MeetingRule{}, errors.New("meeting rule needs a time zone")
	}
	src := strings.TrimSpace(s)
	upper := strings.ToUpper(src)
	var opt rrule.ROption
	var err error
	if strings.HasPrefix(upper, "RRULE") || strings.HasPrefix(upper, "DTSTART") {
		opt, err = parseRRule(upper, loc)
	} else {
		opt, err = parseSimpleRule(strings.Fields(strings.ToLower(src)), loc)
	}
	if err != nil {
		return MeetingRule{}, err
	}
	r := MeetingRule{src: src, loc: loc, opt: opt}
	// rrule-go searches up to the year 9999 for a rule that can never match
	// (BYMONTH=2;BYMONTHDAY=30); pay that once here rather than on each query.
	if rr, err := r.rrule(time.Date(2000, 1, 1, 0, 0, 0, 0, loc)); err != nil {
		return MeetingRule{}, fmt.Errorf("invalid RRULE: %v", err)
	} else if _, ok := rr.Iterator()(); !ok {
		return MeetingRule{}, errors.New("invalid RRULE: no day ever matches it")
	}
	return r, nil
}

// String returns the rule as it was written, without surrounding spaces.
func (r MeetingRule) String() string { return r.src }

// Occurrences lists up to n meeting starts strictly after the instant after,
// in the meeting's time zone, leaving out every meeting on a day (in that
// zone) for which skip reports true; a nil skip leaves out nothing. It looks
// at most 3 years or 10000 meetings ahead, so it may return fewer than n.
func (r MeetingRule) Occurrences(after time.Time, n int, skip func(Date) bool) []time.Time {
	if n <= 0 || r.loc == nil {
		return nil
	}
	rr, err := r.rrule(periodStart(r.opt, DateOf(after.In(r.loc))).In(r.loc, Clock{}))
	if err != nil {
		return nil // ParseMeetingRule built this rule, so it does not happen
	}
	next := rr.Iterator()
	limit := after.AddDate(maxOccurrenceYears, 0, 0)
	var out []time.Time
	for scanned := 0; len(out) < n && scanned < maxOccurrenceScan; {
		t, ok := next()
		if !ok || t.After(limit) {
			break
		}
		if !t.After(after) {
			continue // a DTSTART long ago costs a walk up to after, no more
		}
		scanned++
		if skip != nil && skip(DateOf(t)) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// Next returns the first meeting start strictly after the instant after, as
// Occurrences does, and false if there is none within its bounds.
func (r MeetingRule) Next(after time.Time, skip func(Date) bool) (time.Time, bool) {
	ts := r.Occurrences(after, 1, skip)
	if len(ts) == 0 {
		return time.Time{}, false
	}
	return ts[0], true
}

// rrule builds a fresh rrule-go rule (its iterators write to it, so sharing
// one between queries would race), starting at start unless the rule has its
// own DTSTART.
func (r MeetingRule) rrule(start time.Time) (*rrule.RRule, error) {
	opt := r.opt
	if opt.Dtstart.IsZero() {
		opt.Dtstart = start
	}
	return rrule.NewRRule(opt)
}

// periodStart is the first day of the FREQ period (day, week, month or year)
// that holds d. Starting a DTSTART-less rule there keeps BYSETPOS counting
// whole periods.
func periodStart(opt rrule.ROption, d Date) Date {
	switch opt.Freq {
	case rrule.YEARLY:
		return Date{d.Year, time.January, 1}
	case rrule.MONTHLY:
		return Date{d.Year, d.Month, 1}
	case rrule.WEEKLY:
		// rrule-go numbers days from Monday (0); time.Weekday from Sunday.
		back := (int(d.Weekday()) + 6 - opt.Wkst.Day() + 7) % 7
		return d.AddDays(-back)
	}
	return d
}

// weekOfMonth holds the week-of-month words of the monthly form.
var weekOfMonth = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}

// parseSimpleRule parses the weekly, every-N-weeks and monthly forms, given
// as lower-case words, into an rrule-go rule at that wall time.
func parseSimpleRule(f []string, loc *time.Location) (rrule.ROption, error) {
	var (
		freq     = rrule.WEEKLY
		interval = 1
		nth      = 0
		day, at  string
		from     string
	)
	switch {
	case len(f) == 3 && f[0] == "weekly":
		day, at = f[1], f[2]
	case len(f) == 4 && f[0] == "monthly":
		n, ok := weekOfMonth[f[1]]
		if !ok {
			return rrule.ROption{}, fmt.Errorf("unknown week %q: use first, second, third, fourth or last", f[1])
		}
		freq, nth, day, at = rrule.MONTHLY, n, f[2], f[3]
	case (len(f) == 5 || len(f) == 7 && f[5] == "from") && f[0] == "every" &&
		(f[2] == "week" || f[2] == "weeks"):
		n, err := strconv.Atoi(f[1])
		if err != nil || n < 1 {
			return rrule.ROption{}, fmt.Errorf("invalid week count %q: use a whole number from 1", f[1])
		}
		interval, day, at = n, f[3], f[4]
		if len(f) == 7 {
			from = f[6]
		} else if n > 1 {
			return rrule.ROption{}, fmt.Errorf(`every %d weeks needs "from YYYY-MM-DD" to know which weeks`, n)
		}
	default:
		return rrule.ROption{}, errors.New(ruleForms)
	}
	wd, err := ParseWeekday(day)
	if err != nil {
		return rrule.ROption{}, err
	}
	c, err := ParseClock(at)
	if err != nil {
		return rrule.ROption{}, err
	}
	opt := rrule.ROption{
		Freq:      freq,
		Interval:  interval,
		Byweekday: []rrule.Weekday{rruleWeekday(wd, nth)},
		Byhour:    []int{c.Hour},
		Byminute:  []int{c.Minute},
		Bysecond:  []int{0},
	}
	if from != "" {
		d, err := ParseDate(from)
		if err != nil {
			return rrule.ROption{}, err
		}
		if d.Weekday() != wd {
			return rrule.ROption{}, fmt.Errorf("%s is a %s, not a %s",
				d, strings.ToLower(d.Weekday().String()), strings.ToLower(wd.String()))
		}
		// Midnight, not the meeting time: BYHOUR and BYMINUTE already give
		// the time, and the start only has to pick the week.
		opt.Dtstart = d.In(loc, Clock{})
	}
	return opt, nil
}

// rruleWeekday is d as an rrule-go weekday, the nth in its month if nth != 0.
func rruleWeekday(d time.Weekday, nth int) rrule.Weekday {
	w := [7]rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}[d]
	if nth == 0 {
		return w
	}
	return w.Nth(nth)
}

// parseRRule parses an upper-cased RRULE, with or without a DTSTART before it
// (after a newline, a semicolon or a space).
func parseRRule(s string, loc *time.Location) (rrule.ROption, error) {
	var parts, dtstart []string
	s = strings.ReplaceAll(s, "RRULE:", ";")
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		p = strings.Join(strings.Fields(p), "")
		switch {
		case p == "":
		case strings.HasPrefix(p, "DTSTART:") || strings.HasPrefix(p, "DTSTART="):
			dtstart = append(dtstart, p[len("DTSTART:"):])
		case p == "RRULE":
			return rrule.ROption{}, errors.New(`invalid RRULE: expected "RRULE:FREQ=…;…"`)
		case p == "DTSTART":
			return rrule.ROption{}, errors.New("invalid RRULE: DTSTART parameters such as TZID are not supported: " +
				"use DTSTART:YYYYMMDDTHHMMSS in the meeting's time zone")
		case !strings.Contains(p, "="):
			return rrule.ROption{}, fmt.Errorf("invalid RRULE part %q: expected NAME=VALUE", p)
		default:
			parts = append(parts, p)
		}
	}
	if len(dtstart) > 1 {
		return rrule.ROption{}, errors.New("invalid RRULE: more than one DTSTART")
	}
	if len(parts) == 0 {
		return rrule.ROption{}, errors.New(`invalid RRULE: expected "RRULE:FREQ=…;…"`)
	}
	opt, err := rrule.StrToROptionInLocation(strings.Join(parts, ";"), loc)
	if err != nil {
		return rrule.ROption{}, fmt.Errorf("invalid RRULE: %v", err)
	}
	if opt.Freq > rrule.DAILY {
		return rrule.ROption{}, fmt.Errorf("invalid RRULE: FREQ=%v is not a meeting rule: use DAILY, WEEKLY, MONTHLY or YEARLY", opt.Freq)
	}
	if len(dtstart) == 1 {
		return withDTStart(*opt, dtstart[0], loc)
	}
	switch {
	case len(opt.Byhour) == 0 || len(opt.Byminute) == 0:
		return rrule.ROption{}, errors.New("invalid RRULE: without DTSTART it needs BYHOUR and BYMINUTE for the time of day")
	case opt.Interval > 1:
		return rrule.ROption{}, fmt.Errorf("invalid RRULE: INTERVAL=%d needs DTSTART to know which %s",
			opt.Interval, periodName[opt.Freq])
	case opt.Count > 0:
		return rrule.ROption{}, errors.New("invalid RRULE: COUNT needs DTSTART to count from")
	case opt.Freq != rrule.DAILY && len(opt.Byweekday) == 0 && len(opt.Bymonthday) == 0 &&
		len(opt.Byyearday) == 0 && len(opt.Byweekno) == 0 && len(opt.Byeaster) == 0:
		return rrule.ROption{}, errors.New("invalid RRULE: without DTSTART it needs BYDAY or BYMONTHDAY to know which days")
	}
	return *opt, nil
}

// periodName names the periods of each FREQ, for errors.
var periodName = map[rrule.Frequency]string{
	rrule.YEARLY: "years", rrule.MONTHLY: "months", rrule.WEEKLY: "weeks", rrule.DAILY: "days",
}

// withDTStart sets the rule's start from a local YYYYMMDDTHHMMSS in loc. The
// start's time of day becomes BYHOUR, BYMINUTE and BYSECOND unless the rule
// gives them, as RFC 5545 says; spelling them out keeps a start that falls in
// a daylight saving gap from moving every later meeting.
func withDTStart(opt rrule.ROption, v string, loc *time.Location) (rrule.ROption, error) {
	t, err := time.Parse("20060102T150405", v)
	if err != nil {
		return rrule.ROption{}, fmt.Errorf("invalid DTSTART %q: use a local time like DTSTART:20261124T100000", v)
	}
	if len(opt.Byhour) == 0 {
		opt.Byhour = []int{t.Hour()}
	}
	if len(opt.Byminute) == 0 {
		opt.Byminute = []int{t.Minute()}
	}
	if len(opt.Bysecond) == 0 {
		opt.Bysecond = []int{t.Second()}
	}
	opt.Dtstart = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
	return opt, nil
}
