package digest

import (
	"slices"
	"time"

	"github.com/preread/preread"
)

// PrereadDue is a pre-read that should go out now: for the pair's next
// meeting, from SendAt until the meeting starts.
type PrereadDue struct {
	Pair    preread.Pair
	Meeting preread.Meeting
	SendAt  time.Time
}

// DuePrereads lists the pre-reads due at now. Each pair's next meeting gets
// its pre-read at the manager's pre-read time on the manager's workday
// before it (a Monday meeting's comes on Friday), and it stays due until the
// meeting starts, so one missed while preread was down still goes out.
func DuePrereads(dir preread.Directory, now time.Time) []PrereadDue {
	var out []PrereadDue
	for _, pair := range dir.Pairs {
		if d, ok := prereadDue(dir, pair, now); ok {
			out = append(out, d)
		}
	}
	return out
}

func prereadDue(dir preread.Directory, pair preread.Pair, now time.Time) (PrereadDue, bool) {
	next := pair.Meetings(now, 1, dir.Holidays)
	if len(next) == 0 {
		return PrereadDue{}, false
	}
	sendAt, ok := PrereadTime(dir, pair, next[0].Start)
	if !ok || now.Before(sendAt) {
		return PrereadDue{}, false
	}
	return PrereadDue{Pair: pair, Meeting: next[0], SendAt: sendAt}, true
}

// PrereadTime is when the pre-read of a meeting is due: the manager's
// pre-read time on their last workday before the meeting's day.
func PrereadTime(dir preread.Directory, pair preread.Pair, start time.Time) (time.Time, bool) {
	manager, ok := dir.Person(pair.Manager)
	if !ok {
		return time.Time{}, false
	}
	cal := manager.Calendar(dir.Holidays)
	day, ok := cal.WorkdayBefore(preread.DateOf(start.In(cal.Location)))
	if !ok {
		return time.Time{}, false
	}
	return day.In(cal.Location, manager.PrereadAt), true
}

// DigestDue is a team digest that should go out now: for Date, from SendAt
// until the end of that workday.
type DigestDue struct {
	Team   preread.Team
	Date   preread.Date
	SendAt time.Time
}

// DueDigests lists the team digests due at now: on each of the team's
// workdays from its digest time to the end of the day.
func DueDigests(dir preread.Directory, now time.Time) []DigestDue {
	var out []DigestDue
	for _, team := range dir.Teams {
		cal := preread.Calendar{Location: team.TimeZone, Workdays: team.Workdays, Holidays: dir.Holidays}
		day := cal.Today(now)
		if !cal.IsWorkday(day) {
			continue
		}
		sendAt := day.In(team.TimeZone, team.DigestAt)
		if !now.Before(sendAt) {
			out = append(out, DigestDue{Team: team, Date: day, SendAt: sendAt})
		}
	}
	return out
}

// PromptDue is a daily prompt that should go out now: for Date, from SendAt
// until Until.
type PromptDue struct {
	Person preread.Person
	Date   preread.Date
	SendAt time.Time
	Until  time.Time
}

// DuePrompts lists the prompts due at now: each team member's, on their
// own workdays (not holidays, not away), from their local prompt time until
// the next digest of one of their teams, or the end of their day, whichever
// is first. Past that, the answer would miss the digest it was asked for.
// People in no team (a manager who only reads) and people who paused
// their prompts (PAUSE by email) get none.
//
// added says when people were added to a directory already running: each
// starts with the first prompt whose time comes after that, never with one
// of a morning that was over when they joined. Those of the first directory
// are not in it: a first start catches up on what is still useful, as a
// restart does.
func DuePrompts(dir preread.Directory, now time.Time, added map[string]time.Time) []PromptDue {
	var out []PromptDue
	for _, p := range dir.People {
		if d, ok := promptDue(dir, p, now, added[p.Email]); ok {
			out = append(out, d)
		}
	}
	return out
}

// promptDue is p's prompt if one is due at now, for someone added at since
// (zero for the first directory).
func promptDue(dir preread.Directory, p preread.Person, now, since time.Time) (PromptDue, bool) {
	if p.Paused || !slices.ContainsFunc(dir.Teams, func(t preread.Team) bool { return slices.Contains(t.Members, p.Email) }) {
		return PromptDue{}, false
	}
	cal := p.Calendar(dir.Holidays)
	day := cal.Today(now)
	if !cal.IsAvailable(day) {
		return PromptDue{}, false
	}
	sendAt := day.In(cal.Location, p.PromptAt)
	if since.After(sendAt) {
		return PromptDue{}, false
	}
	until := day.AddDays(1).In(cal.Location, preread.Clock{})
	for _, t := range dir.Teams {
		if slices.Contains(t.Members, p.Email) {
			if next := nextDigest(t, sendAt); next.Before(until) {
				until = next
			}
		}
	}
	if !now.Before(sendAt) && now.Before(until) {
		return PromptDue{Person: p, Date: day, SendAt: sendAt, Until: until}, true
	}
	return PromptDue{}, false
}

// FirstPrompt is the day of the first prompt p gets from now on: today's
// when it is due now, else the first day whose prompt time is still to
// come. since is when p was added (zero for the first directory).
func FirstPrompt(dir preread.Directory, p preread.Person, now, since time.Time) (preread.Date, bool) {
	if d, ok := promptDue(dir, p, now, since); ok {
		return d.Date, true
	}
	cal := p.Calendar(dir.Holidays)
	day := cal.Today(now)
	for range maxDaysAhead {
		if cal.IsAvailable(day) && day.In(cal.Location, p.PromptAt).After(now) {
			return day, true
		}
		day = day.AddDays(1)
	}
	return preread.Date{}, false
}

// maxDaysAhead bounds the search for someone's first prompt (a long leave).
const maxDaysAhead = 120

// nextDigest is the team's first digest time after t.
func nextDigest(t preread.Team, after time.Time) time.Time {
	day := preread.DateOf(after.In(t.TimeZone))
	next := day.In(t.TimeZone, t.DigestAt)
	if !next.After(after) {
		next = day.AddDays(1).In(t.TimeZone, t.DigestAt)
	}
	return next
}
