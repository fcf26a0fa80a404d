package mailin

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
	"github.com/preread/preread/mailin/quote"
)

// fileStatus files a status reply for the author's workday: the prompt's
// day when it answers one, else the day it was written.
func (c *Classifier) fileStatus(_ context.Context, in inbound, p preread.Processed, promptDay string) (preread.Processed, error) {
	text := in.body.written
	if text == "" {
		if quote.OnlyQuoted(in.msg.Text) {
			return c.help(in, p, "the reply holds only the quoted email, nothing of its own", preread.ReplyOnlyQuote), nil
		}
		return ignored(p, "empty status reply"), nil
	}
	day, err := preread.ParseDate(promptDay)
	if err != nil {
		day = c.workday(in.sender, in.msg.Date, in.received)
	}
	entry := &preread.StatusEntry{Person: in.sender.Email, Date: day, Text: text, MessageID: in.msg.MessageID}
	if s := in.body.sections; in.body.sectioned {
		entry.Yesterday, entry.Today, entry.Blockers = s.Yesterday, s.Today, s.Blockers
	}
	p.Outcome, p.Status, p.Kind = preread.OutcomeFiled, entry, preread.AddressStatus
	return p, nil
}

// fileAgenda files an agenda item on the pair it belongs to. A forward
// files the forwarded message, with the forwarder's note kept beside it.
func (c *Classifier) fileAgenda(ctx context.Context, in inbound, p preread.Processed, subject, named string) (preread.Processed, error) {
	item := &preread.AgendaItem{From: in.sender.Email, Subject: subject, State: preread.ItemOpen, MessageID: in.msg.MessageID}
	if note, fwd, ok := forwarded(in.msg); ok {
		item.Text, item.Note = fwd.Text, note
		item.Forwarded = &preread.Forwarded{From: fwd.From, Date: fwd.Date, Subject: fwd.Subject}
		if item.Subject == "" {
			item.Subject = fwd.Subject
		}
	} else {
		item.Text = in.body.written
	}
	if named == "" {
		named = c.nameInText(item)
	}
	pair, problem := c.route(in, named)
	if problem != "" {
		return c.help(in, p, problem, preread.ReplyNameReport), nil
	}
	item.Manager, item.Report = pair.Manager, pair.Report
	if names := namedAttachments(in.msg.Attachments); len(names) > 0 {
		// Files are not kept; their names say what the item came with.
		item.Text = strings.TrimSpace(item.Text + "\n\nAttached: " + strings.Join(names, ", "))
	}
	item.Category = Categorize(item.Subject, item.Text+"\n"+item.Note)
	item.Subject, item.Text = StripHashtags(item.Subject), StripHashtags(item.Text)
	if item.Text == "" {
		item.Text = item.Subject
	}
	if item.Text == "" {
		return ignored(p, "empty agenda item"), nil
	}
	p.Outcome, p.Agenda, p.Kind = preread.OutcomeFiled, item, preread.AddressAgenda
	return p, nil
}

// nameInText finds "AGENDA for Alice: …" in the subject or the first line,
// and takes that prefix off.
func (c *Classifier) nameInText(item *preread.AgendaItem) string {
	if name, rest, ok := NamedReport(item.Subject); ok {
		item.Subject = rest
		return name
	}
	first, more, _ := strings.Cut(item.Text, "\n")
	if name, rest, ok := NamedReport(first); ok {
		item.Text = strings.TrimSpace(rest + "\n" + more)
		return name
	}
	return ""
}

// forwardLine matches the line clients put above a forwarded message.
var forwardLine = regexp.MustCompile(`(?im)^\s*(-{2,}.*(forward|weitergeleitet|transf[ée]r|reenviado|inoltrato|doorgestuurd|original message|ursprüngliche nachricht|message d'origine).*-{2,}|begin forwarded message:|début du message réexpédié|anfang der weitergeleiteten nachricht)`)

// forwarded splits a forward into the forwarder's note and the original.
// A quoted Outlook header block alone is also what a plain reply looks
// like, so it counts only when the subject says Fwd: or a marker line
// says forwarded.
func forwarded(m *message.Message) (note string, fwd quote.Forward, ok bool) {
	_, _, fwdSubject := SubjectTag(m.Subject)
	if !fwdSubject && !forwardLine.MatchString(m.Text) {
		return "", quote.Forward{}, false
	}
	return quote.SplitForward(m.Text)
}

// namedAttachments are the attachments worth naming on an agenda item:
// files with a name, not the images a signature or a client's HTML
// carries (image001.png) nor parts known only by their type.
func namedAttachments(all []string) []string {
	var out []string
	for _, a := range all {
		if strings.Contains(a, "/") || inlineImage.MatchString(a) || slices.Contains(out, a) {
			continue
		}
		out = append(out, a)
	}
	return out
}

var inlineImage = regexp.MustCompile(`(?i)^(image|inline|att|outlook)[-_]?\d*\.(png|jpe?g|gif|bmp)$|^smime\.p7s$`)
