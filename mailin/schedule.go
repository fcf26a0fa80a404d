package mailin

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/calendar"
)

// Schedules reads the calendars of pairs into the meetings they set, by
// pair key: a pair whose calendar has no live series (none yet, or every
// one cancelled) has none, and keeps its config rule. Each part is read
// from the database and parsed once, and remembered by its ID, so a
// planner tick, and each calendar mail, costs the parts that are new
// since. One Schedules serves the planner and the classifier at once.
type Schedules struct {
	mu     sync.Mutex
	parsed map[int64][]calendar.Invitation
	series map[string]remembered // by pair key: a calendar whose parts are unchanged keeps its expansions
}

// CalendarSource is where Schedules reads calendars: *store.DB is one. A
// part for which have reports true may come without its data.
type CalendarSource interface {
	Calendars(ctx context.Context, have func(id int64) bool) (map[string]preread.PairCalendar, error)
}

// Load reads every active pair's calendar and turns it into its
// schedule; parts that are gone are forgotten.
func (s *Schedules) Load(ctx context.Context, src CalendarSource) (map[string]preread.Schedule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	calendars, err := src.Calendars(ctx, s.has)
	if err != nil {
		return nil, err
	}
	seen := map[int64][]calendar.Invitation{}
	series := map[string]remembered{}
	out := map[string]preread.Schedule{}
	for key, pc := range calendars {
		var invs []calendar.Invitation
		for _, part := range pc.Parts {
			got := s.invitations(part)
			seen[part.ID] = got
			invs = append(invs, got...)
		}
		r, ids := s.series[key], partIDs(pc)
		if r.parts != ids {
			r = remembered{parts: ids, series: liveSeries(invs)}
		}
		series[key] = r
		if len(r.series) > 0 {
			out[key] = schedule{series: r.series, named: pc.Named}
		}
	}
	s.parsed, s.series = seen, series
	return out, nil
}

// Read turns calendars read with their data into schedules.
func (s *Schedules) Read(calendars map[string]preread.PairCalendar) map[string]preread.Schedule {
	out, _ := s.Load(context.Background(), given(calendars))
	return out
}

// given is calendars read already, as a CalendarSource.
type given map[string]preread.PairCalendar

func (g given) Calendars(context.Context, func(int64) bool) (map[string]preread.PairCalendar, error) {
	return g, nil
}

// pairSource reads one pair's calendar: *store.DB is one.
type pairSource interface {
	PairCalendar(ctx context.Context, manager, report string, have func(id int64) bool) (preread.PairCalendar, error)
}

// pair reads one pair's calendar with each part's invitations, parsing
// only the parts not seen before.
func (s *Schedules) pair(ctx context.Context, src pairSource, manager, report string) (preread.PairCalendar, [][]calendar.Invitation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pc, err := src.PairCalendar(ctx, manager, report, s.has)
	if err != nil {
		return pc, nil, err
	}
	invs := make([][]calendar.Invitation, len(pc.Parts))
	for i, part := range pc.Parts {
		invs[i] = s.invitations(part)
		if s.parsed == nil {
			s.parsed = map[int64][]calendar.Invitation{}
		}
		s.parsed[part.ID] = invs[i]
	}
	return pc, invs, nil
}

// has reports a part parsed already; s.mu is held.
func (s *Schedules) has(id int64) bool {
	_, ok := s.parsed[id]
	return ok
}

// invitations are a part's invitations: parsed before, else from its
// data; s.mu is held.
func (s *Schedules) invitations(part preread.CalendarPart) []calendar.Invitation {
	if got, ok := s.parsed[part.ID]; ok && part.Data == nil {
		return got
	}
	return partInvitations(part)
}

// ReadSchedule turns one pair's calendar into its schedule; false when it
// has no live series.
func ReadSchedule(pc preread.PairCalendar) (preread.Schedule, bool) {
	var invs []calendar.Invitation
	for _, part := range pc.Parts {
		invs = append(invs, partInvitations(part)...)
	}
	return newSchedule(invs, pc.Named)
}

// partInvitations reads the invitations of a stored part for the event it
// was kept for, its floating times in the part's zone.
func partInvitations(part preread.CalendarPart) []calendar.Invitation {
	loc, err := time.LoadLocation(part.Zone)
	if err != nil {
		loc = time.UTC
	}
	got, _ := calendar.Parse(part.Data, loc)
	return slices.DeleteFunc(got, func(inv calendar.Invitation) bool { return inv.UID != part.UID })
}

// mergeSeries merges invitations into one series per UID, in order of
// first appearance.
func mergeSeries(invs []calendar.Invitation) []*calendar.Series {
	var out []*calendar.Series
	byUID := map[string]*calendar.Series{}
	for _, inv := range invs {
		s := byUID[inv.UID]
		if s == nil {
			s = &calendar.Series{}
			byUID[inv.UID] = s
			out = append(out, s)
		}
		s.Apply(inv)
	}
	return out
}

// live reports a series that sets meetings: its master is neither
// cancelled nor all-day, or, without a master, an override is neither.
func live(s *calendar.Series) bool {
	if m := s.Master; m != nil {
		return !m.Cancelled && !m.AllDay && !m.Start.IsZero()
	}
	return slices.ContainsFunc(s.Overrides, func(e calendar.Event) bool { return !e.Cancelled && !e.AllDay })
}

// schedule is a pair's meetings from its live series.
type schedule struct {
	series []*memoSeries
	named  map[preread.CalendarKey]time.Time
}

func newSchedule(invs []calendar.Invitation, named map[preread.CalendarKey]time.Time) (schedule, bool) {
	s := schedule{series: liveSeries(invs), named: named}
	return s, len(s.series) > 0
}

// Between lists the meetings of every live series in the span, by start.
func (s schedule) Between(from, to time.Time) []preread.Meeting {
	var out []preread.Meeting
	for _, series := range s.series {
		for _, o := range series.Between(from, to) {
			m := s.meeting(o.key, o.RecurrenceID, o.Start)
			m.End = o.End
			if o.Moved {
				m.Source = preread.FromMoved
			}
			out = append(out, m)
		}
	}
	return byStart(out)
}

// Cancelled lists the occurrences of the live series that an override
// or an EXDATE cancels, whose original start is in the span.
func (s schedule) Cancelled(from, to time.Time) []preread.Meeting {
	var out []preread.Meeting
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for _, series := range s.series {
		for _, o := range series.Overrides {
			if o.Cancelled && in(o.RecurrenceID) {
				out = append(out, s.cancelled(preread.CalendarKey(o.Key()), o.RecurrenceID))
			}
		}
		if m := series.Master; m != nil {
			for _, t := range m.ExDates {
				if in(t) {
					k := calendar.Occurrence{UID: series.UID, RecurrenceID: t}.Key()
					out = append(out, s.cancelled(preread.CalendarKey(k), t))
				}
			}
		}
	}
	return byStart(out)
}

func (s schedule) cancelled(k preread.CalendarKey, rid time.Time) preread.Meeting {
	m := s.meeting(k, rid, rid)
	m.End, m.Source = rid, preread.FromCancelled
	return m
}

// meeting is an occurrence as a pair's meeting, named by the name its
// pre-read gave it, else by its RECURRENCE-ID, else by its start.
func (s schedule) meeting(key preread.CalendarKey, rid, start time.Time) preread.Meeting {
	at, ok := s.named[key]
	switch {
	case ok:
	case !rid.IsZero():
		at = rid
	default:
		at = start
	}
	return preread.Meeting{Start: start, At: at, Key: key, Source: preread.FromInvitation}
}

func byStart(out []preread.Meeting) []preread.Meeting {
	slices.SortStableFunc(out, func(a, b preread.Meeting) int { return a.Start.Compare(b.Start) })
	return out
}
