package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/preread/preread"
)

func runExport(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	pair := fs.String("pair", "", "only this pair, as `MANAGER:REPORT`")
	format := fs.String("format", "json", "`FORMAT`: json or markdown")
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	if *format != "json" && *format != "markdown" {
		return usageError{fmt.Sprintf("--format %q: want json or markdown", *format)}
	}
	a, err := openApp(ctx, env, *file)
	if err != nil {
		return err
	}
	defer a.Close()
	nb, err := a.db.Notebook(ctx, *pair)
	if err != nil {
		return err
	}
	if *format == "markdown" {
		return writeMarkdown(env.stdout, nb)
	}
	return writeJSON(env.stdout, nb)
}

// The export's JSON, field for field as DESIGN.md specifies it.
type (
	exportJSON struct {
		Status []statusJSON `json:"status"`
		Agenda []agendaJSON `json:"agenda"`
		Notes  []noteJSON   `json:"notes"` // questions and answers on pairs (added by the reply loop)
	}
	forwardedJSON struct {
		From    string `json:"from"`
		Date    string `json:"date"`
		Subject string `json:"subject"`
	}
	noteJSON struct {
		Manager   string `json:"manager"`
		Report    string `json:"report"`
		From      string `json:"from"`
		Date      string `json:"date"`
		Text      string `json:"text"`
		MessageID string `json:"message_id"`
	}
	statusJSON struct {
		Person    string `json:"person"`
		Date      string `json:"date"`
		Text      string `json:"text"`
		Yesterday string `json:"yesterday"`
		Today     string `json:"today"`
		Blockers  string `json:"blockers"`
		MessageID string `json:"message_id"`
	}
	agendaJSON struct {
		Manager   string         `json:"manager"`
		Report    string         `json:"report"`
		From      string         `json:"from"`
		Category  string         `json:"category"`
		Subject   string         `json:"subject"`
		Text      string         `json:"text"`
		Note      string         `json:"note"`      // the forwarder's own words, "" when none
		Forwarded *forwardedJSON `json:"forwarded"` // the forwarded message, null when the item is no forward
		State     string         `json:"state"`
		MessageID string         `json:"message_id"`
	}
)

func writeJSON(w io.Writer, nb preread.Notebook) error {
	out := exportJSON{Status: []statusJSON{}, Agenda: []agendaJSON{}, Notes: []noteJSON{}}
	for _, s := range nb.Status {
		out.Status = append(out.Status, statusJSON{Person: s.Person, Date: s.Date.String(), Text: s.Text,
			Yesterday: s.Yesterday, Today: s.Today, Blockers: s.Blockers, MessageID: s.MessageID})
	}
	for _, a := range nb.Agenda {
		item := agendaJSON{Manager: a.Manager, Report: a.Report, From: a.From, Category: string(a.Category),
			Subject: a.Subject, Text: a.Text, Note: a.Note, State: string(a.State), MessageID: a.MessageID}
		if f := a.Forwarded; f != nil {
			item.Forwarded = &forwardedJSON{From: f.From, Date: f.Date, Subject: f.Subject}
		}
		out.Agenda = append(out.Agenda, item)
	}
	for _, n := range nb.Notes {
		out.Notes = append(out.Notes, noteJSON{Manager: n.Manager, Report: n.Report, From: n.From,
			Date: n.Created.UTC().Format(time.RFC3339), Text: n.Text, MessageID: n.MessageID})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeMarkdown writes the notebook as Markdown. Every stored value goes
// through md: the text came in by email, and the file may be rendered
// where raw HTML would run.
func writeMarkdown(w io.Writer, nb preread.Notebook) error {
	var b strings.Builder
	b.WriteString("# preread notebook\n\n## Status\n")
	if len(nb.Status) == 0 {
		b.WriteString("\nNo status entries.\n")
	}
	for _, s := range nb.Status {
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
	for _, a := range nb.Agenda {
		if key := a.Manager + ":" + a.Report; key != pair {
			pair = key
			fmt.Fprintf(&b, "\n### 1:1 %s with %s\n\n", md(a.Manager), md(a.Report))
		}
		fmt.Fprintf(&b, "- [%s] **%s** (from %s): %s\n", md(string(a.State)), md(string(a.Category)), md(a.From), indent(md(agendaTitle(a))))
		if a.Note != "" {
			fmt.Fprintf(&b, "  - %s's note: %s\n", md(a.From), indent(indent(md(a.Note))))
		}
		if f := a.Forwarded; f != nil {
			fmt.Fprintf(&b, "  - forwarded: from %s, %s, subject %s\n", md(orDash(f.From)), md(orDash(f.Date)), md(orDash(f.Subject)))
		}
	}
	if len(nb.Notes) > 0 {
		b.WriteString("\n## Notes\n")
		for _, n := range nb.Notes {
			fmt.Fprintf(&b, "\n- %s:%s, from %s: %s\n", md(n.Manager), md(n.Report), md(n.From), indent(md(n.Text)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// agendaTitle is an item's text, led by its subject when the text does
// not start with it.
func agendaTitle(a preread.AgendaItem) string {
	if a.Subject == "" || strings.HasPrefix(a.Text, a.Subject) {
		return a.Text
	}
	return a.Subject + ": " + a.Text
}

// indent keeps a multi-line text inside its list item.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }

// mdEscaper writes HTML's <, > and & as entities, so no tag, comment or
// entity of the text passes through raw, and puts a backslash before the
// characters that start emphasis, code, links, images, tables and
// strike-through (CommonMark §2.4).
var mdEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "~", `\~`, "|", `\|`)

// mdBlock finds what would make a line a heading, list item, rule or
// setext underline: the character to escape is the group's last.
var mdBlock = regexp.MustCompile(`^[ \t]*([#+=-]|\d{1,9}[.)])`)

// md is stored text as Markdown that shows it as written: clean for the
// terminal, then escaped inline and at each line's start.
func md(s string) string {
	lines := strings.Split(mdEscaper.Replace(clean(s)), "\n")
	for i, l := range lines {
		if m := mdBlock.FindStringSubmatchIndex(l); m != nil {
			at := m[3] - 1
			lines[i] = l[:at] + `\` + l[at:]
		}
	}
	return strings.Join(lines, "\n")
}
