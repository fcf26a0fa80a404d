package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"strings"

	"github.com/preread/preread"
)

// Prompt is the daily status prompt of one person for one workday. Its
// Reply-To is their status address, so a plain reply is filed as STATUS.
// planned is the Today of their latest status before day ("" for none): it
// is shown as "You planned: …", on one line and cut short, so yesterday is
// quick to write.
func Prompt(p preread.Person, day preread.Date, addr Addresses, manager, planned string) preread.Email {
	when := day.In(p.TimeZone, preread.Clock{Hour: 12}).Format("Mon 2 Jan")
	v := noticeView{Subject: fmt.Sprintf("[STATUS] What are you working on? (%s)", when)}
	v.add("Hi " + p.FirstName() + ",")
	v.add("What are you working on? Reply to this email; a few lines are enough.")
	if h := highlight(preread.StatusEntry{Today: planned}); !h.Empty() {
		v.add("You planned: " + h.Text)
	}
	v.add("Yesterday:", "Today:", "Blockers:")
	topics := "your next 1:1"
	if manager != "" {
		topics = "your next 1:1 with " + manager
	}
	v.add("A topic for "+topics+"? Write or forward it any time to", addr.Agenda,
		"(add #growth, #feedback, #help, #offer or #idea if you like).")
	return preread.Email{
		Kind: preread.KindPrompt, To: p.Email, Period: day.String(), Subject: v.Subject,
		ReplyTo: addr.Status, Text: v.text(), HTML: renderHTML("notice", v),
	}
}

// noticeView is a short email of paragraphs of lines, in the frame every
// email shares. Every string in it is plain text; the template escapes it.
type noticeView struct {
	Subject string
	Paras   [][]string
	Footer  string // none when empty
}

// add adds a paragraph of lines.
func (v *noticeView) add(lines ...string) { v.Paras = append(v.Paras, lines) }

// text lays out the plain-text part: each line wrapped at the line width.
func (v noticeView) text() string {
	var t textWriter
	for i, para := range v.Paras {
		if i > 0 {
			t.line("")
		}
		for _, l := range para {
			t.para("", "", l)
		}
	}
	return t.String()
}

// NewAddresses tells someone their addresses changed (rotate-token).
func NewAddresses(p preread.Person, addr Addresses, token string) preread.Email {
	calendar := ""
	if addr.Calendar != "" {
		calendar = fmt.Sprintf("  preread calendar: %s\n    (if your 1:1 invitations have your old calendar address as a guest,\n    replace it with this one)\n", addr.Calendar)
	}
	text := fmt.Sprintf("Hi %s,\n\nYour personal preread addresses have changed. Please update your contacts:\n\n"+
		"  preread status: %s\n  preread agenda: %s\n%s\n"+
		"Mail to your old addresses is no longer accepted.\n", p.FirstName(), addr.Status, addr.Agenda, calendar)
	// The period names the rotation by a hash of the token, never the token
	// itself: periods show in logs and in `preread outbox`.
	sum := sha256.Sum256([]byte(token))
	return preread.Email{Kind: preread.KindToken, To: p.Email, Period: "token/" + hex.EncodeToString(sum[:6]),
		Subject: "Your preread addresses have changed", ReplyTo: addr.Status, Text: text, HTML: noticeHTML(text)}
}

// noticeHTML is the HTML part of a short notice: the text, escaped, in
// paragraphs, inline styles only.
func noticeHTML(text string) string {
	return paragraphsHTML(text, "15px", `<p style="margin:0 0 14px 0" dir="auto">`,
		func(para string) string { return strings.ReplaceAll(html.EscapeString(para), "\n", "<br>") })
}

// replyHTML is the HTML part of a reply to someone's mail (help, a
// question): the text escaped, line breaks and indentation kept.
func replyHTML(text string) string {
	return paragraphsHTML(text, "14px", `<p style="margin:0 0 12px 0;white-space:pre-wrap" dir="auto">`, html.EscapeString)
}

// paragraphsHTML is a whole document of the text's paragraphs, each opened
// with open and escaped by escape, inline styles only.
func paragraphsHTML(text, fontSize, open string, escape func(string) string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>preread</title></head>` +
		`<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:` + fontSize +
		`;line-height:1.5;color:#222">`)
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString(open)
		b.WriteString(escape(para))
		b.WriteString("</p>")
	}
	b.WriteString("</body></html>")
	return b.String()
}
