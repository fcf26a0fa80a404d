package mailin_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/mailin/calendar"
)

// dataCounter is the database as a calendar source, counting the parts it
// returns with their data.
type dataCounter struct {
	mailin.CalendarSource
	read int
}

func (d *dataCounter) Calendars(ctx context.Context, have func(int64) bool) (map[string]preread.PairCalendar, error) {
	all, err := d.CalendarSource.Calendars(ctx, have)
	for _, pc := range all {
		for _, p := range pc.Parts {
			if p.Data != nil {
				d.read++
			}
		}
	}
	return all, err
}

// One Schedules, shared by the planner and the classifier, reads and
// parses each part once: a tick after nothing changed reads no part's
// data and still gives every schedule; a new part is read alone.
func TestSchedulesReadEachPartOnce(t *testing.T) {
	e := newCalendarEnv(t)
	var s mailin.Schedules
	e.c.Schedules = &s
	e.process(e.fromOrganizer(e.fixture("google-weekly-request.ics")))
	src := &dataCounter{CalendarSource: e.db}
	for tick := range 2 {
		got, err := s.Load(t.Context(), src)
		if _, ok := got["carol@corp.example:bob@corp.example"]; err != nil || !ok {
			t.Fatalf("tick %d: Load = %v, %v; want Carol and Bob's schedule", tick, got, err)
		}
	}
	if src.read != 1 {
		t.Errorf("two ticks read %d parts with their data, want the one there is, once", src.read)
	}
	e.process(e.fromOrganizer(e.fixture("google-weekly-request.ics", "7kq3m1v9d2h8s4t6u0w2y5a1c3@google.com", "second@google.com")))
	if _, err := s.Load(t.Context(), src); err != nil || src.read != 2 {
		t.Errorf("after a second event: read %d parts' data in all, %v; want the new one alone", src.read, err)
	}
	var fresh mailin.Schedules
	if _, err := fresh.Load(t.Context(), src); err != nil || src.read != 4 {
		t.Errorf("a fresh Schedules read %d parts' data, %v; want both", src.read, err)
	}
}

// A schedule remembers its expansion between calls; what it gives is what
// the series themselves give (calendar.Series.Between, no memory), for
// spans that move as the planner's do (by hours over months, of a week,
// of a year, and back), around moved, cancelled and DST-crossing
// meetings; a span that ends before it starts has none.
func TestScheduleRemembersWhatAFreshOneGives(t *testing.T) {
	e := newCalendarEnv(t)
	e.process(e.fromOrganizer(e.fixture("google-weekly-request.ics")))
	e.process(e.fromOrganizer(e.fixture("google-moved-occurrence.ics")))
	e.process(e.fromOrganizer(e.fixture("google-cancel-occurrence.ics")))
	pc, err := e.db.PairCalendar(t.Context(), "carol@corp.example", "bob@corp.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	remembering, ok := mailin.ReadSchedule(pc)
	if !ok {
		t.Fatal("no schedule")
	}
	series := map[string]*calendar.Series{}
	for _, part := range pc.Parts {
		loc, _ := time.LoadLocation(part.Zone)
		invs, err := calendar.Parse(part.Data, loc)
		if err != nil {
			t.Fatal(err)
		}
		for _, inv := range invs {
			if series[inv.UID] == nil {
				series[inv.UID] = &calendar.Series{}
			}
			series[inv.UID].Apply(inv)
		}
	}
	direct := func(from, to time.Time) []string {
		var out []string
		for _, s := range series {
			for _, o := range s.Between(from, to) {
				out = append(out, o.Start.UTC().String())
			}
		}
		slices.Sort(out)
		return out
	}
	starts := func(ms []preread.Meeting) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Start.UTC().String())
		}
		return out
	}
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	if got := remembering.Between(start.Add(time.Hour), start); len(got) != 0 {
		t.Errorf("Between(a span that ends before it starts) = %v, want none", got)
	}
	compared := 0
	for step := range 24 * 120 / 5 { // every 5 hours for 120 days
		now := start.Add(time.Duration(step) * 5 * time.Hour)
		day := 24 * time.Hour
		for _, span := range [][2]time.Time{{now, now.Add(7 * day)}, {now.Add(-7 * day), now.Add(400 * day)}, {now.Add(-30 * day), now},
			{now.Add(1000 * day), now.Add(1007 * day)}, // too far to join what is remembered: expanded anew
			{now, now.Add(3900 * day)}} {               // over 500 weekly meetings: near the bound, not remembered
			if step%40 != 0 && span[1].Sub(span[0]) > 1000*day {
				continue // the long span now and then: it expands ten years
			}
			got, want := starts(remembering.Between(span[0], span[1])), direct(span[0], span[1])
			if !slices.Equal(got, want) {
				t.Fatalf("Between(%s, %s) = %v, want %v", span[0], span[1], got, want)
			}
			compared += len(got)
		}
	}
	if compared == 0 {
		t.Fatal("no meetings compared")
	}
}
