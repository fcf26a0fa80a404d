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
		Manager   string `json:"manager"`
		Report    string `json:"report"`
		From      string `json:"from"`
		Category  string `json:"category"`
		Text      string `json:"text"`
		State     string `json:"state"`
		MessageID string `json:"message_id"`
	}
)

func writeJSON(w io.Writer, nb preread.Notebook) error {
	out := exportJSON{Status: []statusJSON{}, Agenda: []agendaJSON{}, Notes: []noteJSON{}}
	for _, s := range nb.Status {
		out.Status = append(out.Status, statusJSON{Person: s.Person, Date: s.Date.String(), Text: s.Text,
			Yesterday: s.Yesterday, Today: s.Today, Blockers: s.Blockers, MessageID: s.MessageID})
	}
	for _, a := range nb.Agenda {
		out.Agenda = append(out.Agenda, agendaJSON{Manager: a.Manager, Report: a.Report, From: a.From,
			Category: string(a.Category), Text: a.Text, State: string(a.State), MessageID: a.MessageID})
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
		fmt.Fprintf(&b, "- [%s] **%s** (from %s): %s\n", md(string(a.State)), md(string(a.Category)), md(a.From), indent(md(a.Text)))
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
