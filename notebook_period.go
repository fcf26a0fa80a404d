package preread

import "time"

// Period is a span of days, both ends included; a zero end is open.
type Period struct {
	Since Date
	Until Date
}

// Holds reports whether day d is in the period.
func (p Period) Holds(d Date) bool {
	return (p.Since.IsZero() || !d.Before(p.Since)) && (p.Until.IsZero() || !d.After(p.Until))
}

// holdsAt reports whether instant t falls on a day of the period in loc.
// The zero instant is in no period.
func (p Period) holdsAt(t time.Time, loc *time.Location) bool {
	if t.IsZero() {
		return false
	}
	if loc == nil {
		loc = time.UTC
	}
	return p.Holds(DateOf(t.In(loc)))
}

// Within is the part of the notebook that belongs to the period, with
// dates read in each pair's manager's time zone (zone gives it by
// address): status of the workdays in it; agenda and action items raised
// or closed in it; notes and meeting notes written in it; meetings held in
// it.
func (nb Notebook) Within(p Period, zone func(manager string) *time.Location) Notebook {
	if p == (Period{}) {
		return nb
	}
	var out Notebook
	for _, s := range nb.Status {
		if p.Holds(s.Date) {
			out.Status = append(out.Status, s)
		}
	}
	for _, a := range nb.Agenda {
		if loc := zone(a.Manager); p.holdsAt(a.Created, loc) || p.holdsAt(a.Closed, loc) {
			out.Agenda = append(out.Agenda, a)
		}
	}
	for _, n := range nb.Notes {
		if p.holdsAt(n.Created, zone(n.Manager)) {
			out.Notes = append(out.Notes, n)
		}
	}
	for _, a := range nb.Actions {
		if loc := zone(a.Manager); p.holdsAt(a.Created, loc) || p.holdsAt(a.Closed, loc) {
			out.Actions = append(out.Actions, a)
		}
	}
	for _, n := range nb.MeetingNotes {
		if p.holdsAt(n.Created, zone(n.Manager)) {
			out.MeetingNotes = append(out.MeetingNotes, n)
		}
	}
	for _, m := range nb.Meetings {
		if p.holdsAt(m.Start, zone(m.Manager)) {
			out.Meetings = append(out.Meetings, m)
		}
	}
	return out
}

// ZoneOf is a zone function for Within: each person's time zone from the
// directory, UTC for someone it no longer holds.
func (d Directory) ZoneOf(addr string) *time.Location {
	if p, ok := d.Person(addr); ok && p.TimeZone != nil {
		return p.TimeZone
	}
	return time.UTC
}
