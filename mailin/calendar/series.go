package calendar

import (
	"slices"
	"time"
)

// maxOverrides bounds the overrides a Series keeps; past it, an update to a
// new occurrence is refused.
const maxOverrides = 500

// Series is what is known of one event (one UID) from every update read so
// far: the latest master and the latest version of each override. Replaying
// the same invitations through Apply, in any order, gives the same Series,
// so a caller can store the calendar parts it accepted and rebuild it.
type Series struct {
	UID       string
	Master    *Event  // nil until a master arrives
	Overrides []Event // one per RECURRENCE-ID, in order of arrival
}

// Apply merges an invitation into the series and reports whether it
// changed anything. Only methods that schedule count (see
// Method.Schedules), and only for the series' UID. Each event replaces the
// one with its key only if its Revision is newer (RFC 5546 §2.1.5), so an
// old update arriving late, or one delivered twice, changes nothing. A
// CANCEL of the master cancels the series; one of an override cancels that
// occurrence.
func (s *Series) Apply(inv Invitation) bool {
	if !inv.Method.Schedules() || (s.UID != "" && inv.UID != s.UID) {
		return false
	}
	s.UID = inv.UID
	changed := false
	if m := inv.Master; m != nil && (s.Master == nil || m.Revision.Compare(s.Master.Revision) > 0) {
		copied := *m
		s.Master, changed = &copied, true
		// A newer master stands for the whole event (RFC 5546 §3.2.2): an
		// override of an older SEQUENCE that it does not bring again is
		// gone, so an occurrence the organizer put back is back.
		n := len(s.Overrides)
		s.Overrides = slices.DeleteFunc(s.Overrides, func(o Event) bool { return s.stale(o) && !brings(inv, o) })
		changed = changed || len(s.Overrides) != n
	}
	withMaster := inv.Master != nil && s.Master != nil && inv.Master.Revision.Compare(s.Master.Revision) == 0
	for _, o := range inv.Overrides {
		i := slices.IndexFunc(s.Overrides, func(e Event) bool { return e.RecurrenceID.Equal(o.RecurrenceID) })
		switch {
		case s.stale(o) && !withMaster: // older than the master, and not brought with it
		case i < 0 && len(s.Overrides) < maxOverrides:
			s.Overrides, changed = append(s.Overrides, o), true
		case i >= 0 && o.Revision.Compare(s.Overrides[i].Revision) > 0:
			s.Overrides[i], changed = o, true
		}
	}
	return changed
}

// stale reports whether an override is of an older SEQUENCE than the
// series' master.
func (s *Series) stale(o Event) bool {
	return s.Master != nil && o.Revision.Sequence < s.Master.Revision.Sequence
}

// brings reports whether the invitation has the override o, as it is.
func brings(inv Invitation, o Event) bool {
	return slices.ContainsFunc(inv.Overrides, func(e Event) bool {
		return e.RecurrenceID.Equal(o.RecurrenceID) && e.Revision.Compare(o.Revision) == 0
	})
}

// Occurrence is one meeting of a series.
type Occurrence struct {
	UID string
	// RecurrenceID is the start the series gives this meeting, which with
	// UID names it through moves (RFC 5545 §3.8.4.4). It is zero for the
	// one meeting of an event that does not recur, whose DTSTART may move.
	RecurrenceID time.Time
	Start, End   time.Time
	Moved        bool // an override gave it another start or end
}

// Key returns the meeting's key: the one an override of it would have.
func (o Occurrence) Key() Key { return Key{o.UID, recurrenceKey(o.RecurrenceID)} }

// maxMove bounds how far an override may move its occurrence: one that
// moves it further is ignored, so a span's expansion looks at most this
// far around it.
const maxMove = 400 * 24 * time.Hour

// Between returns the meetings of the series that start at or after from
// and before to, sorted by start: the master's recurrence set (RRULE,
// DTSTART and RDATE, less EXDATE) with each occurrence that an override
// moves at its new time and each one an override cancels left out. An
// override with RANGE=THISANDFUTURE moves (or cancels) every later
// occurrence that has no override of its own by as much as its own. An
// override whose RECURRENCE-ID is no occurrence of the master (a stale one
// after the series was changed), or that moves its occurrence more than
// maxMove, is ignored. Without a master, the overrides alone are the
// meetings. A cancelled series has none, and so has an all-day one. At
// most MaxResults meetings are returned, and the recurrence set is walked
// for at most maxScan instances, from shortly before from.
func (s Series) Between(from, to time.Time) []Occurrence {
	var out []Occurrence
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	m := s.Master
	if m == nil {
		for _, o := range s.Overrides {
			if !o.Cancelled && !o.AllDay && !o.Start.IsZero() && in(o.Start) {
				out = append(out, Occurrence{s.UID, o.RecurrenceID, o.Start, o.End, false})
			}
		}
		return sorted(out)
	}
	if m.Cancelled || m.AllDay || m.Start.IsZero() {
		return nil
	}
	overrides := map[int64]Event{}
	var future []Event // RANGE=THISANDFUTURE, by RECURRENCE-ID
	var pad time.Duration
	for _, o := range s.Overrides {
		shift := o.Start.Sub(o.RecurrenceID)
		if o.Start.IsZero() {
			shift = 0
		}
		if shift > maxMove || shift < -maxMove {
			continue
		}
		pad = max(pad, shift, -shift)
		overrides[o.RecurrenceID.Unix()] = o
		if o.ThisAndFuture {
			future = append(future, o)
		}
	}
	slices.SortFunc(future, func(a, b Event) int { return a.RecurrenceID.Compare(b.RecurrenceID) })
	length := m.End.Sub(m.Start)
	recurring := m.Recurring()
	m.walk(from.Add(-pad), to.Add(pad), func(t time.Time) bool {
		rid := t
		if !recurring {
			rid = time.Time{}
		}
		o, ok := overrides[t.Unix()]
		if !ok {
			o, ok = thisAndFuture(future, t)
		}
		switch {
		case ok && (o.Cancelled || o.Start.IsZero()):
		case ok && in(o.Start):
			moved := !o.Start.Equal(t) || o.End.Sub(o.Start) != length
			out = append(out, Occurrence{s.UID, rid, o.Start, o.End, moved})
		case !ok && in(t):
			out = append(out, Occurrence{s.UID, rid, t, t.Add(length), false})
		}
		return len(out) < MaxResults
	})
	return sorted(out)
}

// thisAndFuture is the occurrence t as the latest RANGE=THISANDFUTURE
// override before it sets it: moved by as much as that one, lasting as
// long; false when none is before t.
func thisAndFuture(future []Event, t time.Time) (Event, bool) {
	i, _ := slices.BinarySearchFunc(future, t, func(e Event, t time.Time) int { return e.RecurrenceID.Compare(t) })
	if i == 0 {
		return Event{}, false
	}
	o := future[i-1]
	if o.Cancelled || o.Start.IsZero() {
		return o, true
	}
	shifted := o
	shifted.Start = t.Add(o.Start.Sub(o.RecurrenceID))
	shifted.End = shifted.Start.Add(o.End.Sub(o.Start))
	return shifted, true
}

func sorted(out []Occurrence) []Occurrence {
	slices.SortStableFunc(out, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	return out
}
