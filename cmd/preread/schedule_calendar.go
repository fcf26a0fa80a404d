package main

import (
	"context"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/store"
)

// changedSearch is how far around now a meeting with a pre-read is looked
// for in its pair's calendar: a week back (moved earlier) and over a year
// ahead (moved later); past that it counts as cancelled.
const (
	changedBack  = 7 * 24 * time.Hour
	changedAhead = 400 * 24 * time.Hour
	// seriesShift is how far a meeting whose name the calendar no longer
	// has (its whole series moved, so its RECURRENCE-ID changed) is
	// looked for in the same series: a series moved to another weekday.
	seriesShift = 3 * 24 * time.Hour
)

// calendarChanges tells the readers of each pre-read whose meeting the
// calendar moved or cancelled since it went out, and records the change
// with the notices: each pair's changes found at once in one notice, at
// most digest.MaxChangeNotices a day (later changes wait for the next
// day's first), and never a second pre-read (the meeting keeps its name,
// so its pre-read is queued already). A rule's meeting is left to the
// rule, as before. renamed reports a meeting that took another calendar
// key: the directory's schedules name meetings by the keys as they were.
func (p *planner) calendarChanges(ctx context.Context, now time.Time) (n int, renamed bool, err error) {
	ahead, err := p.a.db.MeetingsAhead(ctx, now)
	if err != nil {
		return 0, false, err
	}
	pairs := map[string]preread.Pair{}
	for _, pair := range p.dir.Pairs {
		pairs[pair.Key()] = pair
	}
	byPair := map[string][]store.HeldMeeting{}
	var order []string
	for _, h := range ahead {
		if _, ok := byPair[h.Pair]; !ok {
			order = append(order, h.Pair)
		}
		byPair[h.Pair] = append(byPair[h.Pair], h)
	}
	for _, key := range order {
		pair, ok := pairs[key]
		if !ok {
			continue
		}
		added, r, err := p.pairChanges(ctx, pair, byPair[key], now)
		n, renamed = n+added, renamed || r
		if err != nil {
			return n, renamed, err
		}
	}
	return n, renamed, nil
}

// pairChanges finds what the calendar did to one pair's meetings with a
// pre-read, and records it with one notice.
func (p *planner) pairChanges(ctx context.Context, pair preread.Pair, held []store.HeldMeeting, now time.Time) (int, bool, error) {
	var meetings []preread.Meeting
	if pair.Calendar != nil {
		// Skipped days and holidays count: SKIP is no cancellation.
		meetings = pair.CalendarMeetings(now.Add(-changedBack), now.Add(changedAhead))
	} else {
		meetings = pair.MeetingsBetween(now.Add(-changedBack), now.Add(changedAhead), nil)
	}
	claimed := map[time.Time]bool{}
	for _, h := range held {
		claimed[h.At] = true
	}
	var changes []store.MeetingChange
	renamed := false
	for _, h := range held {
		if pair.Calendar == nil && h.Key.UID == "" {
			continue // a rule's meeting, as the rule sets it
		}
		m, found := byName(meetings, h.At)
		if h.Cancelled {
			// Told cancelled: only the calendar naming it again brings it back.
			if found && !cancelledNow(pair, h, now) {
				changes = append(changes, store.MeetingChange{Held: h, To: m.Start, Key: m.Key})
				renamed = renamed || h.Key != m.Key
			}
			continue
		}
		if !found && !cancelledNow(pair, h, now) {
			var err error
			if m, found, err = p.movedSeries(ctx, pair, meetings, h, claimed); err != nil {
				return 0, renamed, err
			}
		}
		switch {
		case found && m.Start.Equal(h.Held):
			if h.Key != m.Key { // the calendar holds it under another key now: it takes that key
				if err := p.a.db.MoveMeeting(ctx, h, m.Start, m.Key, nil); err != nil {
					return 0, renamed, err
				}
				renamed = true
			}
		case found:
			changes = append(changes, store.MeetingChange{Held: h, To: m.Start, Key: m.Key})
			renamed = renamed || h.Key != m.Key
		default:
			changes = append(changes, store.MeetingChange{Held: h, Cancelled: true})
		}
	}
	if len(changes) == 0 {
		return 0, renamed, nil
	}
	n, err := p.tellChanges(ctx, pair, changes, now)
	return n, renamed, err
}

// byName finds the meeting named at.
func byName(meetings []preread.Meeting, at time.Time) (preread.Meeting, bool) {
	for _, m := range meetings {
		if m.At.Equal(at) {
			return m, true
		}
	}
	return preread.Meeting{}, false
}

// cancelledNow reports a meeting the calendar cancelled by its name: an
// override or EXDATE of its occurrence.
func cancelledNow(pair preread.Pair, h store.HeldMeeting, now time.Time) bool {
	if pair.Calendar == nil || h.Key.UID == "" {
		return false
	}
	for _, c := range pair.Calendar.Cancelled(now.Add(-changedBack), now.Add(changedAhead)) {
		if c.Key == h.Key {
			return true
		}
	}
	return false
}

// movedSeries finds the meeting a pre-read's meeting became when the
// calendar no longer names it: when the whole series moves, each
// occurrence's RECURRENCE-ID moves too, and "this and following" starts a
// new event. It is the pair's meeting on the same day, else the same
// event's nearest within seriesShift, that has no pre-read of its own.
func (p *planner) movedSeries(ctx context.Context, pair preread.Pair, meetings []preread.Meeting, h store.HeldMeeting,
	claimed map[time.Time]bool) (preread.Meeting, bool, error) {
	loc := pair.TimeZone
	if loc == nil {
		loc = h.Held.Location()
	}
	day := preread.DateOf(h.Held.In(loc))
	rank := func(m preread.Meeting) (bool, time.Duration) {
		return preread.DateOf(m.Start.In(loc)) != day, m.Start.Sub(h.Held).Abs()
	}
	var best preread.Meeting
	found := false
	for _, m := range meetings {
		if claimed[m.At] {
			continue
		}
		sameDay := preread.DateOf(m.Start.In(loc)) == day
		near := m.Key.UID != "" && m.Key.UID == h.Key.UID && m.Start.Sub(h.Held).Abs() <= seriesShift
		if !sameDay && !near {
			continue
		}
		queued, err := p.a.db.Queued(ctx, preread.KindPreread, pair.Manager, digest.PrereadPeriod(pair, m.At))
		if err != nil {
			return best, false, err
		}
		if queued {
			continue
		}
		otherDay, dist := rank(m)
		bestOther, bestDist := rank(best)
		if !found || !otherDay && bestOther || otherDay == bestOther && dist < bestDist {
			best, found = m, true
		}
	}
	if found {
		claimed[best.At] = true
	}
	return best, found, nil
}

// tellChanges records a pair's changes with one notice to each reader of
// its pre-reads, unless the pair's notices of the day are used up: then
// the changes wait, unrecorded, for the next day's first notice.
func (p *planner) tellChanges(ctx context.Context, pair preread.Pair, changes []store.MeetingChange, now time.Time) (int, error) {
	manager, _ := p.dir.Person(pair.Manager)
	report, _ := p.dir.Person(pair.Report)
	loc := firstZone(pair.TimeZone, manager.TimeZone)
	day := preread.DateOf(now.In(loc))
	n, err := p.nextNotice(ctx, pair, day)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		p.a.log.Warn("meeting changes wait for tomorrow: the pair's notices of the day are used up",
			"pair", pair.Key(), "changes", len(changes), "max", digest.MaxChangeNotices)
		return 0, nil
	}
	var cs []digest.MeetingChange
	for _, c := range changes {
		mc := digest.MeetingChange{Pair: pair, Manager: manager, Report: report, Was: c.Held.Held, At: c.Held.At, Moved: c.To,
			Back: c.Held.Cancelled}
		if c.Cancelled {
			if later := pair.Meetings(maxTime(now, c.Held.Held), 1, p.dir.Holidays); len(later) > 0 {
				mc.Next = later[0].Start
			}
		}
		cs = append(cs, mc)
	}
	var notices []preread.Rendered
	for _, to := range pair.Readers(pair.PrereadTo == preread.PrereadToBoth) {
		reader, _ := p.dir.Person(to)
		addr, err := p.addresses(ctx, to)
		if err != nil {
			return 0, err
		}
		e := digest.MeetingsChanged(cs, reader, addr, day, n)
		e.Date = now
		r, err := p.renderer.Render(e)
		if err != nil {
			return 0, err
		}
		notices = append(notices, r)
	}
	if err := p.a.db.ChangeMeetings(ctx, changes, notices); err != nil {
		return 0, err
	}
	for _, c := range changes {
		switch {
		case c.Cancelled:
			p.a.log.Info("meeting cancelled", "pair", pair.Key(), "meeting", c.Held.Held)
		case c.Held.Cancelled:
			p.a.log.Info("meeting back on", "pair", pair.Key(), "meeting", c.Held.Held, "at", c.To)
		default:
			p.a.log.Info("meeting moved", "pair", pair.Key(), "meeting", c.Held.Held, "to", c.To)
		}
	}
	return len(notices), nil
}

// nextNotice is the number of the pair's next notice of changes on day,
// 0 when its notices of the day are used up.
func (p *planner) nextNotice(ctx context.Context, pair preread.Pair, day preread.Date) (int, error) {
	for i := 1; i <= digest.MaxChangeNotices; i++ {
		used := false
		for _, kind := range []preread.EmailKind{preread.KindMoved, preread.KindCancelled} {
			queued, err := p.a.db.Queued(ctx, kind, pair.Manager, digest.ChangesPeriod(pair.Key(), day, i))
			if err != nil {
				return 0, err
			}
			used = used || queued
		}
		if !used {
			return i, nil
		}
	}
	return 0, nil
}

// firstZone is the first zone given that is set, else UTC.
func firstZone(zones ...*time.Location) *time.Location {
	for _, z := range zones {
		if z != nil {
			return z
		}
	}
	return time.UTC
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
