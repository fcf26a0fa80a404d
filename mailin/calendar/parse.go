package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// Bounds on the events of one input.
const (
	maxEvents = 64 // VEVENTs
	maxRules  = 8  // VEVENTs with an RRULE, each checked once (see hasInstance)
)

// Parse reads iCalendar data (RFC 5545), a text/calendar or application/ics
// part as the caller found it in a message, and returns one Invitation per
// UID of each calendar object in it, in order of appearance. A floating
// time, and a date, is read in fallback (the organizer's zone; nil is UTC).
//
// Parse bounds what it reads (MaxSize, and limits on lines, components,
// events and rules) and never panics. It returns an error only when it can
// read no invitation at all; an event it cannot read is left out, and its
// invitation's Err says why.
func Parse(data []byte, fallback *time.Location) ([]Invitation, error) {
	if fallback == nil {
		fallback = time.UTC
	}
	chunks, err := scan(data)
	if err != nil {
		return nil, err
	}
	var invs []Invitation
	var errs []error
	budget := limits{events: maxEvents, rules: maxRules}
	for _, chunk := range chunks {
		cal, err := decode(chunk)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got, err := readCalendar(cal, fallback, &budget)
		invs = append(invs, got...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(invs) == 0 {
		if len(errs) == 0 {
			return nil, errors.New("no VEVENT")
		}
		return nil, errors.Join(errs...)
	}
	return invs, nil
}

// limits is what is left of the bounds on one input.
type limits struct{ events, rules int }

// decode parses one calendar object with go-ical. Its decoder panics on a
// parameter followed by anything but ';', ',' or ':' (and on one at the end
// of a line), so a panic is a malformed calendar here.
func decode(chunk []byte) (cal *ical.Calendar, err error) {
	defer func() {
		if r := recover(); r != nil {
			cal, err = nil, fmt.Errorf("malformed calendar: %v", r)
		}
	}()
	cal, err = ical.NewDecoder(bytes.NewReader(chunk)).Decode()
	if err != nil {
		return nil, fmt.Errorf("malformed calendar: %w", err)
	}
	return cal, nil
}

// readCalendar groups the VEVENTs of one calendar object by UID. Events
// without a UID, which no update could name, are reported in the error.
func readCalendar(cal *ical.Calendar, fallback *time.Location, budget *limits) ([]Invitation, error) {
	method := NoMethod
	if p := cal.Props.Get(ical.PropMethod); p != nil {
		method = Method(strings.ToUpper(strings.TrimSpace(p.Value)))
	}
	z := newZones(cal, fallback)
	var invs []Invitation
	byUID := map[string]int{}
	var errs []error
	for _, c := range cal.Children {
		if c.Name != ical.CompEvent {
			continue
		}
		if budget.events--; budget.events < 0 {
			return invs, fmt.Errorf("over %d events", maxEvents)
		}
		uid := strings.TrimSpace(text(c.Props.Get(ical.PropUID)))
		if uid == "" {
			errs = append(errs, errors.New("event without UID"))
			continue
		}
		i, ok := byUID[uid]
		if !ok {
			i = len(invs)
			byUID[uid] = i
			invs = append(invs, Invitation{Method: method, UID: uid})
		}
		inv := &invs[i]
		e, err := readEvent(c, z, method, budget)
		if err != nil {
			inv.Err = errors.Join(inv.Err, err)
			continue
		}
		e.UID = uid
		inv.add(e)
	}
	return invs, errors.Join(errs...)
}

// add files an event as the master or an override; a second master, or a
// second override of one occurrence, is an error and left out.
func (inv *Invitation) add(e Event) {
	if e.RecurrenceID.IsZero() {
		if inv.Master != nil {
			inv.Err = errors.Join(inv.Err, errors.New("two events without RECURRENCE-ID"))
			return
		}
		inv.Master = &e
		return
	}
	for _, o := range inv.Overrides {
		if o.RecurrenceID.Equal(e.RecurrenceID) {
			inv.Err = errors.Join(inv.Err, fmt.Errorf("two events for RECURRENCE-ID %s", recurrenceKey(e.RecurrenceID)))
			return
		}
	}
	inv.Overrides = append(inv.Overrides, e)
}
