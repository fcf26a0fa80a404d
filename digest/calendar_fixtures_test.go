package digest

import (
	"time"

	"github.com/preread/preread"
)

// The calendar emails are written for welcomeDir: Carol (Berlin) manages
// Alice (New York), who gets a copy of her pre-reads.

// calendarAddr are Carol's addresses with her calendar address.
var calendarAddr = welcomeAddr.WithCalendar("m7q2calendar4xyz")

// dec is a Berlin wall-clock instant in December 2026.
func dec(day, hour, minute int) time.Time {
	return time.Date(2026, time.December, day, hour, minute, 0, 0, berlin)
}

// followsFor renders the confirmation of the first invitation of Carol's
// 1:1 with Alice, read on Sun 13 Dec: weekly on Tuesdays at 10:00 since
// 6 Oct, the next on Tue 15 Dec.
func followsFor(rule string) func() preread.Email {
	return func() preread.Email {
		due := preread.ReplyDue{Kind: preread.ReplyFollows, To: carol.Email, At: dec(13, 12, 0),
			Follows: &preread.Follows{Pair: carol.Email + ":" + alice.Email, Rule: rule,
				First: time.Date(2026, time.October, 6, 10, 0, 0, 0, berlin),
				Next:  preread.Meeting{Start: dec(15, 10, 0), End: dec(15, 10, 30), At: dec(15, 10, 0)}}}
		e, err := Reply(due, welcomeDir(), calendarAddr)
		if err != nil {
			panic(err)
		}
		return e
	}
}

// unmatchedFor renders the explanation of an invitation that fits no 1:1.
func unmatchedFor(problem string) func() preread.Email {
	return func() preread.Email {
		due := preread.ReplyDue{Kind: preread.ReplyCalendar, To: carol.Email, At: dec(13, 12, 0), Problem: problem,
			Answers: preread.Answered{Key: "<inv@corp.example>", MessageID: "<inv@corp.example>", Subject: "Invitation: Team offsite"}}
		e, err := Reply(due, welcomeDir(), calendarAddr)
		if err != nil {
			panic(err)
		}
		return e
	}
}

// changeFor renders the notice to reader that Tuesday's 1:1 moved to
// moved, or was cancelled when moved is zero.
func changeFor(reader preread.Person, moved time.Time) func() preread.Email {
	return func() preread.Email {
		dir := welcomeDir()
		c := MeetingChange{Pair: dir.Pairs[0], Manager: carol, Report: alice, Was: dec(15, 10, 0), At: dec(15, 10, 0),
			Moved: moved, Next: dec(22, 10, 0)}
		return MeetingChanged(c, reader, calendarAddr)
	}
}

// backOnFor renders the notice to reader that Tuesday's 1:1, told
// cancelled, is back on at on.
func backOnFor(reader preread.Person, on time.Time) func() preread.Email {
	return func() preread.Email {
		dir := welcomeDir()
		c := MeetingChange{Pair: dir.Pairs[0], Manager: carol, Report: alice, Was: dec(15, 10, 0), At: dec(15, 10, 0),
			Moved: on, Back: true}
		return MeetingChanged(c, reader, calendarAddr)
	}
}

// changesFor renders one notice of two changes to reader: Tuesday's 1:1
// moved to Wednesday, and the next week's cancelled.
func changesFor(reader preread.Person) func() preread.Email {
	return func() preread.Email {
		dir := welcomeDir()
		cs := []MeetingChange{
			{Pair: dir.Pairs[0], Manager: carol, Report: alice, Was: dec(15, 10, 0), At: dec(15, 10, 0), Moved: dec(16, 10, 0)},
			{Pair: dir.Pairs[0], Manager: carol, Report: alice, Was: dec(22, 10, 0), At: dec(22, 10, 0), Next: dec(29, 10, 0)},
		}
		return MeetingsChanged(cs, reader, calendarAddr, preread.Date{Year: 2026, Month: time.December, Day: 14}, 2)
	}
}

// calendarGoldenCases are the golden emails about calendars.
func calendarGoldenCases() []goldenCase {
	return []goldenCase{
		{"calendar_follows", followsFor("FREQ=WEEKLY;BYDAY=TU"),
			[]string{"preread now follows your 1:1 with Alice: weekly on Tuesday 10:00 Europe/Berlin; the next pre-read comes Mon 14 Dec 16:00.",
				"preread+calendar.m7q2calendar4xyz@corp.example"}},
		{"calendar_follows_biweekly", followsFor("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=MO"),
			[]string{"every 2 weeks on Tuesday and Thursday 10:00 Europe/Berlin"}},
		{"calendar_unmatched", unmatchedFor(`the event "Team offsite" matches no 1:1 in preread: ` +
			"a 1:1's event has its manager and its report as guests, one of them the organizer"),
			[]string{`preread did not use the calendar invitation you sent: the event "Team offsite" matches no 1:1 in preread`,
				"You get at most one such email a day."}},
		{"calendar_moved", changeFor(carol, dec(16, 10, 0)),
			[]string{"Your 1:1 with Alice on Tue 15 Dec 10:00 moved to Wed 16 Dec 10:00."}},
		{"calendar_moved_report", changeFor(alice, dec(15, 15, 0)),
			[]string{"Your 1:1 with Carol on Tue 15 Dec 04:00 moved to Tue 15 Dec 09:00."}},
		{"calendar_changes", changesFor(carol),
			[]string{"Your calendar changed 2 of your 1:1s with Alice after their pre-reads went out:",
				"- Tue 15 Dec 10:00: moved to Wed 16 Dec 10:00.", "- Tue 22 Dec 10:00: cancelled; Alice's agenda carries over to Tue 29 Dec."}},
		{"calendar_back_on", backOnFor(carol, dec(15, 11, 0)),
			[]string{"1:1 with Alice on Tue 15 Dec is back on",
				"Your 1:1 with Alice on Tue 15 Dec 10:00, cancelled before, is back on at Tue 15 Dec 11:00."}},
		{"calendar_cancelled", changeFor(carol, time.Time{}),
			[]string{"Your 1:1 with Alice on Tue 15 Dec 10:00 was cancelled: Alice's agenda carries over to Tue 22 Dec."}},
		{"calendar_cancelled_report", changeFor(alice, time.Time{}),
			[]string{"was cancelled: your agenda carries over to Tue 22 Dec."}},
		{"hostile_calendar", unmatchedFor(`the event "<script>alert(1)</script> & <b>1:1</b>" matches no 1:1 in preread`),
			[]string{`"<script>alert(1)</script> & <b>1:1</b>"`}},
	}
}
