package calendar

import (
	"cmp"
	"time"

	"github.com/teambition/rrule-go"
)

// Method is the iTIP method of a calendar object (RFC 5546 §1.4): what the
// sender asks of the recipient.
type Method string

// The iTIP methods. A calendar object without METHOD (an exported .ics
// file, RFC 5545 §3.7.2) has the method NoMethod.
const (
	Publish        Method = "PUBLISH"
	Request        Method = "REQUEST"
	Reply          Method = "REPLY"
	Add            Method = "ADD"
	Cancel         Method = "CANCEL"
	Refresh        Method = "REFRESH"
	Counter        Method = "COUNTER"
	DeclineCounter Method = "DECLINECOUNTER"
	NoMethod       Method = ""
)

// Schedules reports whether an object with this method sets, moves or
// cancels meetings: REQUEST, PUBLISH and CANCEL do, and so does a plain .ics
// file, read as PUBLISH. REPLY, COUNTER and the rest answer an organizer
// (or, for ADD, need the series they add to) and change nothing here.
func (m Method) Schedules() bool {
	return m == Request || m == Publish || m == Cancel || m == NoMethod
}

// Revision orders the versions of one event (RFC 5546 §2.1.5): a higher
// SEQUENCE is newer, and for the same SEQUENCE a later DTSTAMP is.
type Revision struct {
	Sequence int
	Stamp    time.Time // DTSTAMP, UTC; zero when the event had none
}

// Compare returns -1 if r is older than s, +1 if it is newer, and 0 for
// the same revision (the same update delivered twice).
func (r Revision) Compare(s Revision) int {
	if c := cmp.Compare(r.Sequence, s.Sequence); c != 0 {
		return c
	}
	return r.Stamp.Compare(s.Stamp)
}

// Key names what an update is about: a whole event (RecurrenceID "") or
// one occurrence of a series (its RECURRENCE-ID as a UTC date-time,
// "20261124T090000Z"). It is a string pair, so it fits a map or a column.
type Key struct {
	UID          string
	RecurrenceID string
}

// recurrenceKey formats a RECURRENCE-ID for a Key: "" for none.
func recurrenceKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(utcLayout)
}

// Event is one VEVENT: a series or single event (no RecurrenceID), or an
// override of one occurrence of a series (with one).
type Event struct {
	UID string
	// RecurrenceID is the start the series gave the occurrence this event
	// overrides (RFC 5545 §3.8.4.4); zero for the series itself.
	RecurrenceID time.Time
	// ThisAndFuture is RANGE=THISANDFUTURE on the RECURRENCE-ID: Between
	// moves every later occurrence by as much as this one.
	ThisAndFuture bool
	Revision      Revision
	// Start and End are DTSTART and DTEND (or DTSTART plus DURATION), in
	// the zone of DTSTART: its TZID, UTC, or the fallback zone for a
	// floating time or a date. Both are zero for a cancellation that
	// names no DTSTART. End is Start when the event has neither.
	Start, End time.Time
	// AllDay is a DTSTART with VALUE=DATE (or Exchange's
	// X-MICROSOFT-CDO-ALLDAYEVENT:TRUE): no meeting at a time of day.
	AllDay bool
	// Floating is a DTSTART with neither UTC nor TZID (RFC 5545 §3.3.5),
	// read in the fallback zone Parse was given.
	Floating bool
	// Cancelled is STATUS:CANCELLED, or any event of a METHOD:CANCEL.
	Cancelled bool
	// Rule is the RRULE as written, "" for none. A rule that can never
	// match is dropped (and Rule is "") so that DTSTART alone remains.
	Rule string
	// RDates and ExDates are the RDATE and EXDATE values of every such
	// property, lists included, in the zone of Start. A date given for a
	// date-time series stands for that day at the series' time.
	RDates, ExDates []time.Time
	Organizer       string   // ORGANIZER's address, lower case, without mailto:
	Attendees       []string // each ATTENDEE's address, likewise, once each
	Summary         string

	rule *rrule.ROption // Rule parsed, with Dtstart and Until set; nil for none
}

// Key returns the key of what this event updates.
func (e Event) Key() Key { return Key{e.UID, recurrenceKey(e.RecurrenceID)} }

// Recurring reports whether the event is a series: it has an RRULE or RDATE.
func (e Event) Recurring() bool { return e.rule != nil || len(e.RDates) > 0 }

// Invitation is what one calendar object says about one event (one UID):
// the series, its overrides, or both.
type Invitation struct {
	Method Method
	UID    string
	// Master is the event without RECURRENCE-ID: the series, or a single
	// event. It is nil when the object carries only overrides, as a
	// moved or cancelled occurrence often comes.
	Master *Event
	// Overrides are the events with a RECURRENCE-ID: a moved occurrence
	// (its new Start and End), or a cancelled one (Cancelled).
	Overrides []Event
	// Err tells which events of this UID could not be read and are left
	// out. An invitation whose Master or an override is missing this way
	// is best not acted on.
	Err error
}

// Organizer returns the organizer's address: the master's, or the first
// override's that has one; "" if none does.
func (inv Invitation) Organizer() string {
	for _, e := range inv.Events() {
		if e.Organizer != "" {
			return e.Organizer
		}
	}
	return ""
}

// Attendees returns the attendees' addresses of every event of the
// invitation, once each, in order of appearance.
func (inv Invitation) Attendees() []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range inv.Events() {
		for _, a := range e.Attendees {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// Events returns the master, if any, then the overrides.
func (inv Invitation) Events() []Event {
	if inv.Master == nil {
		return inv.Overrides
	}
	return append([]Event{*inv.Master}, inv.Overrides...)
}
