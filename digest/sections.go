package digest

import (
	"strings"
)

// sectionView is a titled list of entries: the layout that follow-ups,
// the notebook and review pre-reads share, and the pre-read's action
// items and notes. Every string in it is plain text; the HTML template
// escapes it.
type sectionView struct {
	Title   string
	Intro   string // a line under the title
	Empty   string // shown when there are no entries
	Entries []rowView
	Outro   string // a line after the entries (what was left out)
	Compact bool   // no blank line between entries in the text
}

// rowView is one entry of a section: a label ("3.", "A1", "Tue 1 Dec"),
// a title on one line, a line about it, and the user's text.
type rowView struct {
	Label string
	Title string
	Meta  string
	Flag  bool // the meta line is a warning (overdue, blocked)
	Done  bool // the entry is closed: its title is greyed in HTML
	By    string
	Body  block
	Width int // of the label column in HTML, in pixels (set by Rows)
}

// Rows are the section's entries for HTML, their labels in a column as
// wide as the longest needs: a number or A-number, or a day.
func (s sectionView) Rows() []rowView {
	width := 44
	for _, e := range s.Entries {
		if len(e.Label) > 4 {
			width = 84
		}
	}
	out := make([]rowView, len(s.Entries))
	for i, e := range s.Entries {
		e.Width = width
		out[i] = e
	}
	return out
}

// docView is an email made of sections: a title, a few paragraphs, the
// sections and how to reply.
type docView struct {
	Subject  string
	Title    string
	Intro    []string
	Sections []sectionView
	Reply    []string // how to reply, one paragraph each; none when empty
	Footer   string
}

// docText lays out the plain-text part of a docView.
func docText(v docView) string {
	var t textWriter
	t.para("", "", v.Title)
	for _, p := range v.Intro {
		t.blank()
		t.para("", "", p)
	}
	for _, s := range v.Sections {
		sectionText(&t, s)
	}
	replyText(&t, v.Reply, v.Footer)
	return t.String()
}

// sectionText writes one section: its heading, then each entry with its
// label in a column of its own and the rest indented under its title.
func sectionText(t *textWriter, s sectionView) {
	t.heading(s.Title)
	if s.Intro != "" {
		t.para("", "", s.Intro)
	}
	if len(s.Entries) == 0 && s.Empty != "" {
		t.para("", "", s.Empty)
	}
	width := 0
	for _, e := range s.Entries {
		width = max(width, textWidth(e.Label))
	}
	for i, e := range s.Entries {
		if (i > 0 && !s.Compact) || (i == 0 && s.Intro != "") {
			t.line("")
		}
		head := "  "
		if width > 0 {
			head += e.Label + strings.Repeat(" ", width-textWidth(e.Label)) + "  "
		}
		in := strings.Repeat(" ", textWidth(head))
		if e.Title != "" {
			t.para(head, in, e.Title)
			head = in
		}
		if e.Meta != "" {
			t.para(head, in, "("+e.Meta+")")
			head = in
		}
		if !e.Body.Empty() {
			if e.By != "" {
				t.para(head, in, e.By+":")
				head = in
			}
			t.para(head, in, e.Body.Text)
			if e.Body.Cut {
				t.para(in, in, cutNote)
			}
		}
	}
	if s.Outro != "" {
		t.line("")
		t.para("", "", s.Outro)
	}
}
