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
	Missing  []string     // asked for this digest and did not reply
	Away     []string     // away that day and did not reply
	Footer   string
}

// blockerView is one member's blockers: those that stand at the end of
// their latest day (statusOfDay).
type blockerView struct {
	Name   string
	Streak int // workdays in a row with a blocker; shown as "day N" from 2
	Text   block
}

// StreakNote is "day 3" for a blocker reported three workdays running,
// and "" for a new one.
func (b blockerView) StreakNote() string {
	if b.Streak < 2 {
		return ""
	}
	return "day " + strconv.Itoa(b.Streak)
}

// memberView is one member's replies: the latest first, then the earlier
// ones, newest first.
type memberView struct {
	Name    string
	Entries []entryView
}

// entryView is one reply: its Yesterday and Today sections, or its free
// text as a single unlabelled section.
type entryView struct {
	At          string // "Latest, at 14:30" or "Earlier today, at 09:12", when the member replied more than once
	Earlier     bool   // a later reply speaks for the day
	Sections    []section
	BlockerOnly bool // the reply had only a blocker, listed at the top
	Unblocked   bool // the reply cleared the blockers of an earlier one
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
	w := d.views.write(d, firstLoc(reader.TimeZone, d.Team.TimeZone))
	return preread.Email{
		Kind:    preread.KindDigest,
		To:      reader.Email,
		ReplyTo: addr.Status, // a reply is the reader's status for the digest's day
		Period:  DigestPeriod(d.Team.Name, d.Date),
		Subject: w.subject,
		Text:    w.text,
		HTML:    w.html,
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
		case len(m.Entries) == 0 && m.Asked:
			v.Missing = append(v.Missing, name)
			continue
		case len(m.Entries) == 0:
			continue // not asked for this digest: nothing to say
		}
		replies++
		mv, b := buildMember(m, name, d.Date, loc)
		if !b.Text.Empty() {
			v.Blockers = append(v.Blockers, b)
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

// buildMember lays out m's replies, the latest first, and the blockers that
// stand after their latest day.
func buildMember(m Member, name string, day preread.Date, loc *time.Location) (memberView, blockerView) {
	latest, rest := latestDay(m.Entries)
	st := statusOfDay(latest)
	b := blockerView{Name: name, Streak: m.BlockerStreak, Text: newBlock(st.Blockers, blockerLimit)}
	mv := memberView{Name: name}
	several := len(m.Entries) > 1
	for i := len(latest) - 1; i >= 0; i-- {
		ev := buildEntry(latest[i], i == st.Source)
		ev.Unblocked = i == st.Cleared
		ev.Earlier = i < len(latest)-1
		if several {
			ev.At = entryLabel(latest[i], ev.Earlier, day, loc)
		}
		mv.Entries = append(mv.Entries, ev)
	}
	for i := len(rest) - 1; i >= 0; i-- {
		ev := buildEntry(rest[i], false)
		ev.Earlier = true
		ev.At = entryLabel(rest[i], true, day, loc)
		mv.Entries = append(mv.Entries, ev)
	}
	return mv, b
}

// buildEntry lays out one reply within entryLimit characters in all. Its
// blockers are listed at the top of the digest when listed is true, else
// they are a section of the reply.
func buildEntry(e preread.StatusEntry, listed bool) entryView {
	var ev entryView
	blockers := e.Blockers
	if listed {
		blockers = ""
	}
	parts := [][2]string{{"Yesterday", e.Yesterday}, {"Today", e.Today}, {"Blockers", blockers}}
	if e.Yesterday == "" && e.Today == "" {
		if listed {
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

// entryLabel names one of several replies: the latest or an earlier one,
// the workday it is for when that is not the digest's day, and the time it
// came in loc.
func entryLabel(e preread.StatusEntry, earlier bool, day preread.Date, loc *time.Location) string {
	label := "Latest"
	switch {
	case earlier && e.Date == day:
		label = "Earlier today"
	case earlier:
		label = "Earlier"
	}
	if e.Date != day {
		label += ", for " + dayString(e.Date, dayLayout)
	}
	if !e.Created.IsZero() {
		label += ", at " + e.Created.In(loc).Format(clockLayout)
	}
	return label
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
