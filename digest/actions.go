package digest

import (
	"fmt"
	"strings"
	"time"

	"github.com/preread/preread"
)

// actionLimit bounds an action item's text as an email shows it.
const actionLimit = 300

// people names the two of a pair in what we write about it.
type people struct {
	manager, report preread.Person
}

// pairPeople looks up the two of a pair in the directory.
func pairPeople(dir preread.Directory, pair preread.Pair) (manager, report preread.Person, err error) {
	var ok bool
	if manager, ok = dir.Person(pair.Manager); !ok {
		return manager, report, fmt.Errorf("pair %s: manager not in the directory", pair.Key())
	}
	if report, ok = dir.Person(pair.Report); !ok {
		return manager, report, fmt.Errorf("pair %s: report not in the directory", pair.Key())
	}
	return manager, report, nil
}

// name is the first name of whoever of the pair addr is, else the address.
func (p people) name(addr string) string {
	switch preread.CanonicalAddress(addr) {
	case preread.CanonicalAddress(p.manager.Email):
		return headerText(p.manager.FirstName())
	case preread.CanonicalAddress(p.report.Email):
		return headerText(p.report.FirstName())
	}
	return headerText(addr)
}

// actionEntry lays out an action item: its A-number, its text, and who,
// by when, whether it is overdue (today is the reader's day), and since
// when it is open (age in meetings; -1 leaves it out).
func actionEntry(a preread.ActionItem, who people, today preread.Date, age int) rowView {
	text, _ := cutText(oneLine(clean(a.Text)), actionLimit)
	e := rowView{Label: fmt.Sprintf("A%d", a.Number), Title: text, Done: a.State == preread.ActionDone}
	meta := []string{who.name(a.Owner)}
	if !a.Due.IsZero() {
		meta = append(meta, "due "+dayString(a.Due, dayLayout))
	}
	switch {
	case a.State == preread.ActionDone:
		meta = append(meta, "done")
		if !a.Closed.IsZero() {
			meta[len(meta)-1] += " " + a.Closed.In(firstLoc(who.manager.TimeZone)).Format(dayLayout)
		}
	case a.Overdue(today):
		meta = append(meta, "overdue")
		e.Flag = true
	}
	switch {
	case a.State == preread.ActionDone || age < 0:
	case age == 0:
		meta = append(meta, "new since the last 1:1")
	default:
		meta = append(meta, "open for "+plural(age, "meeting", "meetings"))
	}
	e.Meta = strings.Join(meta, " · ")
	return e
}

// meetingsSince counts the pair's meetings after an instant and before
// start: how many 1:1s an action item has stayed open through.
func meetingsSince(pair preread.Pair, holidays []preread.Date, since, start time.Time) int {
	n := 0
	for _, m := range pair.Meetings(since, 100, holidays) {
		if !m.Start.Before(start) {
			break
		}
		n++
	}
	return n
}

// itemTitle is the one-line title of an agenda item: its subject, the
// forward's subject, or its first line.
func itemTitle(it preread.AgendaItem) string {
	var t string
	switch {
	case it.Forwarded != nil && headerText(it.Forwarded.Subject) != "":
		t = "Forwarded: " + headerText(it.Forwarded.Subject)
	case headerText(it.Subject) != "":
		t = headerText(it.Subject)
	default:
		first, _, _ := strings.Cut(strings.TrimSpace(clean(it.Text)), "\n")
		t = headerText(first)
	}
	t, _ = cutText(t, titleLimit)
	return t
}

// actionReplyHelp says how to raise and close action items by reply.
func actionReplyHelp(other string, open []preread.ActionItem) []string {
	out := []string{fmt.Sprintf("ACTION %s: send the draft by Fri adds an action item for %s, due Friday; "+
		"ACTION: … (or TODO: …, or - [ ] …) adds one for you.", other, other)}
	if len(open) > 0 {
		out = append(out, fmt.Sprintf("DONE A%d closes action item A%d; either of you may close one.", open[0].Number, open[0].Number))
	}
	return out
}
