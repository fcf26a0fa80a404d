package mailin

import (
	"context"
	"fmt"
	"html"
	"net/mail"
	"slices"
	"strings"

	"github.com/preread/preread"
)

// helpKind says which help a sender gets.
type helpKind int

const (
	unclassifiedHelp helpKind = iota // no tag: how to tag mail
	agendaHelp                       // an agenda item that fits no single pair: how to name the report
)

// help answers a known, authenticated sender whose message could not be
// filed, once: unclassified mail gets one reply a day, an ambiguous agenda
// item one reply per message. Nothing is filed.
func (c *Classifier) help(ctx context.Context, in inbound, p preread.Processed, problem string, kind helpKind) (preread.Processed, error) {
	p = ignored(p, "%s", problem)
	if c.Renderer == nil {
		return p, nil
	}
	token, err := c.Lookup.Token(ctx, in.sender.Email)
	if err != nil {
		return p, err
	}
	status := c.Mailbox.Build(preread.SubAddress{Kind: "status", Token: token})
	agenda := c.Mailbox.Build(preread.SubAddress{Kind: "agenda", Token: token})
	e := preread.Email{Kind: preread.KindHelp, To: in.sender.Email, Date: c.now(),
		Subject: "Re: " + in.msg.Subject, InReplyTo: in.msg.MessageID}
	if in.msg.MessageID != "" {
		e.References = append(slices.Clone(in.msg.References), in.msg.MessageID)
	}
	var body string
	switch kind {
	case agendaHelp:
		e.Period = p.Key
		body = fmt.Sprintf("Hi %s,\n\npreread could not file your agenda item: %s.\n\n"+
			"To add a topic for a report's next 1:1, name them in one of these ways:\n"+
			"- start the subject with \"AGENDA for Alice: \"\n"+
			"- or write to %s\n"+
			"- or copy the report on the email.\n\n"+
			"Please send it again; nothing was filed.\n", in.sender.FirstName(), problem,
			c.Mailbox.Build(preread.SubAddress{Kind: "agenda", Token: token, Report: "alice"}))
	default:
		e.Period = preread.DateOf(c.now().In(in.sender.TimeZone)).String()
		body = fmt.Sprintf("Hi %s,\n\npreread could not tell what your email was for, so it was not filed.\n\n"+
			"- Daily status: reply to the daily prompt, or write to %s\n"+
			"  (or start the subject with [STATUS]).\n"+
			"- A topic for your next 1:1: write or forward it to %s\n"+
			"  (or start the subject with [AGENDA]).\n\n"+
			"Save both addresses as contacts. You get this reply at most once a day.\n",
			in.sender.FirstName(), status, agenda)
	}
	e.Text = body
	e.HTML = textToHTML(body)
	r, err := c.Renderer.Render(e)
	if err != nil {
		return p, err
	}
	p.Reply = &r
	return p, nil
}

// textToHTML is the HTML part of a plain reply (help, a question): a whole
// document, the text escaped, line breaks and indentation kept, inline
// styles only.
func textToHTML(text string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>preread</title></head>` +
		`<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222">`)
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString(`<p style="margin:0 0 12px 0;white-space:pre-wrap" dir="auto">`)
		b.WriteString(html.EscapeString(para))
		b.WriteString("</p>")
	}
	b.WriteString("</body></html>")
	return b.String()
}

// addressesOf lists the addresses of a header field, lower case.
func addressesOf(list []*mail.Address) []string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, preread.CanonicalAddress(a.Address))
	}
	return out
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
