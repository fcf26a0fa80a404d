package digest

import (
	"testing"
	"time"

	"github.com/preread/preread"
)

// calendarMeetings is a Schedule of meetings given by hand, as a calendar
// would set them.
type calendarMeetings []preread.Meeting

func (c calendarMeetings) Between(from, to time.Time) []preread.Meeting {
	var out []preread.Meeting
	for _, m := range c {
		if !m.Start.Before(from) && m.Start.Before(to) {
			out = append(out, m)
		}
	}
	return out
}

func (c calendarMeetings) Cancelled(time.Time, time.Time) []preread.Meeting { return nil }

// A calendar's meeting gets its pre-read the workday before its new day,
// keeps its name, and its follow-up comes at the calendar's end, not the
// pair's duration.
func TestDueFollowsTheCalendar(t *testing.T) {
	dir := notebookDir(t) // 45 minutes by the config
	dir.Pairs[0].Calendar = calendarMeetings{
		{Start: at(24, 10, 0), End: at(24, 11, 30), At: at(24, 10, 0), Source: preread.FromInvitation},
		// Tue 1 Dec moved to Thu 3 Dec 10:00.
		{Start: time.Date(2026, 12, 3, 10, 0, 0, 0, berlin), End: time.Date(2026, 12, 3, 10, 30, 0, 0, berlin),
			At: time.Date(2026, 12, 1, 10, 0, 0, 0, berlin), Source: preread.FromMoved},
	}
	if due := DueFollowups(dir, at(24, 11, 0)); len(due) != 0 {
		t.Errorf("at 11:00 the follow-up of %s is due, want none before the calendar's end, 11:30", due[0].Meeting.Start)
	}
	if due := DueFollowups(dir, at(24, 11, 30)); len(due) != 1 || !due[0].Meeting.At.Equal(at(24, 10, 0)) {
		t.Errorf("at 11:30 DueFollowups = %+v, want Tuesday's", due)
	}
	for _, tc := range []struct {
		now  time.Time
		want bool
	}{{at(30, 16, 0), false}, {time.Date(2026, 12, 2, 16, 0, 0, 0, berlin), true}} {
		due := DuePrereads(dir, tc.now)
		if got := len(due) == 1 && due[0].Meeting.At.Equal(time.Date(2026, 12, 1, 10, 0, 0, 0, berlin)); got != tc.want {
			t.Errorf("DuePrereads(%s) = %+v, want the moved meeting's: %v", tc.now, due, tc.want)
		}
	}
}
