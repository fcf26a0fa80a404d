package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
)

func runExport(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	pair := fs.String("pair", "", "only this pair, as `MANAGER:REPORT`")
	format := fs.String("format", "json", "`FORMAT`: json or markdown")
	since := fs.String("since", "", "only from `DAY` on (YYYY-MM-DD, inclusive, in the manager's time zone)")
	until := fs.String("until", "", "only up to `DAY` (YYYY-MM-DD, inclusive, in the manager's time zone)")
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	if *format != "json" && *format != "markdown" {
		return usageError{fmt.Sprintf("--format %q: want json or markdown", *format)}
	}
	var period preread.Period
	for _, f := range []struct {
		name, val string
		day       *preread.Date
	}{{"since", *since, &period.Since}, {"until", *until, &period.Until}} {
		if f.val == "" {
			continue
		}
		d, err := preread.ParseDate(f.val)
		if err != nil {
			return usageError{fmt.Sprintf("--%s: %v", f.name, err)}
		}
		*f.day = d
	}
	if !period.Since.IsZero() && !period.Until.IsZero() && period.Until.Before(period.Since) {
		return usageError{fmt.Sprintf("--until %s is before --since %s", period.Until, period.Since)}
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
	zone := a.directory().ZoneOf
	items := map[int64]string{} // agenda item IDs to their message IDs, for the meetings that list them
	for _, it := range nb.Agenda {
		items[it.ID] = it.MessageID
	}
	nb = nb.Within(period, zone)
	if *format == "markdown" {
		return writeMarkdown(env.stdout, nb, zone)
	}
	return writeJSON(env.stdout, nb, zone, items)
}

// The export's JSON, field for field as DESIGN.md specifies it.
type (
	exportJSON struct {
		Status       []statusJSON      `json:"status"`
		Agenda       []agendaJSON      `json:"agenda"`
		Notes        []noteJSON        `json:"notes"` // questions and answers on pairs (added by the reply loop)
		Actions      []actionJSON      `json:"actions"`
		MeetingNotes []meetingNoteJSON `json:"meeting_notes"`
		Meetings     []meetingJSON     `json:"meetings"`
	}
	actionJSON struct {
		Manager   string `json:"manager"`
		Report    string `json:"report"`
		Number    string `json:"number"` // "A3"
		Owner     string `json:"owner"`
		Text      string `json:"text"`
		Due       string `json:"due"` // YYYY-MM-DD, "" when none
		State     string `json:"state"`
		Created   string `json:"created"`
		Closed    string `json:"closed"` // "" while open
		MessageID string `json:"message_id"`
	}
	meetingNoteJSON struct {
		Manager   string `json:"manager"`
		Report    string `json:"report"`
		From      string `json:"from"`
		Meeting   string `json:"meeting"`
		Text      string `json:"text"`
		Created   string `json:"created"`
		MessageID string `json:"message_id"`
	}
	meetingJSON struct {
		Manager string           `json:"manager"`
		Report  string           `json:"report"`
		Start   string           `json:"start"`
		Items   []listedItemJSON `json:"items"` // the agenda items its pre-read listed
	}
	listedItemJSON struct {
		Number    int    `json:"number"`
		MessageID string `json:"message_id"` // of the agenda item's message
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
		Created   string         `json:"created"`
		Closed    string         `json:"closed"` // "" while open
	}
)

// instant writes a stored instant in JSON: RFC 3339 in UTC, "" for none.
func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func writeJSON(w io.Writer, nb preread.Notebook, zone func(string) *time.Location, items map[int64]string) error {
	out := exportJSON{Status: []statusJSON{}, Agenda: []agendaJSON{}, Notes: []noteJSON{},
		Actions: []actionJSON{}, MeetingNotes: []meetingNoteJSON{}, Meetings: []meetingJSON{}}
	for _, s := range nb.Status {
		out.Status = append(out.Status, statusJSON{Person: s.Person, Date: s.Date.String(), Text: s.Text,
			Yesterday: s.Yesterday, Today: s.Today, Blockers: s.Blockers, MessageID: s.MessageID})
	}
	for _, a := range nb.Agenda {
		item := agendaJSON{Manager: a.Manager, Report: a.Report, From: a.From, Category: string(a.Category),
			Subject: a.Subject, Text: a.Text, Note: a.Note, State: string(a.State), MessageID: a.MessageID,
			Created: instant(a.Created), Closed: instant(a.Closed)}
		if f := a.Forwarded; f != nil {
			item.Forwarded = &forwardedJSON{From: f.From, Date: f.Date, Subject: f.Subject}
		}
		out.Agenda = append(out.Agenda, item)
	}
	for _, n := range nb.Notes {
		out.Notes = append(out.Notes, noteJSON{Manager: n.Manager, Report: n.Report, From: n.From,
			Date: n.Created.UTC().Format(time.RFC3339), Text: n.Text, MessageID: n.MessageID})
	}
	for _, a := range nb.Actions {
		item := actionJSON{Manager: a.Manager, Report: a.Report, Number: fmt.Sprintf("A%d", a.Number), Owner: a.Owner,
			Text: a.Text, State: string(a.State), Created: instant(a.Created), Closed: instant(a.Closed), MessageID: a.MessageID}
		if !a.Due.IsZero() {
			item.Due = a.Due.String()
		}
		out.Actions = append(out.Actions, item)
	}
	for _, n := range nb.MeetingNotes {
		out.MeetingNotes = append(out.MeetingNotes, meetingNoteJSON{Manager: n.Manager, Report: n.Report, From: n.From,
			Meeting: n.Meeting.In(zone(n.Manager)).Format(time.RFC3339), Text: n.Text, Created: instant(n.Created), MessageID: n.MessageID})
	}
	for _, m := range nb.Meetings {
		mj := meetingJSON{Manager: m.Manager, Report: m.Report, Start: m.Start.In(zone(m.Manager)).Format(time.RFC3339),
			Items: []listedItemJSON{}}
		for _, n := range slices.Sorted(maps.Keys(m.Items)) {
			mj.Items = append(mj.Items, listedItemJSON{Number: n, MessageID: items[m.Items[n]]})
		}
		out.Meetings = append(out.Meetings, mj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeMarkdown writes the notebook as Markdown (digest.Markdown), its
// stored text cleaned for the terminal it may be printed on.
func writeMarkdown(w io.Writer, nb preread.Notebook, zone func(string) *time.Location) error {
	_, err := io.WriteString(w, digest.Markdown(nb, digest.MarkdownOptions{Title: "preread notebook", Clean: clean, Zone: zone}))
	return err
}

// md is stored text as Markdown, cleaned for the terminal.
func md(s string) string { return digest.MarkdownText(s, clean) }
