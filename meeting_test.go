package preread

import (
	"testing"
	"time"
)

// listed is a Schedule of meetings given by hand.
type listed []Meeting

func (l listed) Between(from, to time.Time) []Meeting {
	var out []Meeting
	for _, m := range l {
		if !m.Start.Before(from) && m.Start.Before(to) {
			out = append(out, m)
		}
	}
	return out
}

func (l listed) Cancelled(from, to time.Time) []Meeting { return nil }

// Once a calendar sets a pair's meetings they are its meetings, with the
// calendar's end; skipped days and holidays still have none, and the
// rule no longer counts.
func TestPairMeetingsFollowTheCalendar(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	rule, err := ParseMeetingRule("weekly thu 14:00", berlin)
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, h int) time.Time { return time.Date(2026, 11, day, h, 0, 0, 0, berlin) }
	cal := listed{
		{Start: at(3, 10), End: at(3, 11), At: at(3, 10), Source: FromInvitation},
		{Start: at(11, 15), End: at(11, 16), At: at(10, 10), Source: FromMoved},
		{Start: at(17, 10), End: at(17, 11), At: at(17, 10), Source: FromInvitation},
		{Start: at(24, 10), End: at(24, 11), At: at(24, 10), Source: FromInvitation},
	}
	p := Pair{Meets: rule, TimeZone: berlin, Skip: []Date{{2026, 11, 17}}}
	if got := p.Meetings(at(2, 0), 2, nil); len(got) != 2 || got[0].Source != FromRule || !got[0].Start.Equal(at(5, 14)) ||
		!got[0].End.Equal(at(5, 14).Add(DefaultDuration)) {
		t.Errorf("by the rule: %+v, want Thursdays at 14:00 for 30 minutes", got)
	}
	p.Calendar = cal
	got := p.Meetings(at(3, 10), 3, []Date{{2026, 11, 24}})
	if len(got) != 1 || !got[0].Start.Equal(at(11, 15)) || !got[0].At.Equal(at(10, 10)) || !got[0].End.Equal(at(11, 16)) {
		t.Errorf("by the calendar after Tue 3 Nov 10:00: %+v, want the moved one alone (17 Nov skipped, 24 Nov a holiday)", got)
	}
	if got := p.MeetingsBetween(at(1, 0), at(30, 0), nil); len(got) != 3 {
		t.Errorf("MeetingsBetween = %d meetings, want 3 (17 Nov skipped)", len(got))
	}
	d := Directory{Pairs: []Pair{{Manager: "m@x", Report: "r@x"}, {Manager: "m@x", Report: "s@x"}}}
	with := d.WithCalendars(map[string]Schedule{"m@x:s@x": cal})
	if with.Pairs[0].Calendar != nil || with.Pairs[1].Calendar == nil || d.Pairs[1].Calendar != nil {
		t.Errorf("WithCalendars set %v, %v (and the original %v); want the second pair's alone, on a copy",
			with.Pairs[0].Calendar, with.Pairs[1].Calendar, d.Pairs[1].Calendar)
	}
}

// A calendar sets one meeting a day at most, the day's first, whatever
// span is asked for: a span that starts between the day's first and its
// second does not make the second a meeting.
func TestCalendarMeetingsOneADay(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, berlin) }
	var cal listed
	for _, s := range []time.Time{at(3, 0, 30), at(3, 9, 0), at(3, 9, 5), at(3, 23, 55), at(4, 0, 5), at(4, 10, 0)} {
		cal = append(cal, Meeting{Start: s, End: s.Add(time.Minute), At: s, Source: FromInvitation})
	}
	p := Pair{TimeZone: berlin, Calendar: cal}
	for _, tt := range []struct {
		from time.Time
		want []time.Time
	}{
		{at(1, 0, 0), []time.Time{at(3, 0, 30), at(4, 0, 5)}},
		{at(3, 0, 31), []time.Time{at(4, 0, 5)}},
		{at(3, 9, 1), []time.Time{at(4, 0, 5)}},
		{at(4, 0, 6), nil},
	} {
		got := p.MeetingsBetween(tt.from, at(30, 0, 0), nil)
		var starts []time.Time
		for _, m := range got {
			starts = append(starts, m.Start)
		}
		if len(starts) != len(tt.want) {
			t.Errorf("MeetingsBetween(%v) = %v, want %v", tt.from, starts, tt.want)
			continue
		}
		for i := range starts {
			if !starts[i].Equal(tt.want[i]) {
				t.Errorf("MeetingsBetween(%v) = %v, want %v", tt.from, starts, tt.want)
			}
		}
	}
}
