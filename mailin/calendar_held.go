package mailin

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/calendar"
)

// Bounds on what one pair's calendar keeps, so that whoever knows a
// calendar address (every guest does) cannot make it grow without end:
// events (UIDs), parts in all, and their bytes (each part keeps only its
// event's lines, see calendar.Extract: a few kilobytes).
const (
	maxSeries = 16
	maxParts  = 100
	maxBytes  = 1 << 20
)

// full says why the calendar takes no invitation of size bytes for the
// event uid, "" when it has room: a new event while maxSeries are
// followed, or any once maxParts or maxBytes are kept.
func (h *heldCalendar) full(uid string, size int) string {
	kept := size
	for _, p := range h.parts {
		kept += p.size
	}
	if len(h.parts) >= maxParts || kept > maxBytes {
		return fmt.Sprintf("the 1:1 has %d calendar updates (%d KiB) kept already, the most preread keeps "+
			"(at most %d, %d KiB): the admin can reset it with preread meetings --reset", len(h.parts), (kept-size)>>10, maxParts, maxBytes>>10)
	}
	if h.has(uid) {
		return ""
	}
	followed := 0
	for _, s := range mergeSeries(h.invitations("")) {
		if live(s) {
			followed++
		}
	}
	if followed >= maxSeries {
		return fmt.Sprintf("the 1:1 has %d calendar events already, the most preread follows: cancel the old ones", maxSeries)
	}
	return ""
}

// heldCalendar is a pair's calendar as stored, while the invitations of
// one message are applied to it.
type heldCalendar struct {
	named map[preread.CalendarKey]time.Time
	parts []heldPart
}

// heldPart is one stored part's invitations for its event; id 0 for one
// this message brings.
type heldPart struct {
	id   int64
	uid  string
	invs []calendar.Invitation
	size int // bytes kept
}

// heldCalendar reads what is held of a pair's calendar, its parts
// parsed once across messages when the classifier has Schedules.
func (c *Classifier) heldCalendar(ctx context.Context, pair preread.Pair) (*heldCalendar, error) {
	s := c.Schedules
	if s == nil {
		s = &Schedules{}
	}
	pc, invs, err := s.pair(ctx, c.Lookup, pair.Manager, pair.Report)
	if err != nil {
		return nil, err
	}
	h := &heldCalendar{named: pc.Named}
	for i, part := range pc.Parts {
		h.parts = append(h.parts, heldPart{part.ID, part.UID, invs[i], part.Size})
	}
	return h, nil
}

// has reports whether the pair holds invitations for the event uid.
func (h *heldCalendar) has(uid string) bool {
	return slices.ContainsFunc(h.parts, func(p heldPart) bool { return p.uid == uid })
}

// invitations are all the pair's invitations, those of uid alone when
// uid is not "".
func (h *heldCalendar) invitations(uid string) []calendar.Invitation {
	var out []calendar.Invitation
	for _, p := range h.parts {
		if uid == "" || p.uid == uid {
			out = append(out, p.invs...)
		}
	}
	return out
}

// schedule is the pair's meetings as its calendar now sets them.
func (h *heldCalendar) schedule() (preread.Schedule, bool) {
	return newSchedule(h.invitations(""), h.named)
}

// live reports whether the pair's meetings follow its calendar.
func (h *heldCalendar) live() bool {
	_, ok := h.schedule()
	return ok
}

// apply merges an invitation, kept in size bytes, into the event's series. It reports whether
// that changed the series (an older update, or one seen before, does
// not), and which stored parts add nothing to it any more: each of their
// events has a newer version now.
func (h *heldCalendar) apply(inv invitation, size int) (drop []int64, changed bool) {
	series := calendar.Series{}
	for _, old := range h.invitations(inv.UID) {
		series.Apply(old)
	}
	if !series.Apply(inv.Invitation) {
		return nil, false
	}
	kept := h.parts[:0]
	for _, p := range h.parts {
		if p.uid == inv.UID && !contributes(p.invs, series) {
			if p.id != 0 {
				drop = append(drop, p.id)
			}
			continue
		}
		kept = append(kept, p)
	}
	h.parts = append(kept, heldPart{uid: inv.UID, invs: []calendar.Invitation{inv.Invitation}, size: size})
	return drop, true
}

// contributes reports whether one of the invitations' events is the
// version the series keeps: its master, or one of its overrides.
func contributes(invs []calendar.Invitation, s calendar.Series) bool {
	for _, inv := range invs {
		if m := inv.Master; m != nil && s.Master != nil && m.Revision.Compare(s.Master.Revision) == 0 {
			return true
		}
		for _, o := range inv.Overrides {
			if slices.ContainsFunc(s.Overrides, func(w calendar.Event) bool {
				return w.RecurrenceID.Equal(o.RecurrenceID) && w.Revision.Compare(o.Revision) == 0
			}) {
				return true
			}
		}
	}
	return false
}
