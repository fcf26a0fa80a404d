package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// The years a VTIMEZONE's transitions are computed for. A zone keeps the
// offset of its last transition after lastZoneYear: meetings are not planned
// further ahead than that.
const (
	firstZoneYear  = 1900
	lastZoneYear   = 2100
	maxObservances = 32
	maxOnsets      = 1000 // per observance
)

// onset is one change of a zone's offset: from the instant at on, local
// time is offset seconds east of UTC.
type onset struct {
	at     int64 // Unix seconds
	offset int
	dst    bool
	abbr   string
}

// vtimezone builds a zone from a VTIMEZONE's STANDARD and DAYLIGHT
// observances (RFC 5545 §3.6.5): each begins at its DTSTART and at each
// instance of its RRULE and RDATE, local times in its TZOFFSETFROM. The
// zone is a TZif blob (RFC 8536) with every transition from firstZoneYear to
// lastZoneYear, so a custom Outlook zone such as "Customized Time Zone"
// keeps the wall time of a series across DST changes. The zone is named
// by its standard offset ("UTC-08:00"), never by its TZID: that is the
// sender's text, and a zone's name reaches the emails preread sends.
func vtimezone(c *ical.Component) (*time.Location, error) {
	var all []onset
	n := 0
	for _, ob := range c.Children {
		if ob.Name != "STANDARD" && ob.Name != "DAYLIGHT" {
			continue
		}
		if n++; n > maxObservances {
			return nil, fmt.Errorf("more than %d observances", maxObservances)
		}
		os, err := observance(ob)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ob.Name, err)
		}
		all = append(all, os...)
	}
	if len(all) == 0 {
		return nil, errors.New("no STANDARD or DAYLIGHT")
	}
	slices.SortStableFunc(all, func(a, b onset) int { return cmp.Compare(a.at, b.at) })
	loc, err := time.LoadLocationFromTZData(offsetName(all), tzif(all))
	if err != nil {
		return nil, fmt.Errorf("build zone: %w", err)
	}
	return loc, nil
}

// observance returns the onsets of one STANDARD or DAYLIGHT component.
func observance(ob *ical.Component) ([]onset, error) {
	from, err := offsetProp(ob, "TZOFFSETFROM")
	if err != nil {
		return nil, err
	}
	to, err := offsetProp(ob, "TZOFFSETTO")
	if err != nil {
		return nil, err
	}
	p := ob.Props.Get(ical.PropDateTimeStart)
	if p == nil {
		return nil, errors.New("no DTSTART")
	}
	start, err := wallTime(p.Value)
	if err != nil {
		return nil, err
	}
	abbr := abbreviation(text(ob.Props.Get("TZNAME")), to)
	mk := func(wall time.Time) onset {
		// A local time in the offset before the change (RFC 5545 §3.6.5).
		return onset{at: wall.Unix() - int64(from), offset: to, dst: ob.Name == "DAYLIGHT", abbr: abbr}
	}
	walls, err := onsetWalls(ob, start, from)
	if err != nil {
		return nil, err
	}
	out := make([]onset, 0, len(walls))
	for _, w := range walls {
		out = append(out, mk(w))
	}
	return out, nil
}

// onsetWalls returns the local times (as UTC clock readings) at which an
// observance begins, up to lastZoneYear: its DTSTART, its RRULE's
// instances and its RDATEs. A yearly rule that starts before firstZoneYear
// (Exchange's start in 1601) is moved forward by whole intervals, and its
// DTSTART, which Exchange does not match to the rule, is left out.
func onsetWalls(ob *ical.Component, start time.Time, from int) ([]time.Time, error) {
	end := time.Date(lastZoneYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
	var walls []time.Time
	if p := ob.Props.Get(ical.PropRecurrenceRule); p != nil {
		opt, err := zoneRule(p.Value, from)
		if err != nil {
			return nil, err
		}
		if y := start.Year(); y < firstZoneYear && opt.Count == 0 {
			step := max(opt.Interval, 1)
			start = start.AddDate((firstZoneYear-y+step-1)/step*step, 0, 0)
		} else {
			walls = append(walls, start)
		}
		opt.Dtstart = start
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			return nil, fmt.Errorf("RRULE: %w", err)
		}
		next := r.Iterator()
		for t, ok := next(); ok && t.Before(end); t, ok = next() {
			if len(walls) >= maxOnsets {
				return nil, fmt.Errorf("more than %d onsets", maxOnsets)
			}
			walls = append(walls, t)
		}
	} else {
		walls = append(walls, start)
	}
	for _, p := range ob.Props.Values(ical.PropRecurrenceDates) {
		for v := range strings.SplitSeq(p.Value, ",") {
			v, _, _ = strings.Cut(strings.TrimSpace(v), "/")
			t, err := wallTime(v)
			if err != nil {
				return nil, err
			}
			if len(walls) >= maxOnsets {
				return nil, fmt.Errorf("more than %d onsets", maxOnsets)
			}
			walls = append(walls, t)
		}
	}
	return walls, nil
}

// zoneRule parses an observance's RRULE. Only a yearly rule is taken: every
// zone in use changes once or twice a year, and a finer rule would make
// thousands of transitions. Its UNTIL is UTC (RFC 5545 §3.6.5), so it is
// turned into the wall clock of the rule's times.
func zoneRule(value string, from int) (*rrule.ROption, error) {
	opt, until, err := splitRule(value)
	if err != nil {
		return nil, err
	}
	if opt.Freq != rrule.YEARLY {
		return nil, errors.New("RRULE of a time zone is not yearly")
	}
	if until != "" {
		t, err := wallTime(until)
		if err != nil {
			return nil, fmt.Errorf("RRULE UNTIL: %w", err)
		}
		if strings.HasSuffix(until, "Z") {
			t = t.Add(time.Duration(from) * time.Second)
		}
		opt.Until = t
	}
	return opt, nil
}

// wallTime parses a local DATE-TIME (or DATE) as a UTC clock reading; a
// trailing Z, which a VTIMEZONE's DTSTART should not have, is ignored.
func wallTime(v string) (time.Time, error) {
	v = strings.TrimSuffix(strings.TrimSpace(v), "Z")
	layout := localLayout
	if len(v) == len(dateLayout) {
		layout = dateLayout
	}
	t, err := time.Parse(layout, v)
	if err != nil || t.Year() < 1 {
		return time.Time{}, fmt.Errorf("invalid date-time %q", v)
	}
	return t, nil
}

// offsetProp reads a TZOFFSETFROM or TZOFFSETTO property.
func offsetProp(c *ical.Component, name string) (int, error) {
	p := c.Props.Get(name)
	if p == nil {
		return 0, fmt.Errorf("no %s", name)
	}
	off, err := parseOffset(p.Value)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return off, nil
}

// offsetName names a zone by the offset of its last standard-time onset,
// or of its last onset when it has none: "UTC+05:30".
func offsetName(all []onset) string {
	off := all[len(all)-1].offset
	for i := len(all) - 1; i >= 0; i-- {
		if !all[i].dst {
			off = all[i].offset
			break
		}
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, off/3600, off/60%60)
}

// abbreviation returns a TZNAME fit for a TZif abbreviation (letters,
// digits, + and -, at most 16), or the offset as "+0100".
func abbreviation(name string, offset int) string {
	clean := strings.Map(func(r rune) rune {
		if r < 128 && (r == '+' || r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return r
		}
		return -1
	}, name)
	if clean != "" && len(clean) <= 16 {
		return clean
	}
	sign := '+'
	if offset < 0 {
		sign, offset = '-', -offset
	}
	return fmt.Sprintf("%c%02d%02d", sign, offset/3600, offset/60%60)
}
