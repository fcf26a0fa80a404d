package calendar

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Bounds on an RRULE. rrule-go steps INTERVAL periods at a time (a huge one
// overflows its day count) and searches up to the year 9999 for a rule that
// never matches; an HOURLY, MINUTELY or SECONDLY rule whose BYxxx parts
// its INTERVAL never reaches loops without end. No 1:1 repeats more often
// than daily, so those rules are refused.
const (
	maxRuleLen  = 512
	maxInterval = 1000
)

// splitRule parses an RRULE value (RFC 5545 §3.3.10) into rrule-go options,
// in any case. UNTIL is returned as written for the caller, who knows its
// zone; a DTSTART part (not RFC 5545) and X- parts are ignored.
func splitRule(value string) (*rrule.ROption, string, error) {
	v := strings.ToUpper(strings.TrimSpace(value))
	if len(v) > maxRuleLen {
		return nil, "", fmt.Errorf("RRULE over %d bytes", maxRuleLen)
	}
	var parts []string
	until := ""
	for part := range strings.SplitSeq(v, ";") {
		k, val, _ := strings.Cut(part, "=")
		switch {
		case part == "", k == "DTSTART", strings.HasPrefix(k, "X-"):
		case k == "UNTIL":
			until = val
		default:
			parts = append(parts, part)
		}
	}
	opt, err := rrule.StrToROption(strings.Join(parts, ";"))
	if err != nil {
		return nil, "", fmt.Errorf("RRULE %q: %v", value, err)
	}
	if opt.Interval > maxInterval {
		return nil, "", fmt.Errorf("RRULE INTERVAL over %d", maxInterval)
	}
	return opt, until, nil
}

// eventRule parses the RRULE of an event that starts at start, in start's
// zone, so that rrule-go builds each instance from its wall clock there and
// a DST change keeps the meeting's local time. An UNTIL in UTC is an
// instant; a local one is in start's zone; a date (which some servers write
// for a date-time series) includes that whole day.
func eventRule(value string, start time.Time) (*rrule.ROption, error) {
	opt, until, err := splitRule(value)
	if err != nil {
		return nil, err
	}
	if opt.Freq > rrule.DAILY {
		return nil, fmt.Errorf("RRULE repeats more often than daily: %s", opt.Freq)
	}
	if len(opt.Byhour) > 1 || len(opt.Byminute) > 1 || len(opt.Bysecond) > 1 {
		// BYHOUR=9,10,11 makes a daily rule meet several times a day.
		return nil, errors.New("RRULE meets more than once a day (a BYHOUR, BYMINUTE or BYSECOND list)")
	}
	if until != "" {
		var t time.Time
		var err error
		switch {
		case strings.HasSuffix(until, "Z"):
			t, err = time.Parse(utcLayout, until)
		case len(until) == len(dateLayout):
			t, err = time.ParseInLocation(dateLayout, until, start.Location())
			t = t.Add(24*time.Hour - time.Second)
		default:
			t, err = time.ParseInLocation(localLayout, until, start.Location())
		}
		if err != nil {
			return nil, fmt.Errorf("RRULE UNTIL %q: invalid date-time", until)
		}
		opt.Until = t
	}
	opt.Dtstart = start
	if ok, err := hasInstance(*opt); err != nil || !ok {
		return nil, err // a rule with no instance leaves DTSTART alone
	}
	return opt, nil
}

// hasInstance reports whether a rule has an instance, ignoring its COUNT
// and UNTIL. rrule-go searches up to the year 9999 for a rule that never
// matches (BYMONTH=2;BYMONTHDAY=30): some 150 ms for a daily one. The
// Gregorian calendar repeats every 400 years, and a rule with it once its
// INTERVAL lines up again, so the search starts near 9999 less one such
// repeat, moved there by whole repeats: the answer is the same, ten times
// sooner. It is paid once here, not on every expansion.
func hasInstance(opt rrule.ROption) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			ok, err = false, errors.New("RRULE breaks rrule-go")
		}
	}()
	opt.Count, opt.Until = 0, time.Time{}
	if len(opt.Byeaster) == 0 { // Easter does not repeat every 400 years
		k := max(opt.Interval, 1)
		span := 400 * (k / gcd(periodsIn400Years(opt.Freq), k)) // years
		if shift := (rrule.MAXYEAR - span - opt.Dtstart.Year()) / span * span; shift > 0 {
			opt.Dtstart = opt.Dtstart.AddDate(shift, 0, 0)
		}
	}
	r, err := rrule.NewRRule(opt)
	if err != nil {
		return false, fmt.Errorf("RRULE: %v", err)
	}
	_, ok = r.Iterator()()
	return ok, nil
}

// periodsIn400Years is how many periods of a frequency 400 Gregorian years
// hold: 146097 days, which is 20871 weeks.
func periodsIn400Years(f rrule.Frequency) int {
	switch f {
	case rrule.YEARLY:
		return 400
	case rrule.MONTHLY:
		return 4800
	case rrule.WEEKLY:
		return 20871
	}
	return 146097
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
