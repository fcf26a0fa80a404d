package digest

import (
	"fmt"
	"strings"
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
	check(at(24, 10, 44), time.Time{}) // this week's has not ended; last week's was due until this week's began
	check(at(24, 10, 45), tue)
	check(at(30, 16, 0), tue)                          // past the next pre-read too: it still goes
	check(tue.AddDate(0, 0, 7).Add(-time.Minute), tue) // until the next meeting starts
	check(tue.AddDate(0, 0, 7), time.Time{})           // then it is too late to ask
	check(at(23, 16, 0), at(17, 10, 0))                // last week's, the day before this week's

	due := DueFollowups(dir, at(24, 11, 0))
	if want := tue.AddDate(0, 0, 7); len(due) != 1 || !due[0].Until.Equal(want) {
		t.Errorf("the follow-up is due until %v, want the next meeting, %s", due, want)
	}
	dir.Pairs[0].FollowupTo = preread.FollowupToNone
	check(at(24, 11, 0), time.Time{})
	// A skipped meeting has no follow-up; the one before it still does,
	// until the meeting after the skipped one.
	dir = notebookDir(t)
	dir.Pairs[0].Skip = []preread.Date{nov(24)}
	check(at(24, 11, 0), at(17, 10, 0))
}

// TestDueFollowupsOfDailyMeetings: 1:1s on following days, whose pre-read
// (at 09:00 the workday before) is due before the day's meeting ends,
// each get their follow-up.
func TestDueFollowupsOfDailyMeetings(t *testing.T) {
	dir := notebookDir(t)
	rule, err := preread.ParseMeetingRule("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=10;BYMINUTE=0", berlin)
	if err != nil {
		t.Fatal(err)
	}
	dir.Pairs[0].Meets = rule
	dir.People[0].PrereadAt = preread.Clock{Hour: 9}
	for day := 23; day <= 27; day++ {
		due := DueFollowups(dir, at(day, 10, 50))
		if len(due) != 1 || !due[0].Meeting.Start.Equal(at(day, 10, 0)) {
			t.Errorf("at %d Nov 10:50: %+v, want the follow-up of that morning's 1:1", day, due)
		}
	}
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

// TestOpenActionsShownAreBounded: a pre-read and a follow-up list at most
// maxActionsShown open action items and say how many more the notebook
// holds.
func TestOpenActionsShownAreBounded(t *testing.T) {
	var m Meeting
	var open []preread.ActionItem
	for i := range maxActionsShown + 7 {
		a := preread.ActionItem{Number: i + 1, Owner: alice.Email, From: carol.Email, Text: fmt.Sprintf("task %d", i+1), State: preread.ActionOpen}
		open = append(open, a)
		m.Actions = append(m.Actions, Action{ActionItem: a})
	}
	m.Manager, m.Report, m.Now = carol, alice, at(24, 9, 0)
	sections := buildBefore(m, berlin)
	if len(sections) == 0 || len(sections[0].Entries) != maxActionsShown || !strings.Contains(sections[0].Outro, "… and 7 more") ||
		!strings.Contains(sections[0].Title, fmt.Sprint(maxActionsShown+7)) {
		t.Errorf("pre-read's action section = %+v; want %d entries, the count of all and 7 more named", sections, maxActionsShown)
	}
	dir := notebookDir(t)
	f := AfterMeeting{Pair: dir.Pairs[0], Manager: carol, Report: alice, Start: at(24, 10, 0), Actions: open, Now: at(24, 11, 0)}
	text := Followup(f, carol, Addresses{}).Text
	if !strings.Contains(text, fmt.Sprintf("task %d", maxActionsShown)) || strings.Contains(text, fmt.Sprintf("task %d", maxActionsShown+1)) ||
		!strings.Contains(text, "… and 7 more") {
		t.Errorf("follow-up text:\n%s\nwant the first %d action items and 7 more named", text, maxActionsShown)
	}
}
