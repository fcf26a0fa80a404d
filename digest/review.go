package digest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
)

// ReviewDue is a review pre-read that should go out now: for the pair's
// review on Date, from SendAt until that day begins.
type ReviewDue struct {
	Pair   preread.Pair
	Date   preread.Date
	SendAt time.Time
}

// DueReviews lists the review pre-reads due at now: each pair's review
// days get one at the manager's pre-read time on their workday before,
// due until the review day begins in the manager's time zone.
func DueReviews(dir preread.Directory, now time.Time) []ReviewDue {
	var out []ReviewDue
	for _, pair := range dir.Pairs {
		manager, ok := dir.Person(pair.Manager)
		if !ok {
			continue
		}
		cal := manager.Calendar(dir.Holidays)
		for _, d := range pair.Reviews {
			day, ok := cal.WorkdayBefore(d)
			if !ok {
				continue
			}
			sendAt := day.In(cal.Location, manager.PrereadAt)
			if !now.Before(sendAt) && now.Before(d.In(cal.Location, preread.Clock{})) {
				out = append(out, ReviewDue{Pair: pair, Date: d, SendAt: sendAt})
			}
		}
	}
	return out
}

// ReviewPeriod is the period of the review pre-read of one review day.
func ReviewPeriod(pair preread.Pair, day preread.Date) string {
	return preread.PairPeriod(pair.Key(), "review/"+day.String())
}

// BuildReview gathers what the review pre-read of a pair's review on day
// shows: the notebook since the pair's review before it (its day
// included), or since the pair's first entry, to the day before.
func BuildReview(ctx context.Context, src BookSource, dir preread.Directory, pair preread.Pair, day preread.Date, now time.Time) (PairBook, error) {
	period := preread.Period{Until: day.AddDays(-1)}
	for _, d := range pair.Reviews {
		if d.Before(day) {
			period.Since = d
		}
	}
	b, err := BuildBook(ctx, src, dir, pair, period, now)
	if err == nil && period.Since.IsZero() {
		b.Period.Since = firstDay(b.Book, firstLoc(b.Manager.TimeZone))
	}
	return b, err
}

// firstDay is the day of a notebook's first entry; zero when it is empty.
func firstDay(nb preread.Notebook, loc *time.Location) preread.Date {
	var first preread.Date
	keep := func(d preread.Date) {
		if !d.IsZero() && (first.IsZero() || d.Before(first)) {
			first = d
		}
	}
	for _, s := range nb.Status {
		keep(s.Date)
	}
	for _, a := range nb.Agenda {
		keep(preread.DateOf(a.Created.In(loc)))
	}
	for _, a := range nb.Actions {
		keep(preread.DateOf(a.Created.In(loc)))
	}
	for _, n := range nb.Notes {
		keep(preread.DateOf(n.Created.In(loc)))
	}
	for _, n := range nb.MeetingNotes {
		keep(preread.DateOf(n.Created.In(loc)))
	}
	return first
}

// Review is the review pre-read of a pair: the period since the last
// review, its agenda items by category with what became of each, the
// action items done and open, and the blockers the report hit, counted
// and dated.
func Review(b PairBook, reader preread.Person, addr Addresses) preread.Email {
	who := people{b.Manager, b.Report}
	loc := firstLoc(reader.TimeZone, b.Manager.TimeZone)
	today := preread.DateOf(b.Now.In(loc))
	review := b.Period.Until.AddDays(1)
	report := who.name(b.Report.Email)
	forReport := preread.CanonicalAddress(reader.Email) == preread.CanonicalAddress(b.Report.Email)
	whose := report + "'s"
	if forReport {
		whose = "your"
	}
	since := "since " + report + "'s first entry, " + dayString(b.Period.Since, longDayLayout)
	if slices.Contains(b.Pair.Reviews, b.Period.Since) {
		since = "since the last review, " + dayString(b.Period.Since, longDayLayout)
	}
	if b.Period.Since.IsZero() {
		since = "so far"
	}
	standing := standingBlockers(b.Book.Status)
	var done, open int
	for _, a := range b.Book.Actions {
		if a.State == preread.ActionDone {
			done++
		} else {
			open++
		}
	}
	v := docView{
		Subject: fmt.Sprintf("Review pre-read: %s, %s", personName(b.Report), dayString(review, dayLayout)),
		Title:   fmt.Sprintf("Review pre-read: %s", personName(b.Report)),
		Intro: []string{
			fmt.Sprintf("Hi %s, %s review is on %s. This is what your 1:1 notebook holds %s: %s, %s (%d done, %d open), "+
				"%s with a blocker and %s.", headerText(reader.FirstName()), whose, dayString(review, longDayLayout), since,
				plural(len(b.Book.Agenda), "agenda item", "agenda items"), plural(len(b.Book.Actions), "action item", "action items"),
				done, open, plural(len(standing), "day", "days"), plural(len(b.Book.MeetingNotes), "meeting note", "meeting notes")),
		},
		Footer: "The review pre-read for " + report + ", from preread. `preread export --pair` has the notebook for any period.",
	}
	v.Sections = append(v.Sections, reviewAgenda(b, who, loc)...)
	actions := sectionView{Title: "Action items", Empty: "No action items in this period."}
	for _, state := range []preread.ActionState{preread.ActionDone, preread.ActionOpen} {
		for _, a := range b.Book.Actions {
			if a.State == state {
				actions.Entries = append(actions.Entries, actionEntry(a, who, today, -1))
			}
		}
	}
	if len(actions.Entries) > 0 {
		actions.Intro = fmt.Sprintf("%d done, %d still open.", done, open)
	}
	blockers := sectionView{Title: "Blockers " + report + " hit", Empty: "No blockers reported in this period.", Compact: true}
	if len(standing) > 0 {
		blockers.Intro = fmt.Sprintf("On %s, from %s to %s.", plural(len(standing), "day", "days"),
			dayString(standing[0].Date, dayLayout), dayString(standing[len(standing)-1].Date, dayLayout))
	}
	for _, d := range standing {
		blockers.Entries = append(blockers.Entries, rowView{Label: dayString(d.Date, dayLayout), Body: newBlock(d.Text, blockerLimit)})
	}
	v.Sections = append(v.Sections, actions, blockers)
	return preread.Email{
		Kind: preread.KindReview, To: reader.Email, Period: ReviewPeriod(b.Pair, review),
		ReplyTo: addr.Reply, Subject: v.Subject, Text: docText(v), HTML: renderHTML("doc", v),
	}
}

// reviewAgenda lists the period's agenda items by category, in the order
// of preread.Categories, each with what became of it; a category without
// items is left out, and one section says so when there are none.
func reviewAgenda(b PairBook, who people, loc *time.Location) []sectionView {
	byCat := map[preread.Category][]preread.AgendaItem{}
	for _, it := range b.Book.Agenda {
		byCat[categoryOf(it)] = append(byCat[categoryOf(it)], it)
	}
	var out []sectionView
	for _, c := range preread.Categories {
		items := byCat[c]
		if len(items) == 0 {
			continue
		}
		var done int
		s := sectionView{Title: categoryTitles[c]}
		for _, it := range items {
			e := agendaEntry(it, who, loc)
			e.Meta = strings.TrimPrefix(e.Meta, categoryTitles[c]+" · ")
			s.Entries = append(s.Entries, e)
			if it.State == preread.ItemDone {
				done++
			}
		}
		s.Intro = fmt.Sprintf("%s, %d done.", plural(len(items), "item", "items"), done)
		out = append(out, s)
	}
	if len(out) == 0 {
		out = append(out, sectionView{Title: "Agenda", Empty: "No agenda items in this period."})
	}
	return out
}
