package digest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
)

// MarkdownOptions say how Markdown writes a notebook.
type MarkdownOptions struct {
	Title string
	// Clean makes stored text safe for where the file goes (a terminal
	// strips escape sequences); digest's own cleaning when nil.
	Clean func(string) string
	// NewestFirst lists each section newest first, as the notebook email
	// does; else oldest first, as the export does.
	NewestFirst bool
	// Zone gives the time zone of a pair's manager, for the days items
	// were raised and closed; UTC when nil.
	Zone func(manager string) *time.Location
}

// Markdown writes a notebook as Markdown: status, agenda items (with when
// each was raised and closed), action items, meeting notes, notes and the
// meetings. Every stored value is escaped: the text came in by email, and
// the file may be shown where raw HTML would run.
func Markdown(nb preread.Notebook, o MarkdownOptions) string {
	if o.Clean == nil {
		o.Clean = clean
	}
	if o.Zone == nil {
		o.Zone = func(string) *time.Location { return time.UTC }
	}
	md := func(s string) string { return MarkdownText(s, o.Clean) }
	day := func(t time.Time, manager string) string {
		if t.IsZero() {
			return ""
		}
		return t.In(o.Zone(manager)).Format(time.DateOnly)
	}
	order := func(n int) []int {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		if o.NewestFirst {
			slices.Reverse(idx)
		}
		return idx
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n## Status\n", md(o.Title))
	if len(nb.Status) == 0 {
		b.WriteString("\nNo status entries.\n")
	}
	for _, i := range order(len(nb.Status)) {
		s := nb.Status[i]
		fmt.Fprintf(&b, "\n### %s, %s\n\n", md(s.Person), s.Date)
		if s.Yesterday == "" && s.Today == "" && s.Blockers == "" {
			fmt.Fprintf(&b, "%s\n", md(s.Text))
			continue
		}
		for _, sec := range []struct{ name, text string }{{"Yesterday", s.Yesterday}, {"Today", s.Today}, {"Blockers", s.Blockers}} {
			if sec.text != "" {
				fmt.Fprintf(&b, "**%s:**\n%s\n\n", sec.name, md(sec.text))
			}
		}
	}
	b.WriteString("\n## Agenda\n")
	if len(nb.Agenda) == 0 {
		b.WriteString("\nNo agenda items.\n")
	}
	pair := ""
	for _, i := range order(len(nb.Agenda)) {
		a := nb.Agenda[i]
		if key := a.Manager + ":" + a.Report; key != pair {
			pair = key
			fmt.Fprintf(&b, "\n### 1:1 %s with %s\n\n", md(a.Manager), md(a.Report))
		}
		fmt.Fprintf(&b, "- [%s] **%s** (from %s): %s\n", md(string(a.State)), md(string(a.Category)), md(a.From), mdIndent(md(agendaTitle(a))))
		if a.Note != "" {
			fmt.Fprintf(&b, "  - %s's note: %s\n", md(a.From), mdIndent(mdIndent(md(a.Note))))
		}
		if f := a.Forwarded; f != nil {
			fmt.Fprintf(&b, "  - forwarded: from %s, %s, subject %s\n", md(orDash(f.From)), md(orDash(f.Date)), md(orDash(f.Subject)))
		}
		if !a.Created.IsZero() {
			line := "  - raised " + day(a.Created, a.Manager)
			if !a.Closed.IsZero() {
				line += ", closed " + day(a.Closed, a.Manager)
				if a.ClosedBy != "" {
					line += " by " + md(a.ClosedBy)
				}
			}
			b.WriteString(line + "\n")
		}
	}
	if len(nb.Actions) > 0 {
		b.WriteString("\n## Action items\n\n")
		for _, i := range order(len(nb.Actions)) {
			a := nb.Actions[i]
			line := fmt.Sprintf("- [%s] **A%d** %s:%s, owner %s: %s", md(string(a.State)), a.Number, md(a.Manager), md(a.Report),
				md(a.Owner), mdIndent(md(a.Text)))
			if !a.Due.IsZero() {
				line += " (due " + a.Due.String() + ")"
			}
			line += "; raised " + day(a.Created, a.Manager) + " by " + md(a.From)
			if !a.Closed.IsZero() {
				line += ", closed " + day(a.Closed, a.Manager) + " by " + md(a.ClosedBy)
			}
			b.WriteString(line + "\n")
		}
	}
	if len(nb.MeetingNotes) > 0 {
		b.WriteString("\n## Meeting notes\n")
		for _, i := range order(len(nb.MeetingNotes)) {
			n := nb.MeetingNotes[i]
			fmt.Fprintf(&b, "\n- %s:%s, 1:1 of %s, from %s: %s\n", md(n.Manager), md(n.Report),
				n.Meeting.In(o.Zone(n.Manager)).Format("2006-01-02 15:04"), md(n.From), mdIndent(md(n.Text)))
		}
	}
	if len(nb.Notes) > 0 {
		b.WriteString("\n## Notes\n")
		for _, i := range order(len(nb.Notes)) {
			n := nb.Notes[i]
			fmt.Fprintf(&b, "\n- %s:%s, from %s: %s\n", md(n.Manager), md(n.Report), md(n.From), mdIndent(md(n.Text)))
		}
	}
	if len(nb.Meetings) > 0 {
		b.WriteString("\n## Meetings\n\n")
		for _, i := range order(len(nb.Meetings)) {
			m := nb.Meetings[i]
			fmt.Fprintf(&b, "- %s:%s, %s: %s listed\n", md(m.Manager), md(m.Report),
				m.Start.In(o.Zone(m.Manager)).Format("2006-01-02 15:04"), plural(len(m.Items), "agenda item", "agenda items"))
		}
	}
	return b.String()
}

// agendaTitle is an item's text, led by its subject when the text does
// not start with it.
func agendaTitle(a preread.AgendaItem) string {
	if a.Subject == "" || strings.HasPrefix(a.Text, a.Subject) {
		return a.Text
	}
	return a.Subject + ": " + a.Text
}

// mdIndent keeps a multi-line text inside its list item.
func mdIndent(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// mdEscaper writes HTML's <, > and & as entities, so no tag, comment or
// entity of the text passes through raw, and puts a backslash before the
// characters that start emphasis, code, links, images, tables and
// strike-through (CommonMark §2.4).
var mdEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "~", `\~`, "|", `\|`)

// mdBlock finds what would make a line a heading, list item, rule or
// setext underline: the character to escape is the group's last.
var mdBlock = regexp.MustCompile(`^[ \t]*([#+=-]|\d{1,9}[.)])`)

// MarkdownText is stored text as Markdown that shows it as written: made
// safe by clean, then escaped inline and at each line's start.
func MarkdownText(s string, clean func(string) string) string {
	lines := strings.Split(mdEscaper.Replace(clean(s)), "\n")
	for i, l := range lines {
		if m := mdBlock.FindStringSubmatchIndex(l); m != nil {
			at := m[3] - 1
			lines[i] = l[:at] + `\` + l[at:]
		}
	}
	return strings.Join(lines, "\n")
}
