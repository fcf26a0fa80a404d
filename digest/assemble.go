package digest

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
)

// historyDays bounds how far back a pre-read looks for status when the pair
// had no meeting yet, and how far back a blocker streak is counted.
const historyDays = 30

// BuildMeeting gathers what the pre-read of a pair's meeting, made at
// now, shows. Items keep the numbers of a pre-read already made for that
// meeting (by its name, mt.At, which a move keeps); otherwise they are
// numbered in the order the pre-read lists them.
func BuildMeeting(ctx context.Context, src Source, dir preread.Directory, pair preread.Pair, mt preread.Meeting, now time.Time) (Meeting, error) {
	start, at := mt.Start, mt.At
	if at.IsZero() {
		at = start
	}
	m := Meeting{Pair: pair, Start: start, At: at, Now: now}
	var err error
	if m.Manager, m.Report, err = pairPeople(dir, pair); err != nil {
		return m, err
	}
	if m.Last, err = src.LastMeeting(ctx, pair.Manager, pair.Report, at); err != nil {
		return m, err
	}
	items, err := src.OpenItems(ctx, pair.Manager, pair.Report)
	if err != nil {
		return m, err
	}
	saved, err := src.MeetingNumbers(ctx, pair.Manager, pair.Report, at)
	if err != nil {
		return m, err
	}
	m.Items = numberItems(items, saved)
	zone := m.Report.TimeZone
	to := preread.DateOf(start.In(zone))
	from := to.AddDays(-historyDays)
	if !m.Last.IsZero() {
		from = preread.DateOf(m.Last.In(zone))
	}
	if m.Status, err = src.StatusOf(ctx, pair.Report, from, to); err != nil {
		return m, err
	}
	// Notes since the last pre-read went out: a question asked on it and
	// the report's answer, both written before that meeting, show here.
	notesSince, err := src.LastPrereadAt(ctx, pair.Manager, pair.Report, at)
	if err != nil {
		return m, err
	}
	if m.Notes, err = src.NotesSince(ctx, pair.Manager, pair.Report, notesSince); err != nil {
		return m, err
	}
	closed, err := src.ClosedSince(ctx, pair.Manager, pair.Report, notesSince)
	if err != nil {
		return m, err
	}
	for _, it := range closed {
		if it.From == pair.Report && it.ClosedBy == pair.Manager {
			m.Closed = append(m.Closed, it)
		}
	}
	if m.LastNotes, err = src.LastMeetingNotes(ctx, pair.Manager, pair.Report, at); err != nil {
		return m, err
	}
	actions, err := src.OpenActions(ctx, pair.Manager, pair.Report)
	if err != nil {
		return m, err
	}
	for _, a := range actions {
		m.Actions = append(m.Actions, Action{ActionItem: a, Age: meetingsSince(pair, dir.Holidays, a.Created, start)})
	}
	_, m.Week = start.ISOWeek()
	return m, nil
}

// numberItems orders items as the pre-read lists them (by category, new
// before carried, oldest first) and numbers them; numbers already given in a
// saved pre-read are kept, and items new since then follow them.
func numberItems(items []preread.AgendaItem, saved map[int]int64) []Item {
	rank := map[preread.Category]int{}
	for i, c := range preread.Categories {
		rank[c] = i
	}
	out := make([]Item, len(items))
	for i, a := range items {
		out[i] = Item{AgendaItem: a, New: a.Carried == 0}
	}
	slices.SortStableFunc(out, func(a, b Item) int {
		if r := rank[a.Category] - rank[b.Category]; r != 0 {
			return r
		}
		if a.New != b.New {
			if a.New {
				return -1
			}
			return 1
		}
		return a.Created.Compare(b.Created)
	})
	byID := map[int64]int{}
	next := 1
	for n, id := range saved {
		byID[id] = n
		next = max(next, n+1)
	}
	for i := range out {
		if n, ok := byID[out[i].ID]; ok {
			out[i].Number = n
		} else {
			out[i].Number = next
			next++
		}
	}
	return out
}

// ItemIDs lists the items' IDs in number order, as a pre-read saves them.
func ItemIDs(items []Item) []int64 {
	sorted := slices.Clone(items)
	slices.SortFunc(sorted, func(a, b Item) int { return a.Number - b.Number })
	ids := make([]int64, len(sorted))
	for i, it := range sorted {
		ids[i] = it.ID
	}
	return ids
}

// BuildTeamDay gathers what the digest of a team's workday shows: members
// by name, their entries, who was asked and who is away, and how long each
// blocker has lasted. Those asked are the members with a prompt queued
// since the team's previous digest (DigestWindow); when nobody was, the day
// is quiet and nothing else is read.
func BuildTeamDay(ctx context.Context, src Source, dir preread.Directory, team preread.Team, day preread.Date) (TeamDay, error) {
	d := TeamDay{Team: team, Date: day, views: &digestViews{}}
	since, at := DigestWindow(dir, team, day)
	asked, err := src.Prompted(ctx, team.Members, since, at)
	if err != nil || len(asked) == 0 {
		return d, err
	}
	onDay, err := src.StatusOn(ctx, day)
	if err != nil {
		return d, err
	}
	entries, err := withLateEntries(ctx, src, since, day, team.Members, onDay)
	if err != nil {
		return d, err
	}
	for _, email := range team.Members {
		p, ok := dir.Person(email)
		if !ok {
			continue
		}
		cal := p.Calendar(dir.Holidays)
		first, wasAsked := asked[p.Email]
		if wasAsked && (d.FirstAsked.IsZero() || first.Before(d.FirstAsked)) {
			d.FirstAsked = first
		}
		m := Member{Person: p, Asked: wasAsked, Away: cal.IsAway(day), Entries: entries[p.Email]}
		// The streak ends on the day of the member's latest replies: for
		// someone who answers after the digest, the day before.
		if latest, _ := latestDay(m.Entries); blockedOn(latest) {
			if m.BlockerStreak, err = blockerStreak(ctx, src, cal, p.Email, latest[0].Date); err != nil {
				return d, err
			}
		}
		d.Members = append(d.Members, m)
	}
	slices.SortStableFunc(d.Members, func(a, b Member) int {
		if c := strings.Compare(strings.ToLower(a.Person.Name), strings.ToLower(b.Person.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.Person.Email, b.Person.Email)
	})
	return d, nil
}

// DigestWindow is the span a team's digest of day answers for: from the
// team's previous digest (on its workday before day, holidays skipped) to
// this one. A prompt queued in it is answered in this digest, and so is a
// late answer to an earlier day filed in it.
func DigestWindow(dir preread.Directory, team preread.Team, day preread.Date) (since, at time.Time) {
	at = day.In(team.TimeZone, team.DigestAt)
	cal := preread.Calendar{Location: team.TimeZone, Workdays: team.Workdays, Holidays: dir.Holidays}
	if prev, ok := cal.WorkdayBefore(day); ok {
		return prev.In(team.TimeZone, team.DigestAt), at
	}
	return day.AddDays(-7).In(team.TimeZone, team.DigestAt), at
}

// withLateEntries returns the members' entries of the day (onDay, which
// it leaves as it is: a DayCache shares it between teams), each after
// the answers to earlier days' prompts that were filed after the previous
// digest went out (since), so each answer shows in one digest: someone in
// New York answers Monday's prompt after Berlin's Monday digest.
func withLateEntries(ctx context.Context, src Source, since time.Time, day preread.Date, members []string, onDay map[string][]preread.StatusEntry) (map[string][]preread.StatusEntry, error) {
	late, err := src.StatusFiledSince(ctx, since)
	if err != nil {
		return nil, err
	}
	// The whole company's late entries come back, by person: only the
	// team's are looked at.
	entries := make(map[string][]preread.StatusEntry, len(members))
	for _, person := range members {
		var earlier []preread.StatusEntry
		for _, e := range late[person] {
			if e.Date.Before(day) {
				earlier = append(earlier, e)
			}
		}
		if len(earlier) > 0 {
			entries[person] = append(earlier, onDay[person]...)
		} else if on := onDay[person]; len(on) > 0 {
			entries[person] = on
		}
	}
	return entries, nil
}

// blockerStreak counts the person's workdays in a row, ending on day, that
// ended with a blocker standing (statusOfDay). A workday without any entry
// ends the streak.
func blockerStreak(ctx context.Context, src Source, cal preread.Calendar, email string, day preread.Date) (int, error) {
	history, err := src.StatusOf(ctx, email, day.AddDays(-historyDays), day)
	if err != nil {
		return 0, err
	}
	byDay := map[preread.Date][]preread.StatusEntry{}
	for _, e := range history {
		byDay[e.Date] = append(byDay[e.Date], e)
	}
	streak := 0
	for d, ok := day, true; ok && blockedOn(byDay[d]); d, ok = cal.WorkdayBefore(d) {
		streak++
	}
	return streak, nil
}
