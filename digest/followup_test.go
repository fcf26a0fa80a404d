package digest

import (
	"testing"
	"time"

	"github.com/preread/preread"
)

// notebookDir is Carol (pre-reads at 16:00) and Alice, who meet weekly on
// Tuesday at 10:00 Berlin time for 45 minutes.
func notebookDir(t *testing.T) preread.Directory {
	t.Helper()
	rule, err := preread.ParseMeetingRule("weekly tue 10:00", berlin)
	if err != nil {
		t.Fatal(err)
	}
	manager := carol
	manager.PrereadAt = preread.Clock{Hour: 16}
	return preread.Directory{People: []preread.Person{manager, alice}, Pairs: []preread.Pair{{Manager: carol.Email, Report: alice.Email,
		Meets: rule, TimeZone: berlin, Duration: 45 * time.Minute, FollowupTo: preread.FollowupToManager, Active: true}}}
}

func TestDueFollowups(t *testing.T) {
	dir := notebookDir(t)
	tue := at(24, 10, 0)
	check := func(now time.Time, want time.Time) {
		t.Helper()
		due := DueFollowups(dir, now)
		switch {
		case want.IsZero() && len(due) > 0:
			t.Errorf("DueFollowups(%s) = follow-up of %s, want none", now, due[0].Meeting.Start)
		case !want.IsZero() && (len(due) != 1 || !due[0].Meeting.Start.Equal(want)):
			t.Errorf("DueFollowups(%s) = %+v, want the follow-up of %s", now, due, want)
		}
	}
	check(at(24, 10, 44), time.Time{}) // this week's has not ended; last week's ended with this week's pre-read
	check(at(24, 10, 45), tue)
	check(at(30, 15, 59), tue) // until the next pre-read: Mon 30 Nov 16:00
	check(at(30, 16, 0), time.Time{})
	check(at(23, 16, 0), time.Time{}) // last week's ends at this week's pre-read

	due := DueFollowups(dir, at(24, 11, 0))
	if want, _ := PrereadTime(dir, dir.Pairs[0], at(24, 10, 0).AddDate(0, 0, 7)); len(due) != 1 || !due[0].Until.Equal(want) {
		t.Errorf("the follow-up is due until %v, want the next pre-read, %s", due, want)
	}
	dir.Pairs[0].FollowupTo = preread.FollowupToNone
	check(at(24, 11, 0), time.Time{})
	// A skipped meeting has no follow-up; the one before it still does,
	// until the pre-read of the meeting after the skipped one.
	dir = notebookDir(t)
	dir.Pairs[0].Skip = []preread.Date{nov(24)}
	check(at(24, 11, 0), at(17, 10, 0))
}

func TestDueReviews(t *testing.T) {
	dir := notebookDir(t)
	dir.Pairs[0].Reviews = []preread.Date{{Year: 2027, Month: time.January, Day: 15}, {Year: 2027, Month: time.January, Day: 18}}
	check := func(now time.Time, want string) {
		t.Helper()
		var got string
		for _, d := range DueReviews(dir, now) {
			got += d.Date.String() + " "
		}
		if got != want {
			t.Errorf("DueReviews(%s) = %q, want %q", now.Format(time.RFC3339), got, want)
		}
	}
	jan := func(d, h, m int) time.Time { return time.Date(2027, time.January, d, h, m, 0, 0, berlin) }
	check(jan(14, 15, 59), "")
	check(jan(14, 16, 0), "2027-01-15 ") // the workday before, at the manager's pre-read time
	check(jan(14, 23, 59), "2027-01-15 ")
	check(jan(15, 0, 0), "")
	check(jan(15, 16, 0), "2027-01-18 ") // a Monday's review: on Friday
	if p := ReviewPeriod(dir.Pairs[0], preread.Date{Year: 2027, Month: time.January, Day: 15}); p != "carol@corp.example:alice@corp.example/review/2027-01-15" {
		t.Errorf("ReviewPeriod = %q", p)
	}
}
