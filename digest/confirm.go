package digest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/preread/preread"
)

// confirm answers a command by email with one line: what it did, or why it
// did nothing and how to write it. One per command message.
func confirm(due preread.ReplyDue, to preread.Person, dir preread.Directory) preread.Email {
	c := due.Command
	e := preread.Email{Kind: preread.KindConfirm, To: to.Email, Date: due.At, Period: due.Answers.Key,
		Subject: "Re: " + due.Answers.Subject, InReplyTo: due.Answers.MessageID}
	if strings.TrimSpace(due.Answers.Subject) == "" {
		e.Subject = "Re: " + c.Written
	}
	if due.Answers.MessageID != "" {
		e.References = append(slices.Clone(due.Answers.References), due.Answers.MessageID)
	}
	line := confirmLine(*c, to, dir)
	if c.Note != "" {
		line += "\n\nNote: " + c.Note + "."
	}
	e.Text = fmt.Sprintf("Hi %s,\n\n%s\n", to.FirstName(), line)
	e.HTML = replyHTML(e.Text)
	return e
}

// confirmLine is what a command did, in a sentence or two.
func confirmLine(c preread.Command, to preread.Person, dir preread.Directory) string {
	if !c.Done() {
		return fmt.Sprintf("Your command %q did nothing: %s.", c.Written, c.Problem)
	}
	switch c.Kind {
	case preread.CommandAway:
		return fmt.Sprintf("You're away %s: no prompts, the digest says away. Send BACK to end it early.", rangeString(c.Away))
	case preread.CommandBack:
		return "Welcome back: your daily prompts start again with the next one."
	case preread.CommandPause:
		return "Your daily prompts are paused until you send RESUME. The digest no longer lists you as missing."
	case preread.CommandResume:
		return "Your daily prompts start again with the next one."
	case preread.CommandSkip:
		who := c.With
		if p, ok := dir.Person(c.With); ok {
			who = p.FirstName()
		}
		loc := firstLoc(to.TimeZone, c.Meeting.Location())
		s := fmt.Sprintf("Your 1:1 with %s on %s is skipped: no pre-read for it.", who, c.Meeting.In(loc).Format(dayTimeLayout))
		if !c.Next.IsZero() {
			s += fmt.Sprintf(" The next one is on %s.", c.Next.In(loc).Format(dayTimeLayout))
		}
		return s
	}
	return fmt.Sprintf("Your command %q was done.", c.Written)
}

// rangeString writes days as people read them: "Mon 21 Dec – Fri 25 Dec",
// with the years when the range crosses one, or a single day.
func rangeString(r preread.DateRange) string {
	switch {
	case r.From == r.To:
		return dayString(r.From, dayLayout)
	case r.From.Year != r.To.Year:
		return dayString(r.From, longDayLayout) + " – " + dayString(r.To, longDayLayout)
	}
	return dayString(r.From, dayLayout) + " – " + dayString(r.To, dayLayout)
}
