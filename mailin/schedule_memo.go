package mailin

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/calendar"
)

// Bounds of a series' remembered expansion: a span asked for is widened
// to whole days and a day more each side, and joined to the span already
// expanded while the two together stay within memoSpan, so the planner,
// whose spans move by a minute each tick, expands each series about
// once a day.
const (
	memoPad  = 24 * time.Hour
	memoSpan = 800 * 24 * time.Hour
)

// memoSeries is a live series with its last expansion.
type memoSeries struct {
	*calendar.Series
	mu       sync.Mutex
	from, to time.Time // the span of occs; zero before the first
	occs     []keyed
}

// keyed is an occurrence with its key, formatted once.
type keyed struct {
	calendar.Occurrence
	key preread.CalendarKey
}

func withKeys(occs []calendar.Occurrence) []keyed {
	out := make([]keyed, len(occs))
	for i, o := range occs {
		out[i] = keyed{o, preread.CalendarKey(o.Key())}
	}
	return out
}

// Between is the series' Between, from the remembered expansion when it
// covers the span.
func (m *memoSeries) Between(from, to time.Time) []keyed {
	if !from.Before(to) {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.from.IsZero() || from.Before(m.from) || to.After(m.to) {
		wf, wt := from.Add(-memoPad).Truncate(24*time.Hour), to.Add(2*memoPad).Truncate(24*time.Hour)
		if !m.from.IsZero() && !wt.Before(m.from) && !wf.After(m.to) && later(wt, m.to).Sub(earlier(wf, m.from)) <= memoSpan {
			wf, wt = earlier(wf, m.from), later(wt, m.to)
		}
		occs := m.Series.Between(wf, wt)
		if len(occs) >= calendar.MaxResults/2 { // near the bound: a narrower span may hold others
			m.from, m.to, m.occs = time.Time{}, time.Time{}, nil
			return withKeys(m.Series.Between(from, to))
		}
		m.from, m.to, m.occs = wf, wt, withKeys(occs)
	}
	// occs is sorted by start and never changed once made: the span is a
	// slice of it, which the caller only reads.
	i, _ := slices.BinarySearchFunc(m.occs, from, func(o keyed, t time.Time) int { return o.Start.Compare(t) })
	j, _ := slices.BinarySearchFunc(m.occs, to, func(o keyed, t time.Time) int { return o.Start.Compare(t) })
	return m.occs[i:j:j]
}

// remembered is the live series of one pair's calendar, with the IDs of
// the parts they were read from.
type remembered struct {
	parts  string
	series []*memoSeries
}

// partIDs names a calendar's parts, in order.
func partIDs(pc preread.PairCalendar) string {
	var b strings.Builder
	for _, p := range pc.Parts {
		b.WriteString(strconv.FormatInt(p.ID, 10))
		b.WriteByte(',')
	}
	return b.String()
}

// liveSeries merges invitations into their series and keeps the live
// ones, each ready to remember its expansion.
func liveSeries(invs []calendar.Invitation) []*memoSeries {
	var out []*memoSeries
	for _, s := range mergeSeries(invs) {
		if live(s) {
			out = append(out, &memoSeries{Series: s})
		}
	}
	return slices.Clip(out)
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
