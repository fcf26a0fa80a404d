package digest

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
)

// bookShown is how many entries each section of the notebook email lists:
// the newest. The attached file has all of them.
const bookShown = 40

// PairBook is a pair's notebook over a period, as the notebook email and
// the review pre-read show it.
type PairBook struct {
	Pair    preread.Pair
	Manager preread.Person
	Report  preread.Person
	Period  preread.Period
	Book    preread.Notebook // the pair's entries within Period, oldest first
	Now     time.Time
}

// BookSource is what building a pair's notebook reads. *store.DB is one.
type BookSource interface {
	PairNotebook(ctx context.Context, manager, report string, since preread.Date) (preread.Notebook, error)
}

// BuildBook gathers a pair's notebook over a period, its days read in the
// manager's time zone.
func BuildBook(ctx context.Context, src BookSource, dir preread.Directory, pair preread.Pair, period preread.Period, now time.Time) (PairBook, error) {
	b := PairBook{Pair: pair, Period: period, Now: now}
	var err error
	if b.Manager, b.Report, err = pairPeople(dir, pair); err != nil {
		return b, err
	}
	nb, err := src.PairNotebook(ctx, pair.Manager, pair.Report, period.Since)
	if err != nil {
		return b, err
	}
	b.Book = nb.Within(period, func(string) *time.Location { return firstLoc(b.Manager.TimeZone) })
	return b, nil
}

// NotebookReply answers NOTEBOOK with the pair's notebook, to the pair
// member who asked (due.To): readable text and HTML, newest first, and the
// whole of it as a Markdown file.
func NotebookReply(due preread.ReplyDue, b PairBook, reader preread.Person, addr Addresses) preread.Email {
	who := people{b.Manager, b.Report}
	other := b.Report
	if preread.CanonicalAddress(reader.Email) == preread.CanonicalAddress(b.Report.Email) {
		other = b.Manager
	}
	loc := firstLoc(reader.TimeZone, b.Manager.TimeZone)
	today := preread.DateOf(b.Now.In(loc))
	since := dayString(b.Period.Since, longDayLayout)
	file := notebookFile(other, today)
	v := docView{
		Subject: fmt.Sprintf("Your 1:1 notebook with %s, since %s", who.name(other.Email), dayString(b.Period.Since, dayLayout)),
		Title:   "Your 1:1 notebook with " + personName(other),
		Intro: []string{fmt.Sprintf("Hi %s, here is what your 1:1 notebook with %s holds from %s to today, newest first. "+
			"The attached %s has all of it.", headerText(reader.FirstName()), who.name(other.Email), since, file)},
		Footer: "Your 1:1 notebook with " + who.name(other.Email) + ", from preread, as you asked. It comes once a day at most.",
	}
	v.Sections = bookSections(b, who, loc, today)
	e := preread.Email{
		Kind: preread.KindNotebook, To: reader.Email, Date: due.At,
		// One a day per pair and reader: more asks that day get the one sent.
		Period:  preread.PairPeriod(b.Pair.Key(), "notebook/"+today.String()),
		Subject: "Re: " + due.Answers.Subject, InReplyTo: due.Answers.MessageID, ReplyTo: addr.Reply,
		Text: docText(v), HTML: renderHTML("doc", v),
		Files: []preread.Attachment{{Name: file, ContentType: "text/markdown; charset=utf-8",
			Data: []byte(Markdown(b.Book, MarkdownOptions{
				Title:       "1:1 notebook of " + personName(b.Manager) + " and " + personName(b.Report) + ", since " + b.Period.Since.String(),
				NewestFirst: true, Zone: func(string) *time.Location { return firstLoc(b.Manager.TimeZone) }}))}},
	}
	if strings.TrimSpace(due.Answers.Subject) == "" {
		e.Subject = v.Subject
	}
	if due.Answers.MessageID != "" {
		e.References = append(slices.Clone(due.Answers.References), due.Answers.MessageID)
	}
	return e
}

// fileNameRE keeps what a file name may hold.
var fileNameRE = regexp.MustCompile(`[^a-z0-9]+`)

// notebookFile names the attached notebook after the other person and the
// day: preread-notebook-alice-2026-12-04.md.
func notebookFile(other preread.Person, day preread.Date) string {
	local, _, _ := strings.Cut(other.Email, "@")
	name := strings.Trim(fileNameRE.ReplaceAllString(strings.ToLower(local), "-"), "-")
	if name == "" {
		name = "pair"
	}
	return "preread-notebook-" + name + "-" + day.String() + ".md"
}

// bookSections lays out a pair's notebook, newest first: action items,
// agenda items, meeting notes, questions and answers, the report's
// blockers and highlights. Each section lists its newest bookShown.
func bookSections(b PairBook, who people, loc *time.Location, today preread.Date) []sectionView {
	nb := b.Book
	actions := sectionView{Title: "Action items", Empty: "No action items."}
	for _, state := range []preread.ActionState{preread.ActionOpen, preread.ActionDone} {
		for i := len(nb.Actions) - 1; i >= 0; i-- {
			if a := nb.Actions[i]; a.State == state {
				actions.Entries = append(actions.Entries, actionEntry(a, who, today, -1))
			}
		}
	}
	agenda := sectionView{Title: "Agenda items", Empty: "No agenda items."}
	for i := len(nb.Agenda) - 1; i >= 0; i-- {
		agenda.Entries = append(agenda.Entries, agendaEntry(nb.Agenda[i], who, loc))
	}
	notes := sectionView{Title: "Meeting notes", Intro: "By the day of the 1:1.", Empty: "No meeting notes yet: reply to the follow-up after a 1:1."}
	for i := len(nb.MeetingNotes) - 1; i >= 0; i-- {
		n := nb.MeetingNotes[i]
		notes.Entries = append(notes.Entries, rowView{Label: n.Meeting.In(loc).Format(dayLayout),
			Title: who.name(n.From), Body: newBlock(n.Text, entryLimit)})
	}
	questions := sectionView{Title: "Questions and answers", Empty: "No questions or answers."}
	for i := len(nb.Notes) - 1; i >= 0; i-- {
		n := nb.Notes[i]
		questions.Entries = append(questions.Entries, rowView{Label: n.Created.In(loc).Format(dayLayout),
			Title: who.name(n.From), Body: newBlock(n.Text, entryLimit)})
	}
	blockers := sectionView{Title: who.name(b.Report.Email) + "'s blockers", Empty: "No blockers reported.", Compact: true}
	standing := standingBlockers(nb.Status)
	for i := len(standing) - 1; i >= 0; i-- {
		blockers.Entries = append(blockers.Entries, rowView{Label: dayString(standing[i].Date, dayLayout),
			Body: newBlock(standing[i].Text, blockerLimit)})
	}
	highlights := sectionView{Title: who.name(b.Report.Email) + "'s status highlights", Empty: "No status updates.", Compact: true}
	for i := len(nb.Status) - 1; i >= 0; i-- {
		if h := highlight(nb.Status[i]); !h.Empty() {
			highlights.Entries = append(highlights.Entries, rowView{Label: dayString(nb.Status[i].Date, dayLayout), Body: h})
		}
	}
	out := []sectionView{actions, agenda, notes, questions, blockers, highlights}
	for i := range out {
		if n := len(out[i].Entries); n > bookShown {
			out[i].Entries = out[i].Entries[:bookShown]
			out[i].Outro = plural(n-bookShown, "older one is", "older ones are") + " in the attached file."
		}
	}
	return out
}

// agendaEntry lays out an agenda item with what became of it.
func agendaEntry(it preread.AgendaItem, who people, loc *time.Location) rowView {
	meta := []string{categoryTitles[categoryOf(it)], "raised by " + who.name(it.From) + " " + it.Created.In(loc).Format(dayLayout)}
	switch it.State {
	case preread.ItemDone:
		done := "done"
		if !it.Closed.IsZero() {
			done += " " + it.Closed.In(loc).Format(dayLayout)
		}
		if it.ClosedBy != "" {
			done += " (closed by " + who.name(it.ClosedBy) + ")"
		}
		meta = append(meta, done)
	case preread.ItemDropped:
		meta = append(meta, "dropped")
	default:
		open := "open"
		if it.Carried > 0 {
			open += ", carried over " + plural(it.Carried, "meeting", "meetings")
		}
		meta = append(meta, open)
	}
	body := it.Text
	if t := itemTitle(it); strings.HasPrefix(strings.TrimSpace(clean(body)), t) {
		body = ""
	}
	return rowView{Title: itemTitle(it), Meta: strings.Join(meta, " · "), Done: it.State != preread.ItemOpen,
		Body: newBlock(body, noteLimit)}
}

// categoryOf is the item's category, other when it has none we know.
func categoryOf(it preread.AgendaItem) preread.Category {
	if _, ok := categoryTitles[it.Category]; ok {
		return it.Category
	}
	return preread.CategoryOther
}
