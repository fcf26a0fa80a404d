package digest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/preread/preread"
)

// FollowupDue is the follow-up of a meeting that has ended: from its end
// until the next meeting starts.
type FollowupDue struct {
	Pair    preread.Pair
	Meeting preread.Meeting // the meeting that ended
	Until   time.Time
}

// followupLookback is how far back the last meeting is looked for: the
// longest gap between two meetings a follow-up waits through.
const followupLookback = 62 * 24 * time.Hour

// DueFollowups lists the follow-ups due at now: for each pair that has
// them, its latest meeting that has ended (at its end: the calendar's, or
// its start plus the pair's duration), until the next meeting starts (a
// week after the meeting when no other comes). It goes as the meeting
// ends, so it comes before the next pre-read whenever there is time
// between them; with 1:1s on following days whose pre-read is due before
// the meeting ends, it still goes.
func DueFollowups(dir preread.Directory, now time.Time) []FollowupDue {
	var out []FollowupDue
	for _, pair := range dir.Pairs {
		if pair.FollowupTo == preread.FollowupToNone {
			continue
		}
		var last preread.Meeting
		var next []preread.Meeting
		for _, m := range pair.Meetings(now.Add(-followupLookback), 100, dir.Holidays) {
			if m.End.After(now) {
				next = append(next, m)
				break
			}
			last = m
		}
		if last.Start.IsZero() {
			continue
		}
		until := last.Start.AddDate(0, 0, 7)
		if len(next) == 0 {
			next = pair.Meetings(last.Start, 1, dir.Holidays)
		}
		if len(next) > 0 {
			until = next[0].Start // its pre-read may be due before this meeting ends (daily 1:1s)
		}
		if now.Before(until) {
			out = append(out, FollowupDue{Pair: pair, Meeting: last, Until: until})
		}
	}
	return out
}

// FollowupPeriod is the period of the follow-up of one meeting of a pair:
// that of its pre-read, so a reply to either names the same meeting.
func FollowupPeriod(pair preread.Pair, start time.Time) string { return PrereadPeriod(pair, start) }

// AfterMeeting is what the follow-up of a meeting shows.
type AfterMeeting struct {
	Pair    preread.Pair
	Manager preread.Person
	Report  preread.Person
	Start   time.Time            // when it was held
	At      time.Time            // what names it (preread.Meeting.At); Start when zero
	Items   []Item               // the items its pre-read listed, by the numbers it gave, as they stand now
	Actions []preread.ActionItem // the pair's open action items
	Now     time.Time
}

// name is what names the meeting in periods and the store.
func (f AfterMeeting) name() time.Time {
	if f.At.IsZero() {
		return f.Start
	}
	return f.At
}

// FollowupSource is what building a follow-up reads. *store.DB is one.
type FollowupSource interface {
	MeetingNumbers(ctx context.Context, manager, report string, start time.Time) (map[int]int64, error)
	ListedItems(ctx context.Context, manager, report string, start time.Time) ([]preread.AgendaItem, error)
	OpenActions(ctx context.Context, manager, report string) ([]preread.ActionItem, error)
}

// BuildFollowup gathers what the follow-up of a pair's meeting shows.
func BuildFollowup(ctx context.Context, src FollowupSource, dir preread.Directory, pair preread.Pair, mt preread.Meeting, now time.Time) (AfterMeeting, error) {
	start := mt.At
	if start.IsZero() {
		start = mt.Start
	}
	f := AfterMeeting{Pair: pair, Start: mt.Start, At: start, Now: now}
	var err error
	if f.Manager, f.Report, err = pairPeople(dir, pair); err != nil {
		return f, err
	}
	numbers, err := src.MeetingNumbers(ctx, pair.Manager, pair.Report, start)
	if err != nil {
		return f, err
	}
	listed, err := src.ListedItems(ctx, pair.Manager, pair.Report, start)
	if err != nil {
		return f, err
	}
	byID := map[int64]preread.AgendaItem{}
	for _, it := range listed {
		byID[it.ID] = it
	}
	for n, id := range numbers {
		if it, ok := byID[id]; ok {
			f.Items = append(f.Items, Item{AgendaItem: it, Number: n})
		}
	}
	slices.SortFunc(f.Items, func(a, b Item) int { return a.Number - b.Number })
	f.Actions, err = src.OpenActions(ctx, pair.Manager, pair.Report)
	return f, err
}

// Followup asks one of the pair, after the meeting, what the two agreed:
// it lists the pre-read's items by their numbers and the open action
// items, and says how to reply. The reply is filed in the pair's notebook.
func Followup(f AfterMeeting, reader preread.Person, addr Addresses) preread.Email {
	who := people{f.Manager, f.Report}
	other, otherFull := who.name(f.Report.Email), personName(f.Report)
	if preread.CanonicalAddress(reader.Email) == preread.CanonicalAddress(f.Report.Email) {
		other, otherFull = who.name(f.Manager.Email), personName(f.Manager)
	}
	loc := firstLoc(reader.TimeZone, f.Pair.TimeZone)
	today := preread.DateOf(f.Now.In(loc))
	when := f.Start.In(loc).Format(dayTimeLayout)
	if meetLoc := firstLoc(f.Pair.TimeZone, f.Manager.TimeZone); zoneDiffers(f.Start, loc, meetLoc) {
		when += " " + zoneName(f.Start, loc)
	}
	v := docView{
		Subject: fmt.Sprintf("Your 1:1 with %s: what did you agree?", other),
		Title:   fmt.Sprintf("Your 1:1 with %s, %s", otherFull, when),
		Intro: []string{"Hi " + headerText(reader.FirstName()) + ", the meeting has ended. What did you agree? " +
			"Reply to this email: what you write goes into your 1:1 notebook, and the next pre-read starts with it."},
		Footer: "The follow-up of your 1:1 with " + other + ", from preread.",
	}
	agenda := sectionView{Title: "On the agenda", Empty: "The pre-read listed no agenda items."}
	for _, it := range f.Items {
		e := rowView{Label: fmt.Sprintf("%d.", it.Number), Title: itemTitle(it.AgendaItem), Meta: "open"}
		if it.State != preread.ItemOpen {
			e.Meta, e.Done = "closed", true
		}
		agenda.Entries = append(agenda.Entries, e)
	}
	v.Sections = append(v.Sections, agenda)
	if len(f.Actions) > 0 {
		s := sectionView{Title: "Open action items"}
		for _, a := range f.Actions[:min(len(f.Actions), maxActionsShown)] {
			s.Entries = append(s.Entries, actionEntry(a, who, today, -1))
		}
		s.Outro = moreActions(len(f.Actions))
		v.Sections = append(v.Sections, s)
	}
	var open []int
	for _, it := range f.Items {
		if it.State == preread.ItemOpen {
			open = append(open, it.Number)
		}
	}
	switch {
	case len(open) == 1:
		v.Reply = append(v.Reply, fmt.Sprintf("DONE %d closes agenda item %d; left open, it comes up again in the next pre-read.", open[0], open[0]))
	case len(open) > 1:
		v.Reply = append(v.Reply, fmt.Sprintf("DONE %d closes agenda item %d, DONE %d, %d closes both; "+
			"items left open come up again in the next pre-read.", open[0], open[0], open[0], open[1]))
	}
	v.Reply = append(v.Reply, actionReplyHelp(other, f.Actions)...)
	v.Reply = append(v.Reply, "Anything else you write is kept as your notes of this meeting, in your own words.")
	return preread.Email{
		Kind: preread.KindFollowup, To: reader.Email, Period: FollowupPeriod(f.Pair, f.name()),
		ReplyTo: addr.Reply, Subject: v.Subject, Text: docText(v), HTML: renderHTML("doc", v),
	}
}
