package mailin

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/quote"
)

// fileReply files a reply to a pre-read or to a manager's question on the
// pair: DONE lines close the items they number, any other text becomes a
// note, and a manager's note on a pre-read goes on to the report as a
// question, so it can be answered before the meeting.
func (c *Classifier) fileReply(ctx context.Context, in inbound, p preread.Processed, sent preread.Email) (preread.Processed, error) {
	manager, report, what, ok := preread.ParsePairPeriod(sent.Period)
	if !ok {
		return ignored(p, "reply to an email of ours that names no pair"), nil
	}
	if in.sender.Email != manager && in.sender.Email != report {
		return ignored(p, "reply from %s, who is not in the pair %s:%s", in.sender.Email, manager, report), nil
	}
	numbers, text := splitDone(quote.Written(in.msg.Text))
	meeting, err := time.Parse(time.RFC3339, what)
	if sent.Kind == preread.KindPreread && len(numbers) > 0 && err == nil {
		p.Done = &preread.Done{Manager: manager, Report: report, Meeting: meeting, Numbers: numbers}
	}
	if text == "" {
		if p.Done == nil {
			return ignored(p, "empty reply"), nil
		}
		p.Outcome = preread.OutcomeFiled
		return p, nil
	}
	p.Outcome = preread.OutcomeFiled
	p.Note = &preread.Note{Manager: manager, Report: report, From: in.sender.Email, Text: text, MessageID: in.msg.MessageID}
	if sent.Kind == preread.KindPreread && in.sender.Email == manager && c.Renderer != nil {
		q, err := c.question(ctx, in, p, meeting)
		if err != nil {
			return p, err
		}
		p.Reply = &q
	}
	return p, nil
}

// question renders a manager's note as a question to the report; the
// report's reply to it is filed on the pair.
func (c *Classifier) question(ctx context.Context, in inbound, p preread.Processed, meeting time.Time) (preread.Rendered, error) {
	n := p.Note
	report, ok := c.Directory.Person(n.Report)
	if !ok {
		return preread.Rendered{}, fmt.Errorf("question: report %s is not in the directory", n.Report)
	}
	token, err := c.Lookup.Token(ctx, report.Email)
	if err != nil {
		return preread.Rendered{}, err
	}
	when := "your next 1:1"
	if !meeting.IsZero() {
		when = "your 1:1 on " + meeting.In(report.TimeZone).Format("Mon 2 Jan 15:04")
	}
	text := fmt.Sprintf("Hi %s,\n\n%s read the pre-read for %s and asks:\n\n%s\n\n"+
		"Reply to this email to answer before the meeting. Your answer is kept in your\n"+
		"1:1 notebook and shows in the next pre-read.\n", report.FirstName(), in.sender.FirstName(), when, indentQuote(n.Text))
	e := preread.Email{
		Kind: preread.KindQuestion, To: report.Email, Period: preread.PairPeriod(n.Manager+":"+n.Report, p.Key),
		Subject: fmt.Sprintf("A question from %s before %s", in.sender.FirstName(), when),
		ReplyTo: c.Mailbox.Build(preread.SubAddress{Kind: "reply", Token: token}),
		Text:    text, HTML: textToHTML(text), Date: c.now(),
	}
	return c.Renderer.Render(e)
}

func indentQuote(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

var doneLine = regexp.MustCompile(`(?i)^\s*done\s*:?\s*(#?\d+(?:\s*(?:,|&|\band\b|\s)\s*#?\d+)*)\s*[.!]?\s*$`)

// splitDone takes the "DONE 2" / "DONE 2, 5" lines out of a reply: the
// numbers they name, and the rest of the text.
func splitDone(text string) (numbers []int, rest string) {
	var keep []string
	for _, line := range strings.Split(text, "\n") {
		m := doneLine.FindStringSubmatch(line)
		if m == nil {
			keep = append(keep, line)
			continue
		}
		for _, f := range strings.FieldsFunc(m[1], func(r rune) bool { return r < '0' || r > '9' }) {
			if n, err := strconv.Atoi(f); err == nil && n > 0 && n < 10000 {
				numbers = append(numbers, n)
			}
		}
	}
	return numbers, strings.TrimSpace(strings.Join(keep, "\n"))
}
