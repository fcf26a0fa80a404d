package digest

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/preread/preread"
)

// digestView is what a team digest says, ready for the text and HTML
// layouts. Every string in it is plain text; the HTML template escapes it.
type digestView struct {
	Subject  string
	Team     string
	Day      string // "Tue 24 Nov 2026"
	Blockers []blockerView
	Updates  []memberView // members who replied, in the team's order
	Missing  []string     // expected to reply and did not
	Away     []string     // away that day and did not reply
	Footer   string
}

// blockerView is one member's blockers of the day.
type blockerView struct {
	Name   string
	Streak int // workdays in a row with a blocker; shown as "day N" from 2
	Texts  []block
}

// StreakNote is "day 3" for a blocker reported three workdays running,
// and "" for a new one.
func (b blockerView) StreakNote() string {
	if b.Streak < 2 {
		return ""
	}
	return "day " + strconv.Itoa(b.Streak)
}

// memberView is one member's replies of the day.
type memberView struct {
	Name    string
	Entries []entryView
}

// entryView is one reply: its Yesterday and Today sections, or its free
// text as a single unlabelled section.
type entryView struct {
	At          string // "At 14:30" or "Update 2", when the member replied more than once
	Sections    []section
	BlockerOnly bool // the reply had only a blocker, listed at the top
	Cut         bool // some of it is only in the notebook
}

// section is a labelled part of a reply; Label is "" for free text.
type section struct {
	Label string
	Text  block
}

// TeamDigest renders the digest of d for one reader: blockers first, then
// each member's update, then who has not replied and who is away. Times
// are shown in the reader's time zone (else the team's).
func TeamDigest(d TeamDay, reader preread.Person, addr Addresses) preread.Email {
	v := buildDigest(d, firstLoc(reader.TimeZone, d.Team.TimeZone))
	return preread.Email{
		Kind:    preread.KindDigest,
		To:      reader.Email,
		ReplyTo: addr.Status, // a reply is the reader's status for the digest's day
		Period:  DigestPeriod(d.Team.Name, d.Date),
		Subject: v.Subject,
		Text:    digestText(v),
		HTML:    renderHTML("digest", v),
	}
}

// buildDigest decides what the digest of d says, with times in loc.
func buildDigest(d TeamDay, loc *time.Location) digestView {
	v := digestView{
		Team: headerText(d.Team.Name),
		Day:  dayString(d.Date, longDayLayout),
	}
	v.Footer = "The " + v.Team + " team's daily digest from preread. " + digestFooter
	replies := 0
	for _, m := range d.Members {
		name := personName(m.Person)
		switch {
		case len(m.Entries) == 0 && m.Away:
			v.Away = append(v.Away, name)
			continue
		case len(m.Entries) == 0:
			v.Missing = append(v.Missing, name)
			continue
		}
		replies++
		if b := memberBlockers(m, name); len(b.Texts) > 0 {
			v.Blockers = append(v.Blockers, b)
		}
		mv := memberView{Name: name}
		for i, e := range m.Entries {
			ev := buildEntry(e)
			if len(m.Entries) > 1 {
				ev.At = entryTime(e, i, loc)
			}
			mv.Entries = append(mv.Entries, ev)
		}
		v.Updates = append(v.Updates, mv)
	}
	v.Subject = digestSubject(v.Team, d.Date, len(v.Blockers), replies)
	return v
}

// digestSubject is "[Platform] Status, Tue 24 Nov: 2 blockers", ending in
// "all clear" when nobody is blocked and "no updates yet" when nobody has
// replied.
func digestSubject(team string, day preread.Date, blockers, replies int) string {
	s := fmt.Sprintf("[%s] Status, %s", team, dayString(day, dayLayout))
	switch {
	case replies == 0:
		return s + ": no updates yet"
	case blockers == 0:
		return s + ": all clear"
	}
	return s + ": " + plural(blockers, "blocker", "blockers")
}

// memberBlockers lists what m reported as blocking them that day.
func memberBlockers(m Member, name string) blockerView {
	b := blockerView{Name: name, Streak: m.BlockerStreak}
	for _, e := range m.Entries {
		if t := newBlock(e.Blockers, blockerLimit); !t.Empty() {
			b.Texts = append(b.Texts, t)
		}
	}
	return b
}

// buildEntry lays out one reply within entryLimit characters in all.
func buildEntry(e preread.StatusEntry) entryView {
	var ev entryView
	parts := [][2]string{{"Yesterday", e.Yesterday}, {"Today", e.Today}}
	if e.Yesterday == "" && e.Today == "" {
		if e.Blockers != "" {
			ev.BlockerOnly = true
			return ev
		}
		parts = [][2]string{{"", e.Text}}
	}
	left := entryLimit
	for _, p := range parts {
		label, raw := p[0], p[1]
		if raw == "" {
			continue
		}
		if left == 0 {
			ev.Cut = true
			break
		}
		b := newBlock(raw, left)
		left -= min(utf8.RuneCountInString(b.Text), left)
		ev.Cut = ev.Cut || b.Cut
		if !b.Empty() {
			ev.Sections = append(ev.Sections, section{label, b})
		}
	}
	return ev
}

// entryTime labels the i-th of several replies of a day with the time it
// came, in loc.
func entryTime(e preread.StatusEntry, i int, loc *time.Location) string {
	if e.Created.IsZero() {
		return "Update " + strconv.Itoa(i+1)
	}
	return "At " + e.Created.In(loc).Format(clockLayout)
}

// personName is how emails name a person: their name, else their address.
func personName(p preread.Person) string {
	if n := headerText(p.Name); n != "" {
		return n
	}
	return headerText(p.Email)
}

// plural is "1 blocker" or "2 blockers".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
