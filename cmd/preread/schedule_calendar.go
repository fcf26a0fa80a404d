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
)

// calendarChanges tells the readers of each pre-read whose meeting the
// calendar moved or cancelled since it went out, and records the change
// with the notices: one notice per move, one per cancellation, and never
// a second pre-read (the meeting keeps its name, so its pre-read is
// queued already). A rule's meeting is left to the rule, as before.
func (p *planner) calendarChanges(ctx context.Context, now time.Time) (int, error) {
	ahead, err := p.a.db.MeetingsAhead(ctx, now)
	if err != nil {
		return 0, err
	}
	pairs := map[string]preread.Pair{}
	for _, pair := range p.dir.Pairs {
		pairs[pair.Key()] = pair
	}
	n := 0
	for _, h := range ahead {
		pair, ok := pairs[h.Pair]
		if !ok || pair.Calendar == nil && h.Key.UID == "" {
			continue
		}
		m, found := heldNow(pair, h, now, p.dir.Holidays)
		switch {
		case found && m.Start.Equal(h.Held):
			if h.Key != m.Key { // a rule's meeting the calendar holds now: it takes the calendar's key
				if err := p.a.db.MoveMeeting(ctx, h, m.Start, m.Key, nil); err != nil {
					return n, err
				}
			}
			continue
		case found:
			added, err := p.meetingChanged(ctx, pair, h, m.Start, time.Time{}, now, func(notices []preread.Rendered) error {
				return p.a.db.MoveMeeting(ctx, h, m.Start, m.Key, notices)
			})
			n += added
			if err != nil {
				return n, err
			}
		default:
			var next time.Time
			if later := pair.Meetings(maxTime(now, h.Held), 1, p.dir.Holidays); len(later) > 0 {
				next = later[0].Start
			}
			added, err := p.meetingChanged(ctx, pair, h, time.Time{}, next, now, func(notices []preread.Rendered) error {
				return p.a.db.CancelMeeting(ctx, h, notices)
			})
			n += added
			if err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// heldNow finds the meeting with a pre-read in its pair's meetings now,
// by its name.
func heldNow(pair preread.Pair, h store.HeldMeeting, now time.Time, holidays []preread.Date) (preread.Meeting, bool) {
	for _, m := range pair.MeetingsBetween(now.Add(-changedBack), now.Add(changedAhead), holidays) {
		if m.At.Equal(h.At) {
			return m, true
		}
	}
	return preread.Meeting{}, false
}

// meetingChanged renders the notice of a moved (moved not zero) or
// cancelled meeting to each reader of the pair's pre-reads and records
// the change with them.
func (p *planner) meetingChanged(ctx context.Context, pair preread.Pair, h store.HeldMeeting, moved, next, now time.Time,
	record func([]preread.Rendered) error) (int, error) {
	manager, _ := p.dir.Person(pair.Manager)
	report, _ := p.dir.Person(pair.Report)
	c := digest.MeetingChange{Pair: pair, Manager: manager, Report: report, Was: h.Held, At: h.At, Moved: moved, Next: next}
	var notices []preread.Rendered
	for _, to := range pair.Readers(pair.PrereadTo == preread.PrereadToBoth) {
		reader, _ := p.dir.Person(to)
		addr, err := p.addresses(ctx, to)
		if err != nil {
			return 0, err
		}
		e := digest.MeetingChanged(c, reader, addr)
		e.Date = now
		r, err := p.renderer.Render(e)
		if err != nil {
			return 0, err
		}
		notices = append(notices, r)
	}
	if err := record(notices); err != nil {
		return 0, err
	}
	kind := "moved"
	if moved.IsZero() {
		kind = "cancelled"
	}
	p.a.log.Info("meeting "+kind, "pair", pair.Key(), "meeting", h.Held, "to", moved)
	return len(notices), nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
