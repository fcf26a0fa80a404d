package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// The forms of a DATE or DATE-TIME value (RFC 5545 §3.3.4, §3.3.5).
const (
	dateLayout  = "20060102"
	localLayout = "20060102T150405"
	utcLayout   = "20060102T150405Z"
)

// Bounds on the values of an event: a meeting between these years, lasting
// at most this long, with at most this many RDATE and EXDATE values.
const (
	minYear     = 1900
	maxYear     = 2200
	maxDuration = 366 * 24 * time.Hour
	maxValues   = 1000
)

// when is what one date-time property says: its values, in the zone the
// property names, and how they were written.
type when struct {
	times    []time.Time
	date     bool // VALUE=DATE: whole days, midnight in the fallback zone
	floating bool // neither UTC nor with a TZID: local time in the fallback zone
}

// read parses a DATE, DATE-TIME or PERIOD property that may hold a list
// (RDATE and EXDATE do: RFC 5545 §3.8.5.1, §3.8.5.2). A local time is in the
// zone of its TZID, or floating in the fallback zone; a PERIOD counts by its
// start. Every value must be of one kind and between minYear and maxYear.
func (z *zones) read(p *ical.Prop) (when, error) {
	var w when
	vals := strings.Split(strings.TrimSpace(p.Value), ",")
	if len(vals) > maxValues {
		return w, fmt.Errorf("%s: more than %d values", p.Name, maxValues)
	}
	var loc *time.Location
	for i, v := range vals {
		v, _, _ = strings.Cut(strings.TrimSpace(v), "/") // a PERIOD's start
		date := len(v) == len(dateLayout)
		if i == 0 {
			w.date = date
		} else if date != w.date {
			return w, fmt.Errorf("%s: dates mixed with date-times", p.Name)
		}
		var t time.Time
		var err error
		switch {
		case date:
			t, err = time.ParseInLocation(dateLayout, v, z.fallback)
		case strings.HasSuffix(v, "Z"):
			t, err = time.Parse(utcLayout, v)
		default:
			if loc == nil {
				if loc, err = z.of(p); err != nil {
					return w, err
				}
			}
			t, err = time.ParseInLocation(localLayout, v, loc)
		}
		if err != nil {
			return w, fmt.Errorf("%s: invalid date-time %q", p.Name, v)
		}
		if y := t.Year(); y < minYear || y > maxYear {
			return w, fmt.Errorf("%s: %q is outside the years %d to %d", p.Name, v, minYear, maxYear)
		}
		w.times = append(w.times, t)
	}
	w.floating = loc == z.fallback && !w.date && p.Params.Get(ical.ParamTimezoneID) == ""
	return w, nil
}

// one reads a property that holds a single value, such as DTSTART.
func (z *zones) one(p *ical.Prop) (time.Time, when, error) {
	w, err := z.read(p)
	if err != nil {
		return time.Time{}, w, err
	}
	if len(w.times) != 1 {
		return time.Time{}, w, fmt.Errorf("%s: %d values where one belongs", p.Name, len(w.times))
	}
	return w.times[0], w, nil
}

// of returns the zone of a property's local times: its TZID, or the
// fallback zone for a floating time (RFC 5545 §3.3.5, form #1).
func (z *zones) of(p *ical.Prop) (*time.Location, error) {
	tzid := p.Params.Get(ical.ParamTimezoneID)
	if tzid == "" {
		return z.fallback, nil
	}
	return z.location(tzid)
}

// parseOffset parses a UTC offset, "+0100" or "-043000" (RFC 5545
// §3.3.14), into seconds east of UTC.
func parseOffset(s string) (int, error) {
	s = strings.TrimSpace(s)
	if (len(s) != 5 && len(s) != 7) || (s[0] != '+' && s[0] != '-') {
		return 0, fmt.Errorf("invalid UTC offset %q", s)
	}
	var f [3]int
	for i := range (len(s) - 1) / 2 {
		n, err := strconv.Atoi(s[1+2*i : 3+2*i])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("invalid UTC offset %q", s)
		}
		f[i] = n
	}
	if f[0] > 23 || f[1] > 59 || f[2] > 59 {
		return 0, fmt.Errorf("invalid UTC offset %q", s)
	}
	off := f[0]*3600 + f[1]*60 + f[2]
	if s[0] == '-' {
		off = -off
	}
	return off, nil
}

// parseDuration parses a DURATION value such as "PT30M", "P1D" or "P1W"
// (RFC 5545 §3.3.6), in any order of its parts, up to maxDuration. A day
// counts as 24 hours: a meeting lasts its minutes across a DST change.
func parseDuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("invalid duration %q", s)
	v := strings.ToUpper(strings.TrimSpace(s))
	v = strings.TrimPrefix(v, "+")
	if strings.HasPrefix(v, "-") {
		return 0, errors.New("negative duration")
	}
	v, ok := strings.CutPrefix(v, "P")
	if !ok || v == "" {
		return 0, bad
	}
	var d time.Duration
	inTime := false
	for v != "" {
		if v[0] == 'T' {
			inTime, v = true, v[1:]
			continue
		}
		i := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
		if i <= 0 || i > 7 {
			return 0, bad
		}
		n, _ := strconv.Atoi(v[:i])
		unit := durationUnit(v[i], inTime)
		if unit == 0 {
			return 0, bad
		}
		d += time.Duration(n) * unit
		if d > maxDuration {
			return 0, fmt.Errorf("duration %q is over %d days", s, maxDuration/(24*time.Hour))
		}
		v = v[i+1:]
	}
	return d, nil
}

// durationUnit returns what one of a duration's units is worth: W and D
// before its T, H, M and S after it; 0 for anything else.
func durationUnit(c byte, inTime bool) time.Duration {
	switch {
	case !inTime && c == 'W':
		return 7 * 24 * time.Hour
	case !inTime && c == 'D':
		return 24 * time.Hour
	case inTime && c == 'H':
		return time.Hour
	case inTime && c == 'M':
		return time.Minute
	case inTime && c == 'S':
		return time.Second
	}
	return 0
}

// address returns the email address of an ORGANIZER or ATTENDEE, lower
// case without "mailto:", or "" if it has none. A calendar user that is not
// a mailto: URI (urn:uuid:…, as some CalDAV servers write) may give its
// address in the EMAIL parameter (RFC 7986 §6.2).
func address(p ical.Prop) string {
	v := strings.TrimSpace(p.Value)
	if len(v) > 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	} else {
		v = p.Params.Get("EMAIL")
	}
	v = strings.ToLower(strings.TrimSpace(v))
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || at == len(v)-1 || strings.ContainsAny(v, " \t<>,;:\"()[]\\") {
		return ""
	}
	return v
}

// text returns a TEXT property's value unescaped (RFC 5545 §3.3.11), or as
// written when its escapes are broken.
func text(p *ical.Prop) string {
	if p == nil {
		return ""
	}
	if s, err := p.Text(); err == nil {
		return s
	}
	return p.Value
}
