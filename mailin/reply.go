package mailin

import (
	"fmt"
	"time"

	"github.com/preread/preread"
)

// fileReply files a reply to one of our emails about a pair (a pre-read,
// a follow-up, a question, the notebook, a review pre-read) in the pair's
// notebook: DONE n closes the agenda items the meeting's pre-read numbered,
// DONE An closes action items, ACTION and TODO lines raise action items,
// and the rest is text. In a reply to a follow-up the text is a note of
// that meeting; otherwise it is a note on the pair, and a manager's note on
// a pre-read goes on to the report as a question, so it can be answered
// before the meeting. Only the two of the pair may write to it.
func (c *Classifier) fileReply(in inbound, p preread.Processed, sent preread.Email) preread.Processed {
	p.Kind = preread.AddressReply
	manager, report, what, ok := preread.ParsePairPeriod(sent.Period)
	if !ok {
		return ignored(p, "reply to an email of ours that names no pair")
	}
	pair := preread.Pair{Manager: manager, Report: report}
	if !pair.Has(in.sender.Email) {
		p.Outcome, p.Reason = preread.OutcomeRejected,
			"reply from "+in.sender.Email+", who is not in the 1:1 of "+manager+" and "+report+": only the two of a pair write to its notebook"
		p.Due = c.notice(in.msg, p, in.sender, "it answered an email about a 1:1 you are not in, so nothing was filed: "+
			"only the two people of a 1:1 write to its notebook")
		return p
	}
	// Due dates are days in the manager's zone (where "overdue" is judged),
	// counted from when the reply was written.
	zone := in.sender.TimeZone
	if m, ok := c.Directory.Person(manager); ok && m.TimeZone != nil {
		zone = m.TimeZone
	}
	today := preread.DateOf(c.written(in.msg.Date, in.received).In(zone))
	r := readReplyLines(in.body.written, in.sender.Email, today, c.pairMember(pair))
	var meeting time.Time
	if sent.Kind == preread.KindPreread || sent.Kind == preread.KindFollowup {
		meeting, _ = time.Parse(time.RFC3339, what)
	}
	if len(r.done) > 0 && !meeting.IsZero() {
		p.Done = &preread.Done{Manager: manager, Report: report, Meeting: meeting, Numbers: r.done, By: in.sender.Email}
	}
	if len(r.closed) > 0 {
		p.CloseActions = &preread.CloseActions{Manager: manager, Report: report, Numbers: r.closed, By: in.sender.Email}
	}
	for _, a := range r.actions {
		p.Actions = append(p.Actions, preread.ActionItem{Manager: manager, Report: report, From: in.sender.Email,
			Owner: a.owner, Text: a.text, Due: a.due, Meeting: meeting, State: preread.ActionOpen, MessageID: in.msg.MessageID})
	}
	if len(r.done) > 0 && meeting.IsZero() {
		p.Due = c.notice(in.msg, p, in.sender, "DONE with an item's number closes the items of a pre-read or a follow-up, "+
			"so it works in a reply to one of those; an action item closes with its A-number (DONE A2) in any reply")
	}
	if r.over > 0 {
		p.Due = c.notice(in.msg, p, in.sender, fmt.Sprintf("it raised %d action items; a reply raises at most %d, "+
			"so the other %d lines were kept as text: send them again in another reply if they are action items", maxActions+r.over, maxActions, r.over))
	}
	if r.rest == "" {
		if p.Done == nil && p.CloseActions == nil && len(p.Actions) == 0 {
			return ignored(p, "empty reply")
		}
		p.Outcome = preread.OutcomeFiled
		return p
	}
	p.Outcome = preread.OutcomeFiled
	if sent.Kind == preread.KindFollowup {
		p.MeetingNote = &preread.MeetingNote{Manager: manager, Report: report, From: in.sender.Email, Meeting: meeting,
			Text: r.rest, MessageID: in.msg.MessageID}
		return p
	}
	p.Note = &preread.Note{Manager: manager, Report: report, From: in.sender.Email, Text: r.rest, MessageID: in.msg.MessageID}
	if sent.Kind == preread.KindPreread && in.sender.Email == manager {
		p.Due = &preread.ReplyDue{Kind: preread.ReplyQuestion, To: report, Note: p.Note, Meeting: meeting,
			Answers: answered(in.msg, p.Key), At: c.now()}
	}
	return p
}

// pairMember says which of the pair a name written in a reply means: a
// name, first name, address or its local part of the manager or the
// report; "" for anyone else.
func (c *Classifier) pairMember(pair preread.Pair) func(name string) string {
	return func(name string) string {
		for _, addr := range []string{pair.Manager, pair.Report} {
			if c.names(addr, name) {
				return addr
			}
		}
		return ""
	}
}
