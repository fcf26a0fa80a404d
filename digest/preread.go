package digest

import (
	"fmt"
	"strings"
	"time"

	"github.com/preread/preread"
)

// prereadView is what a pre-read says, ready for the text and HTML
// layouts. Every string in it is plain text; the HTML template escapes it.
type prereadView struct {
	Subject   string
	Title     string // "1:1 with Alice Liddell"
	When      string // "Tue 24 Nov 2026, 10:00", with the zone when the reader's differs
	MeetingAt string // the time where the meeting is held, when the reader's zone differs
	Previous  string // the day of the last 1:1, "" when there was none
	ForReport bool   // the report's own copy
	Report    string // first names
	Manager   string

	Before    []sectionView // action items, the last meeting's notes, items closed since
	Groups    []groupView
	ItemCount int
	Nudge     string   // when the agenda is empty
	Questions []string // suggested for an empty agenda

	Status prereadStatus
	Notes  []noteView
	Reply  []string // how to reply, one paragraph each
	Footer string
}

// groupView is one category of the agenda.
type groupView struct {
	Title string
	Items []itemView
}

// itemView is one open agenda item.
type itemView struct {
	Number int
	Title  string // the subject, or "Forwarded from X: subject"
	Meta   string // "New", "Carried over from 2 meetings ago; raised by Carol"
	New    bool
	NoteBy string // "Alice's note", over Note
	Note   block  // what the forwarder wrote above a forward
	Body   block
	Quoted bool // Body is a forwarded message
}

// noteView is a note or question on the pair.
type noteView struct {
	Author string
	When   string
	Text   block
}

// categoryTitles head the agenda's groups.
var categoryTitles = map[preread.Category]string{
	preread.CategoryGrowth:   "Growth",
	preread.CategoryFeedback: "Feedback",
	preread.CategoryHelp:     "Asking for help",
	preread.CategoryOffer:    "Offering help",
	preread.CategoryIdea:     "Ideas",
	preread.CategoryOther:    "Other topics",
}

// Preread renders the pre-read of m for one reader: the manager, or the
// report when the pair's pre-read goes to both. The meeting time is shown
// in the reader's time zone (else the meeting's); when that differs from
// the meeting's zone, the subject names the reader's zone ("04:00 EST")
// and the body also gives the time where the meeting is held. Replies go
// to the reader's reply address (addr.Reply), filed on the pair.
func Preread(m Meeting, reader preread.Person, addr Addresses) preread.Email {
	v := buildPreread(m, reader)
	return preread.Email{
		Kind:    preread.KindPreread,
		To:      reader.Email,
		Period:  PrereadPeriod(m.Pair, m.name()),
		ReplyTo: addr.Reply,
		Subject: v.Subject,
		Text:    prereadText(v),
		HTML:    renderHTML("preread", v),
	}
}

// buildPreread decides what the pre-read of m says to reader.
func buildPreread(m Meeting, reader preread.Person) prereadView {
	meetLoc := firstLoc(m.Pair.TimeZone, m.Manager.TimeZone, m.Start.Location())
	loc := firstLoc(reader.TimeZone, meetLoc)
	forReport := preread.CanonicalAddress(reader.Email) == preread.CanonicalAddress(m.Report.Email)
	v := prereadView{
		ForReport: forReport,
		Report:    headerText(m.Report.FirstName()),
		Manager:   headerText(m.Manager.FirstName()),
	}
	other, otherFull := v.Report, personName(m.Report)
	if forReport {
		other, otherFull = v.Manager, personName(m.Manager)
	}
	start := m.Start.In(loc)
	zone := ""
	if zoneDiffers(m.Start, loc, meetLoc) {
		zone = " " + zoneName(m.Start, loc)
		v.MeetingAt = fmt.Sprintf("%s %s where the meeting is held",
			m.Start.In(meetLoc).Format(clockLayout), zoneName(m.Start, meetLoc))
	}
	v.Subject = fmt.Sprintf("1:1 with %s, %s%s: pre-read", other, start.Format(dayTimeLayout), zone)
	v.Title = "1:1 with " + otherFull
	v.When = start.Format(longTimeLayout) + zone
	if !m.Last.IsZero() {
		v.Previous = m.Last.In(loc).Format(longDayLayout)
	}
	v.Before = buildBefore(m, loc)
	v.Groups, v.ItemCount = buildAgenda(m)
	if v.ItemCount == 0 {
		v.Nudge = v.Report + "'s agenda is empty. You could ask:"
		if forReport {
			v.Nudge = "Your agenda is empty. You could bring up:"
		}
		v.Questions = suggest(m.Week, forReport)
	}
	v.Status = buildStatus(m.Status, m.Last.IsZero())
	v.Notes = buildNotes(m, loc)
	v.Reply = replyHelp(v, m)
	v.Footer = "The pre-read for your 1:1 with " + other + ", from preread."
	return v
}

// buildAgenda groups m's open items by category, in the order of
// preread.Categories, new items first within each, and counts them.
func buildAgenda(m Meeting) ([]groupView, int) {
	byCat := map[preread.Category][]itemView{}
	for _, it := range m.Items {
		c := it.Category
		if _, ok := categoryTitles[c]; !ok {
			c = preread.CategoryOther
		}
		byCat[c] = append(byCat[c], buildItem(it, m))
	}
	var groups []groupView
	for _, c := range preread.Categories {
		items := byCat[c]
		if len(items) == 0 {
			continue
		}
		var sorted []itemView
		for _, wantNew := range []bool{true, false} {
			for _, it := range items {
				if it.New == wantNew {
					sorted = append(sorted, it)
				}
			}
		}
		groups = append(groups, groupView{Title: categoryTitles[c], Items: sorted})
	}
	return groups, len(m.Items)
}

// buildItem lays out one agenda item of m.
func buildItem(it Item, m Meeting) itemView {
	v := itemView{Number: it.Number, New: it.New}
	var meta []string
	switch {
	case it.New:
		meta = append(meta, "new")
	case it.Carried == 1:
		meta = append(meta, "carried over from the last meeting")
	case it.Carried > 1:
		meta = append(meta, fmt.Sprintf("carried over from %d meetings ago", it.Carried))
	default:
		meta = append(meta, "carried over")
	}
	from := preread.CanonicalAddress(it.From)
	if from != "" && from != preread.CanonicalAddress(m.Report.Email) {
		meta = append(meta, "raised by "+authorName(it.From, m))
	}
	v.Meta = capitalize(strings.Join(meta, "; "))

	text := it.Text
	if f := it.Forwarded; f != nil {
		v.Title = "Forwarded from " + headerText(f.From)
		if s := headerText(f.Subject); s != "" {
			v.Title += ": " + s
		}
		v.Quoted = true
	} else {
		v.Title = headerText(it.Subject)
		if v.Title == "" {
			first, rest, _ := strings.Cut(strings.TrimSpace(text), "\n")
			v.Title, text = headerText(first), rest
		}
	}
	v.Title, _ = cutText(v.Title, titleLimit)
	if v.Note = newBlock(it.Note, noteLimit); !v.Note.Empty() {
		v.NoteBy = authorName(it.From, m) + "'s note"
	}
	if v.Body = newBlock(text, entryLimit); v.Body.Text == v.Title {
		v.Body = block{}
	}
	return v
}

// buildNotes lays out the notes on the pair, with times in loc.
func buildNotes(m Meeting, loc *time.Location) []noteView {
	var out []noteView
	for _, n := range m.Notes {
		nv := noteView{Author: authorName(n.From, m), Text: newBlock(n.Text, entryLimit)}
		if !n.Created.IsZero() {
			nv.When = n.Created.In(loc).Format(dayTimeLayout)
		}
		out = append(out, nv)
	}
	return out
}

// replyHelp says how the reader can answer the pre-read.
func replyHelp(v prereadView, m Meeting) []string {
	help := replyAgendaHelp(v)
	var open []preread.ActionItem
	for _, a := range m.Actions {
		open = append(open, a.ActionItem)
	}
	other := v.Report
	if v.ForReport {
		other = v.Manager
	}
	return append(help, actionReplyHelp(other, open)...)
}

// replyAgendaHelp says how the reader can close agenda items and ask
// questions by reply.
func replyAgendaHelp(v prereadView) []string {
	done := ""
	var nums []int
	for _, g := range v.Groups {
		for _, it := range g.Items {
			nums = append(nums, it.Number)
		}
	}
	switch {
	case len(nums) == 1:
		done = fmt.Sprintf("Reply DONE %d to close the item", nums[0])
	case len(nums) > 1:
		done = fmt.Sprintf("Reply DONE %d (or DONE %d, %d) to close items", nums[0], nums[0], nums[1])
	}
	if v.ForReport {
		add := "To add a topic, reply to this email or write to your agenda address, any time before the meeting."
		if done == "" {
			return []string{add}
		}
		return []string{done + ".", add}
	}
	ask := "sent to " + v.Report + " as a question before the meeting."
	if done == "" {
		return []string{"Anything you reply is " + ask}
	}
	return []string{done + "; anything else you write is " + ask}
}

// authorName names who wrote an item or note on m's pair: the manager's or
// the report's first name, else the address.
func authorName(addr string, m Meeting) string { return people{m.Manager, m.Report}.name(addr) }

// capitalize upper-cases the first letter of an ASCII phrase of ours.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
