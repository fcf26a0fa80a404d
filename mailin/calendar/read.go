package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// readEvent reads one VEVENT of a calendar object with the given method.
func readEvent(c *ical.Component, z *zones, method Method, budget *limits) (Event, error) {
	var e Event
	var err error
	rid := ""
	if p := c.Props.Get(ical.PropRecurrenceID); p != nil {
		rid = p.Value
		if e.RecurrenceID, _, err = z.one(p); err != nil {
			return e, err
		}
		e.ThisAndFuture = strings.EqualFold(p.Params.Get(ical.ParamRange), "THISANDFUTURE")
	}
	if e.Revision, err = revision(c, z); err != nil {
		return e, withID(rid, err)
	}
	e.Cancelled = method == Cancel || strings.EqualFold(strings.TrimSpace(text(c.Props.Get(ical.PropStatus))), "CANCELLED")
	e.Summary = text(c.Props.Get(ical.PropSummary))
	if p := c.Props.Get(ical.PropOrganizer); p != nil {
		e.Organizer = address(*p)
	}
	for _, p := range c.Props.Values(ical.PropAttendee) {
		if a := address(p); a != "" && !slices.Contains(e.Attendees, a) {
			e.Attendees = append(e.Attendees, a)
		}
	}
	if err := readTimes(&e, c, z); err != nil {
		if e.Cancelled {
			// A cancellation needs only its UID and RECURRENCE-ID.
			e.Start, e.End, e.Rule, e.rule, e.RDates, e.ExDates = time.Time{}, time.Time{}, "", nil, nil, nil
			return e, nil
		}
		return e, withID(rid, err)
	}
	if e.Cancelled || e.Start.IsZero() || !e.RecurrenceID.IsZero() {
		return e, nil // an override's own RRULE, if any, is ignored
	}
	if p := c.Props.Get(ical.PropRecurrenceRule); p != nil {
		if budget.rules--; budget.rules < 0 {
			return e, fmt.Errorf("over %d recurring events", maxRules)
		}
		if e.rule, err = eventRule(p.Value, e.Start); err != nil {
			return e, err
		}
		if e.rule != nil {
			e.Rule = strings.TrimSpace(p.Value)
		}
	}
	return e, nil
}

// readTimes reads DTSTART, DTEND or DURATION, RDATE and EXDATE.
func readTimes(e *Event, c *ical.Component, z *zones) error {
	p := c.Props.Get(ical.PropDateTimeStart)
	if p == nil {
		return errors.New("no DTSTART")
	}
	start, w, err := z.one(p)
	if err != nil {
		return err
	}
	e.Start, e.AllDay, e.Floating = start, w.date, w.floating
	if p := c.Props.Get("X-MICROSOFT-CDO-ALLDAYEVENT"); p != nil && strings.EqualFold(strings.TrimSpace(p.Value), "TRUE") {
		e.AllDay = true
	}
	switch {
	case c.Props.Get(ical.PropDateTimeEnd) != nil:
		end, _, err := z.one(c.Props.Get(ical.PropDateTimeEnd))
		if err != nil {
			return err
		}
		if end.Before(start) {
			return errors.New("DTEND before DTSTART")
		}
		e.End = end.In(start.Location())
	case c.Props.Get(ical.PropDuration) != nil:
		d, err := parseDuration(c.Props.Get(ical.PropDuration).Value)
		if err != nil {
			return err
		}
		e.End = start.Add(d)
	case w.date:
		e.End = start.AddDate(0, 0, 1) // RFC 5545 §3.6.1: a date's event lasts the day
	default:
		e.End = start
	}
	if e.End.Sub(start) > maxDuration {
		return fmt.Errorf("event longer than %d days", maxDuration/(24*time.Hour))
	}
	if e.RDates, err = dateList(c, ical.PropRecurrenceDates, z, e); err != nil {
		return err
	}
	e.ExDates, err = dateList(c, ical.PropExceptionDates, z, e)
	return err
}

// dateList reads every RDATE or EXDATE property of an event, in the zone of
// its start. A date in a date-time series means that day at the series'
// wall time, which is how some servers write an excluded day.
func dateList(c *ical.Component, name string, z *zones, e *Event) ([]time.Time, error) {
	var out []time.Time
	for _, p := range c.Props.Values(name) {
		w, err := z.read(&p)
		if err != nil {
			return nil, err
		}
		for _, t := range w.times {
			if w.date && !e.AllDay {
				h, m, s := e.Start.Clock()
				t = time.Date(t.Year(), t.Month(), t.Day(), h, m, s, 0, e.Start.Location())
			}
			out = append(out, t.In(e.Start.Location()))
		}
		if len(out) > maxValues {
			return nil, fmt.Errorf("over %d %s values", maxValues, name)
		}
	}
	return out, nil
}

// revision reads SEQUENCE and DTSTAMP.
func revision(c *ical.Component, z *zones) (Revision, error) {
	var r Revision
	if p := c.Props.Get(ical.PropSequence); p != nil {
		n, err := strconv.Atoi(strings.TrimSpace(p.Value))
		if err != nil || n < 0 {
			return r, fmt.Errorf("invalid SEQUENCE %q", p.Value)
		}
		r.Sequence = n
	}
	if p := c.Props.Get(ical.PropDateTimeStamp); p != nil {
		t, _, err := z.one(p)
		if err != nil {
			return r, err
		}
		r.Stamp = t.UTC()
	}
	return r, nil
}

// withID names the occurrence an error is about, if any.
func withID(rid string, err error) error {
	if rid == "" {
		return err
	}
	return fmt.Errorf("RECURRENCE-ID %s: %w", rid, err)
}
