package digest

import (
	"slices"
	"time"

	"github.com/preread/preread"
)

// PrereadDue is a pre-read that should go out now: for the pair's next
// meeting, from SendAt until the meeting starts.
type PrereadDue struct {
	Pair   preread.Pair
	Start  time.Time
	SendAt time.Time
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
	sendAt, ok := PrereadTime(dir, pair, next[0])
	if !ok || now.Before(sendAt) {
		return PrereadDue{}, false
	}
	return PrereadDue{Pair: pair, Start: next[0], SendAt: sendAt}, true
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
// People in no team (a manager who only reads) get no prompt.
//
// welcomed says when each person's welcome was queued: someone starts with
// the first prompt whose time comes after their welcome, never with one
// that was due before they joined (a first start at 16:23, or someone added
// in the afternoon, is not asked about a morning that was over). A person
// missing from welcomed is not held back.
func DuePrompts(dir preread.Directory, now time.Time, welcomed map[string]time.Time) []PromptDue {
	var out []PromptDue
	for _, p := range dir.People {
		if !slices.ContainsFunc(dir.Teams, func(t preread.Team) bool { return slices.Contains(t.Members, p.Email) }) {
			continue
		}
		cal := p.Calendar(dir.Holidays)
		day := cal.Today(now)
		if !cal.IsAvailable(day) {
			continue
		}
		sendAt := day.In(cal.Location, p.PromptAt)
		if w, ok := welcomed[p.Email]; ok && w.After(sendAt) {
			continue
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
			out = append(out, PromptDue{Person: p, Date: day, SendAt: sendAt, Until: until})
		}
	}
	return out
}

// nextDigest is the team's first digest time after t.
func nextDigest(t preread.Team, after time.Time) time.Time {
	day := preread.DateOf(after.In(t.TimeZone))
	next := day.In(t.TimeZone, t.DigestAt)
	if !next.After(after) {
		next = day.AddDays(1).In(t.TimeZone, t.DigestAt)
	}
	return next
}
