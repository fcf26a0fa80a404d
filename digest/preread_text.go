package digest

import (
	"fmt"
	"strconv"
	"strings"
)

// prereadText lays out the plain-text part of a pre-read.
func prereadText(v prereadView) string {
	var t textWriter
	t.para("", "", v.Title)
	t.line(v.When)
	if v.MeetingAt != "" {
		t.para("", "", "("+v.MeetingAt+")")
	}
	if v.Previous != "" {
		t.line("Previous 1:1: " + v.Previous)
	}
	for _, s := range v.Before {
		sectionText(&t, s)
	}
	agendaText(&t, v)
	statusText(&t, v.Status)
	if len(v.Notes) > 0 {
		t.heading("Notes and questions")
		for i, n := range v.Notes {
			if i > 0 {
				t.line("")
			}
			head := n.Author
			if n.When != "" {
				head += ", " + n.When
			}
			t.para("", "  ", head+":")
			t.para("  ", "  ", n.Text.Text)
			if n.Text.Cut {
				t.para("  ", "  ", cutNote)
			}
		}
	}
	replyText(&t, v.Reply, v.Footer)
	return t.String()
}

// replyText ends an email: how to reply, one paragraph each (none when
// empty), then the signature and the footer.
func replyText(t *textWriter, reply []string, footer string) {
	if len(reply) > 0 {
		t.heading("How to reply")
		for i, p := range reply {
			if i > 0 {
				t.line("")
			}
			t.para("", "", p)
		}
	}
	t.blank()
	t.signature()
	t.para("", "", footer)
}

// agendaText writes the agenda, or the nudge and questions when it is empty.
func agendaText(t *textWriter, v prereadView) {
	if v.ItemCount == 0 {
		t.heading("Agenda")
		t.para("", "", v.Nudge)
		for _, q := range v.Questions {
			t.para("  * ", "    ", q)
		}
		return
	}
	t.heading("Agenda: " + plural(v.ItemCount, "open item", "open items"))
	numWidth := 1
	for _, g := range v.Groups {
		for _, it := range g.Items {
			numWidth = max(numWidth, len(strconv.Itoa(it.Number)))
		}
	}
	for _, g := range v.Groups {
		t.blank()
		t.line(g.Title)
		for _, it := range g.Items {
			t.line("")
			itemText(t, it, numWidth)
		}
	}
}

// itemText writes one agenda item, its number right-aligned in numWidth
// columns and everything else indented under its title.
func itemText(t *textWriter, it itemView, numWidth int) {
	num := fmt.Sprintf("  %*d. ", numWidth, it.Number)
	in := strings.Repeat(" ", len(num))
	t.para(num, in, it.Title)
	t.para(in, in, "("+it.Meta+")")
	if !it.Note.Empty() {
		t.para(in, in, it.NoteBy+":")
		t.para(in+"  ", in+"  ", it.Note.Text)
	}
	if !it.Body.Empty() {
		if it.Quoted {
			t.para(in+"> ", in+"> ", it.Body.Text)
		} else {
			t.para(in, in, it.Body.Text)
		}
	}
	if it.Body.Cut || it.Note.Cut {
		t.para(in, in, cutNote)
	}
}

// statusText writes the report's blockers and highlights since the last 1:1.
func statusText(t *textWriter, s prereadStatus) {
	t.heading(s.Title)
	if !s.Any {
		t.para("", "", s.Empty)
		return
	}
	t.line("Blockers:")
	if len(s.Blockers) == 0 {
		t.line("  none")
	}
	datedText(t, s.Blockers, s.BlockersEarlier)
	t.line("")
	t.line("Highlights:")
	if len(s.Highlights) == 0 {
		t.line("  none")
	}
	datedText(t, s.Highlights, s.HighlightsEarlier)
}

// datedText writes a list of dated lines, the text aligned after the days.
func datedText(t *textWriter, list []datedView, earlier int) {
	dayWidth := 0
	for _, d := range list {
		dayWidth = max(dayWidth, textWidth(d.Day))
	}
	in := strings.Repeat(" ", 2+dayWidth+2)
	for _, d := range list {
		first := "  " + d.Day + strings.Repeat(" ", dayWidth-textWidth(d.Day)+2)
		t.para(first, in, d.Text.Text)
	}
	if earlier > 0 {
		t.para("  ", "  ", earlierNote(earlier))
	}
}

// earlierNote says that n older entries were left out.
func earlierNote(n int) string {
	return "(" + plural(n, "earlier one is", "earlier ones are") + " in the notebook: preread export.)"
}
