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
func Prompt(p preread.Person, day preread.Date, addr Addresses, manager string) preread.Email {
	when := day.In(p.TimeZone, preread.Clock{Hour: 12}).Format("Mon 2 Jan")
	var b strings.Builder
	fmt.Fprintf(&b, "Hi %s,\n\nWhat are you working on? Reply to this email; a few lines are enough.\n\n", p.FirstName())
	b.WriteString("Yesterday:\nToday:\nBlockers:\n\n")
	topics := "your next 1:1"
	if manager != "" {
		topics = "your next 1:1 with " + manager
	}
	fmt.Fprintf(&b, "A topic for %s? Write or forward it any time to\n%s\n", topics, addr.Agenda)
	b.WriteString("(add #growth, #feedback, #help, #offer or #idea if you like).\n")
	text := b.String()
	return preread.Email{
		Kind: preread.KindPrompt, To: p.Email, Period: day.String(),
		Subject: fmt.Sprintf("[STATUS] What are you working on? (%s)", when),
		ReplyTo: addr.Status, Text: text, HTML: noticeHTML(text),
	}
}

// Welcome introduces preread to someone new in the directory.
func Welcome(p preread.Person, addr Addresses, teams []string, manager string) preread.Email {
	var b strings.Builder
	fmt.Fprintf(&b, "Hi %s,\n\n", p.FirstName())
	b.WriteString("Your team uses preread to keep status out of 1:1 meetings. Status lives in\n" +
		"writing: a short daily email. Your 1:1 is then spent on your own agenda:\n" +
		"growth, feedback, help, and ideas.\n\n")
	fmt.Fprintf(&b, "Every workday (%s) at %s your time you get a short prompt:\n", p.Workdays, p.PromptAt)
	b.WriteString("just reply with what you did, what you're doing, and what blocks you.\n")
	if len(teams) > 0 {
		fmt.Fprintf(&b, "Your team (%s) gets one digest of everyone's replies.\n", strings.Join(teams, ", "))
	}
	b.WriteString("\nSave these two addresses as contacts:\n\n")
	fmt.Fprintf(&b, "  preread status: %s\n  preread agenda: %s\n\n", addr.Status, addr.Agenda)
	who := "your manager"
	if manager != "" {
		who = manager
	}
	fmt.Fprintf(&b, "Whenever you think of something for your next 1:1, write or forward it to\n"+
		"the agenda address. The workday before the meeting, %s gets a pre-read\n"+
		"with your topics, and may ask you about them before you meet.\n\n", who)
	b.WriteString("Tagging: a subject starting with [STATUS] or [AGENDA] works from any\n" +
		"address of yours too. Add #growth, #feedback, #help, #offer or #idea to\n" +
		"say what kind of topic it is.\n\n")
	b.WriteString("Away? Ask whoever runs preread to add your away dates; you then get no\n" +
		"prompts, and the digest shows you as away, not missing.\n\n" +
		"The addresses above are personal: don't share them.\n")
	text := b.String()
	return preread.Email{Kind: preread.KindWelcome, To: p.Email, Period: "welcome",
		Subject: "Welcome to preread: status by email, and your 1:1 agenda", ReplyTo: addr.Status,
		Text: text, HTML: noticeHTML(text)}
}

// NewAddresses tells someone their addresses changed (rotate-token).
func NewAddresses(p preread.Person, addr Addresses, token string) preread.Email {
	text := fmt.Sprintf("Hi %s,\n\nYour personal preread addresses have changed. Please update your contacts:\n\n"+
		"  preread status: %s\n  preread agenda: %s\n\n"+
		"Mail to your old addresses is no longer accepted.\n", p.FirstName(), addr.Status, addr.Agenda)
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
