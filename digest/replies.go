package digest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/preread/preread"
)

// Reply writes the reply an inbound message calls for. addr are the
// recipient's own addresses. It fails only when the directory does not
// know the people the reply names.
func Reply(due preread.ReplyDue, dir preread.Directory, addr Addresses) (preread.Email, error) {
	to, ok := dir.Person(due.To)
	if !ok {
		return preread.Email{}, fmt.Errorf("reply %s: %s is not in the directory", due.Kind, due.To)
	}
	switch due.Kind {
	case preread.ReplyHowToTag, preread.ReplyNameReport, preread.ReplyOnlyQuote, preread.ReplyNotice:
		return help(due, to, addr), nil
	case preread.ReplyConfirm:
		if due.Command == nil {
			return preread.Email{}, fmt.Errorf("reply %s to %s: no command to confirm", due.Kind, due.To)
		}
		return confirm(due, to, dir), nil
	case preread.ReplyCalendar:
		return calendarHelp(due, to, addr), nil
	case preread.ReplyFollows:
		if due.Follows == nil {
			return preread.Email{}, fmt.Errorf("reply %s to %s: nothing to confirm", due.Kind, due.To)
		}
		return follows(due, to, dir, addr)
	case preread.ReplyQuestion:
		if due.Note == nil {
			return preread.Email{}, fmt.Errorf("reply %s to %s: no note to pass on", due.Kind, due.To)
		}
		asker, ok := dir.Person(due.Note.From)
		if !ok {
			return preread.Email{}, fmt.Errorf("reply %s: %s is not in the directory", due.Kind, due.Note.From)
		}
		return passQuestion(due, to, asker, addr), nil
	}
	return preread.Email{}, fmt.Errorf("reply to %s: unknown kind %q", due.To, due.Kind)
}

// help answers a known, authenticated sender whose message could not be
// used, at their directory address. Its period, the recipient's day, keeps
// it to one help email or notice a day in all, whatever the reason.
func help(due preread.ReplyDue, to preread.Person, addr Addresses) preread.Email {
	e := preread.Email{Kind: preread.KindHelp, To: to.Email, Date: due.At,
		Period:  preread.DateOf(due.At.In(to.TimeZone)).String(),
		Subject: "Re: " + due.Answers.Subject, InReplyTo: due.Answers.MessageID}
	if strings.TrimSpace(due.Answers.Subject) == "" {
		e.Subject = "Your email to preread"
	}
	if due.Answers.MessageID != "" {
		e.References = append(slices.Clone(due.Answers.References), due.Answers.MessageID)
	}
	e.Text = fmt.Sprintf("Hi %s,\n\n%s\nYou get at most one such email a day.\n", to.FirstName(), helpText(due, addr))
	e.HTML = replyHTML(e.Text)
	return e
}

// helpText says why a message could not be used and what to do.
func helpText(due preread.ReplyDue, addr Addresses) string {
	switch due.Kind {
	case preread.ReplyNameReport:
		return fmt.Sprintf("preread could not file your agenda item: %s.\n\n"+
			"To add a topic for a report's next 1:1, name them in one of these ways:\n"+
			"- start the subject with \"AGENDA for Alice: \"\n"+
			"- or write to %s\n"+
			"- or copy the report on the email.\n\n"+
			"Please send it again; nothing was filed.\n", due.Problem, addr.agendaFor("alice"))
	case preread.ReplyOnlyQuote:
		return fmt.Sprintf("your reply held nothing of your own, only the email it answered, quoted, so\n"+
			"nothing was filed. Perhaps your mail program sent it before you wrote, or your\n"+
			"words went below the quote, where they look like part of it.\n\n"+
			"Write your status at the top of the reply, above the quoted email, and send it\n"+
			"again to %s.\n", addr.Status)
	case preread.ReplyNotice:
		return fmt.Sprintf("preread could not use your email: %s.\n\n"+
			"Your addresses are:\n- daily status: %s\n- topics for your 1:1: %s\n", due.Problem, addr.Status, addr.Agenda)
	}
	return fmt.Sprintf("preread could not tell what your email was for, so it was not filed.\n\n"+
		"- Daily status: reply to the daily prompt, or write to %s\n"+
		"  (or start the subject with [STATUS]).\n"+
		"- A topic for your next 1:1: write or forward it to %s\n"+
		"  (or start the subject with [AGENDA]).\n\n"+
		"Save both addresses as contacts.\n", addr.Status, addr.Agenda)
}

// passQuestion passes a manager's note on a pre-read on to the report; the
// report's reply to it is filed on the pair.
func passQuestion(due preread.ReplyDue, report, asker preread.Person, addr Addresses) preread.Email {
	n := due.Note
	when := "your next 1:1"
	if !due.Meeting.IsZero() {
		when = "your 1:1 on " + due.Meeting.In(report.TimeZone).Format("Mon 2 Jan 15:04")
	}
	text := fmt.Sprintf("Hi %s,\n\n%s read the pre-read for %s and asks:\n\n%s\n\n"+
		"Reply to this email to answer before the meeting. Your answer is kept in your\n"+
		"1:1 notebook and shows in the next pre-read.\n", report.FirstName(), asker.FirstName(), when, indent(n.Text))
	return preread.Email{
		Kind: preread.KindQuestion, To: report.Email, Period: preread.PairPeriod(n.Manager+":"+n.Report, due.Answers.Key),
		Subject: fmt.Sprintf("A question from %s before %s", asker.FirstName(), when),
		ReplyTo: addr.Reply, Text: text, HTML: replyHTML(text), Date: due.At,
	}
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
