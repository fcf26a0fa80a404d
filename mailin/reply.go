package mailin

import (
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
func (c *Classifier) fileReply(in inbound, p preread.Processed, sent preread.Email) preread.Processed {
	p.Kind = preread.AddressReply
	manager, report, what, ok := preread.ParsePairPeriod(sent.Period)
	if !ok {
		return ignored(p, "reply to an email of ours that names no pair")
	}
	if in.sender.Email != manager && in.sender.Email != report {
		return ignored(p, "reply from %s, who is not in the pair %s:%s", in.sender.Email, manager, report)
	}
	numbers, text := splitDone(quote.Written(in.msg.Text))
	meeting, err := time.Parse(time.RFC3339, what)
	if sent.Kind == preread.KindPreread && len(numbers) > 0 && err == nil {
		p.Done = &preread.Done{Manager: manager, Report: report, Meeting: meeting, Numbers: numbers}
	}
	if text == "" {
		if p.Done == nil {
			return ignored(p, "empty reply")
		}
		p.Outcome = preread.OutcomeFiled
		return p
	}
	p.Outcome = preread.OutcomeFiled
	p.Note = &preread.Note{Manager: manager, Report: report, From: in.sender.Email, Text: text, MessageID: in.msg.MessageID}
	if sent.Kind == preread.KindPreread && in.sender.Email == manager {
		p.Due = &preread.ReplyDue{Kind: preread.ReplyQuestion, To: report, Note: p.Note, Meeting: meeting,
			Answers: answered(in.msg, p.Key), At: c.now()}
	}
	return p
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
