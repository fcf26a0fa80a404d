package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"mime/quotedprintable"
	"strings"
	"time"
)

// draft is one email a person writes in the demo, before their mail
// program lays it out.
type draft struct {
	fromName, from string    // the author
	to             string    // the address they send to
	subject        string    // "Re: …" already added for a reply
	date           time.Time // in the author's time zone
	body           string    // what they wrote, LF line ends
	signature      string    // their signature block, "" for none
	replyTo        *sentMail // the email they answer, quoted below; nil for a new one
	forward        *forwardedMail
}

// forwardedMail is the message a person forwards.
type forwardedMail struct {
	fromName, from, to string
	date               time.Time
	subject, body      string
}

// mailClient lays a draft out the way one mail program does: headers,
// MIME structure, the attribution line above the quote, the signature.
type mailClient struct {
	name        string
	replyPrefix string // what it puts before the subject of a reply
	write       func(d draft) string
}

// The mail programs the demo's people use.
var (
	gmail       = mailClient{"Gmail", "Re: ", writeGmail}
	outlookHTML = mailClient{"Outlook, HTML only", "RE: ", writeOutlookHTML}
	thunderbird = mailClient{"Thunderbird", "Re: ", writeThunderbird}
	appleMail   = mailClient{"Apple Mail", "Re: ", writeAppleMail}
	iPhoneMail  = mailClient{"iPhone", "Re: ", writeIPhone}
	exchangeOOO = mailClient{"Exchange auto-reply", "", writeOutOfOffice}
	bulkMailer  = mailClient{"bulk mailer", "", writeNewsletter}
)

// compose returns the raw bytes of d as written by client, with CRLF line
// ends as on the wire, and its Message-ID.
func compose(client mailClient, d draft) ([]byte, string) {
	text := client.write(d)
	id := headerOf(text, "Message-ID")
	return []byte(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")), id
}

// headerOf finds a header field in the text of a message we wrote.
func headerOf(text, name string) string {
	head, _, _ := strings.Cut(text, "\n\n")
	for _, line := range strings.Split(head, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// msgID makes a Message-ID in a client's style from what the draft says,
// so the same week gives the same IDs.
func msgID(d draft, format string) string {
	sum := sha256.Sum256([]byte(d.from + "\x00" + d.date.String() + "\x00" + d.subject))
	return fmt.Sprintf(format, strings.ToUpper(hex.EncodeToString(sum[:12])))
}

// threadHeaders are In-Reply-To and References for a reply (RFC 5322 §3.6.4).
func threadHeaders(d draft) string {
	if d.replyTo == nil || d.replyTo.MessageID == "" {
		return ""
	}
	return "In-Reply-To: " + d.replyTo.MessageID + "\nReferences: " + d.replyTo.MessageID + "\n"
}

func quoteLines(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// htmlLines lays out plain text as Gmail's editor does: a div per line.
func htmlLines(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if l == "" {
			b.WriteString("<div><br></div>")
		} else {
			b.WriteString("<div>" + html.EscapeString(l) + "</div>")
		}
	}
	return b.String()
}

func writeGmail(d draft) string {
	var text, htm strings.Builder
	text.WriteString(d.body + "\n")
	htm.WriteString(`<div dir="ltr">` + htmlLines(d.body))
	if d.signature != "" {
		text.WriteString("\n-- \n" + d.signature + "\n")
		htm.WriteString(`<br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br>` +
			`<div dir="ltr" class="gmail_signature">` + htmlLines(d.signature) + `</div>`)
	}
	htm.WriteString("</div>")
	switch {
	case d.forward != nil:
		f := d.forward
		head := fmt.Sprintf("---------- Forwarded message ---------\nFrom: %s <%s>\nDate: %s\nSubject: %s\nTo: %s\n",
			f.fromName, f.from, f.date.Format("Mon, Jan 2, 2006 at 3:04 PM"), f.subject, f.to)
		text.WriteString("\n" + head + "\n\n" + f.body + "\n")
		htm.WriteString(`<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">` +
			strings.ReplaceAll(html.EscapeString(head), "\n", "<br>") + `</div><br><br>` + htmlLines(f.body) + `</div>`)
	case d.replyTo != nil:
		attr := fmt.Sprintf("On %s %s wrote:", d.replyTo.Date.In(d.date.Location()).Format("Mon, Jan 2, 2006 at 3:04 PM"), d.replyTo.From)
		text.WriteString("\n" + attr + "\n\n" + quoteLines(d.replyTo.Text) + "\n")
		htm.WriteString(`<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">` + html.EscapeString(attr) +
			`<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">` +
			htmlLines(d.replyTo.Text) + `</blockquote></div>`)
	}
	const boundary = "000000000000a1b2c3d4e5f60718"
	return fmt.Sprintf(`MIME-Version: 1.0
Date: %s
Message-ID: %s
%sSubject: %s
From: %s <%s>
To: %s
Content-Type: multipart/alternative; boundary="%[8]s"

--%[8]s
Content-Type: text/plain; charset="UTF-8"

%[9]s
--%[8]s
Content-Type: text/html; charset="UTF-8"

%[10]s

--%[8]s--
`, d.date.Format(time.RFC1123Z), msgID(d, "<CAF%s@mail.gmail.com>"), threadHeaders(d), d.subject,
		d.fromName, d.from, d.to, boundary, text.String(), htm.String())
}

// writeOutlookHTML is Outlook on Windows sending HTML only: the reply on
// top, Outlook's header block over the original below a rule, encoded
// quoted-printable.
func writeOutlookHTML(d draft) string {
	var b strings.Builder
	b.WriteString(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">` +
		`<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head>` +
		`<body dir="ltr"><div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">`)
	for _, para := range strings.Split(d.body, "\n\n") {
		b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(para), "\n", "<br>") + "</p><p><br></p>")
	}
	b.WriteString("</div>")
	if d.signature != "" {
		b.WriteString(`<div id="Signature"><p style="color:#555">` + strings.ReplaceAll(html.EscapeString(d.signature), "\n", "<br>") + "</p></div>")
	}
	if r := d.replyTo; r != nil {
		b.WriteString(`<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">` +
			`<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">` +
			"<b>From:</b> " + html.EscapeString(r.From) + "<br><b>Sent:</b> " + r.Date.In(d.date.Location()).Format("Monday, January 2, 2006 3:04 PM") +
			"<br><b>To:</b> " + html.EscapeString(d.fromName+" <"+d.from+">") + "<br><b>Subject:</b> " + html.EscapeString(r.Subject) +
			"</font><div>&nbsp;</div></div>")
		b.WriteString(`<div class="BodyFragment"><font size="2"><span style="font-size:11pt;"><div class="PlainText">` +
			strings.ReplaceAll(html.EscapeString(strings.TrimRight(r.Text, "\n")), "\n", "<br>\n") + "</div></span></font></div>")
	}
	b.WriteString("</body></html>")
	var qp strings.Builder
	w := quotedprintable.NewWriter(&qp)
	w.Write([]byte(b.String()))
	w.Close()
	return fmt.Sprintf(`From: %s <%s>
To: %s
Subject: %s
Thread-Topic: %s
Thread-Index: AdtDemo%s
Date: %s
Message-ID: %s
%sAccept-Language: en-GB, en-US
Content-Language: en-GB
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
MIME-Version: 1.0

%s
`, d.fromName, d.from, d.to, d.subject, strings.TrimPrefix(d.subject, "RE: "), msgID(d, "%s")[:12],
		d.date.Format(time.RFC1123Z), msgID(d, "<AM9PR04MB%s@AM9PR04MB8227.eurprd04.prod.outlook.com>"),
		threadHeaders(d), qp.String())
}

// writeThunderbird is Thunderbird in plain text (format=flowed), replying
// below the quote, as its default is.
func writeThunderbird(d draft) string {
	var b strings.Builder
	if r := d.replyTo; r != nil {
		fmt.Fprintf(&b, "On %s, %s wrote:\n%s\n\n", r.Date.In(d.date.Location()).Format("02/01/2006 15:04"), r.FromName, quoteLines(r.Text))
	}
	b.WriteString(d.body + "\n")
	if d.signature != "" {
		b.WriteString("\n-- \n" + d.signature + "\n")
	}
	return fmt.Sprintf(`Message-ID: %s
Date: %s
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: en-GB
To: %s
From: %s <%s>
%sSubject: %s
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

%s`, msgID(d, "<%s@corp.example>"), d.date.Format(time.RFC1123Z), d.to, d.fromName, d.from, threadHeaders(d), d.subject, b.String())
}

// writeAppleMail is Apple Mail on a Mac: plain text, the quote with its
// attribution line inside it.
func writeAppleMail(d draft) string {
	return appleMessage(d, "Apple Mail (2.3826.300.87.4.3)", "1.0 (Mac OS X Mail 16.0 \\(3826.300.87.4.3\\))", "")
}

// writeIPhone is Mail on an iPhone: "Sent from my iPhone", its default
// signature, under the text in place of the person's own.
func writeIPhone(d draft) string {
	d.signature = ""
	return appleMessage(d, "iPhone Mail (22B91)", "1.0", "Sent from my iPhone")
}

func appleMessage(d draft, mailer, mimeVersion, sentFrom string) string {
	var b strings.Builder
	b.WriteString(d.body + "\n")
	if d.signature != "" {
		b.WriteString("\n" + d.signature + "\n")
	}
	if sentFrom != "" {
		b.WriteString("\n" + sentFrom + "\n")
	}
	if r := d.replyTo; r != nil {
		fmt.Fprintf(&b, "\n> On %s, %s wrote:\n>\n%s\n", r.Date.In(d.date.Location()).Format("2 Jan 2006, at 15:04"), r.From, quoteLines(r.Text))
	}
	return fmt.Sprintf(`From: %s <%s>
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
Mime-Version: %s
Subject: %s
Message-Id: %s
Date: %s
%sTo: %s
X-Mailer: %s

%s`, d.fromName, d.from, mimeVersion, d.subject, msgID(d, "<%s-APPLE@corp.example>"), d.date.Format(time.RFC1123Z),
		threadHeaders(d), d.to, mailer, b.String())
}

// writeOutOfOffice is an Exchange out-of-office reply. It goes to the
// envelope sender and says what it is (Auto-Submitted, RFC 3834 §5).
func writeOutOfOffice(d draft) string {
	return fmt.Sprintf(`From: %s <%s>
To: %s
Subject: Automatic reply: %s
Date: %s
Message-ID: %s
%sAuto-Submitted: auto-replied
X-Auto-Response-Suppress: All
Content-Type: text/plain; charset="us-ascii"
MIME-Version: 1.0

%s
`, d.fromName, d.from, d.to, d.replyTo.Subject, d.date.Format(time.RFC1123Z),
		msgID(d, "<TYCPR01MB%s@TYCPR01MB8213.jpnprd01.prod.outlook.com>"), threadHeaders(d), d.body)
}

// writeNewsletter is bulk mail from outside that found the mailbox.
func writeNewsletter(d draft) string {
	return fmt.Sprintf(`From: %s <%s>
To: %s
Subject: %s
Date: %s
Message-ID: %s
Precedence: bulk
List-Unsubscribe: <https://news.vendor.example/unsubscribe?u=8812>
List-Id: <weekly.news.vendor.example>
Content-Type: text/plain; charset="utf-8"
MIME-Version: 1.0

%s
`, d.fromName, d.from, d.to, d.subject, d.date.Format(time.RFC1123Z), msgID(d, "<%s@news.vendor.example>"), d.body)
}
