package mailin

import (
	"mime"
	"net/textproto"
	"regexp"
	"strings"
	"unicode"

	"github.com/preread/preread/mailin/message"
)

// Automated reports machine mail that must never be filed or answered:
// auto-replies, bounces, complaint and read-receipt reports, list and bulk
// mail. reason is short, for a log or a Rejected folder: "auto-reply
// (Auto-Submitted: auto-replied)", "bounce (multipart/report)", "list mail
// (List-Id)". Headers decide first; the subject is the last resort.
func Automated(m *message.Message) (reason string, ok bool) {
	for _, check := range []func(*message.Message) string{
		autoSubmitted, precedenceHeader, autoReplyHeaders, listHeaderFields, nullReturnPath, reportType, daemonSender, automatedSubject,
	} {
		if reason := check(m); reason != "" {
			return reason, true
		}
	}
	return "", false
}

// headerValue returns the first value of a header field, trimmed.
func headerValue(m *message.Message, key string) (string, bool) {
	vs, ok := headerValues(m, key)
	if !ok || len(vs) == 0 {
		return "", ok
	}
	return strings.TrimSpace(vs[0]), true
}

// headerValues returns every value of a header field.
func headerValues(m *message.Message, key string) ([]string, bool) {
	vs, ok := m.Header[textproto.CanonicalMIMEHeaderKey(key)]
	if !ok {
		for k, v := range m.Header { // a Message built by hand may not use canonical keys
			if strings.EqualFold(k, key) {
				return v, true
			}
		}
	}
	return vs, ok
}

// headerWord returns the value before any parameters or comment, in lower
// case.
func headerWord(v string) string {
	v, _, _ = strings.Cut(v, ";")
	v, _, _ = strings.Cut(v, "(")
	return strings.ToLower(strings.TrimSpace(v))
}

// autoSubmitted: any Auto-Submitted other than "no" (RFC 3834 §5), in any
// of the fields: a "no" on top does not hide an "auto-replied" below.
func autoSubmitted(m *message.Message) string {
	vs, _ := headerValues(m, "Auto-Submitted")
	for _, v := range vs {
		switch w := headerWord(v); w {
		case "", "no":
		case "auto-replied":
			return "auto-reply (Auto-Submitted: " + w + ")"
		default:
			return "auto-generated (Auto-Submitted: " + printable(w) + ")"
		}
	}
	return ""
}

// precedenceHeader: Precedence bulk, list, junk or auto_reply in any of the
// fields (RFC 3834 §3.1.8 tells responders to skip them; mailing lists and
// vacation programs set them).
func precedenceHeader(m *message.Message) string {
	vs, _ := headerValues(m, "Precedence")
	for _, v := range vs {
		switch w := headerWord(v); w {
		case "bulk", "junk":
			return "bulk mail (Precedence: " + w + ")"
		case "list":
			return "list mail (Precedence: " + w + ")"
		case "auto_reply", "auto-reply":
			return "auto-reply (Precedence: " + w + ")"
		}
	}
	return ""
}

// printable cuts a header word to a short run of letters, digits and
// dashes, so a reason never carries the message's own text.
func printable(w string) string {
	w = strings.Map(func(r rune) rune {
		if r < 128 && (r == '-' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, w)
	if len(w) > 24 {
		w = w[:24] + "…"
	}
	return w
}

// autoReplyHeaders: the vendor headers auto-responders set. Outlook also sets
// X-Auto-Response-Suppress on some ordinary mail; the design lists it, so
// such mail is rejected too.
func autoReplyHeaders(m *message.Message) string {
	for _, key := range []string{"X-Autoreply", "X-Autorespond"} {
		if _, ok := headerValue(m, key); ok {
			return "auto-reply (" + key + ")"
		}
	}
	if _, ok := headerValue(m, "X-Auto-Response-Suppress"); ok {
		return "auto-generated (X-Auto-Response-Suppress)"
	}
	return ""
}

// listHeaderFields: mailing list mail (RFC 2919, RFC 2369, and the headers of
// list servers that predate them: ezmlm, fml).
func listHeaderFields(m *message.Message) string {
	for _, key := range []string{"List-Id", "List-Unsubscribe", "List-Post", "Mailing-List", "X-Mailing-List", "X-Ml-Name", "X-Mlserver"} {
		if _, ok := headerValue(m, key); ok {
			return "list mail (" + key + ")"
		}
	}
	return ""
}

// nullReturnPath: an empty Return-Path is the null reverse-path that only
// bounces and other notifications use (RFC 5321 §4.5.5).
func nullReturnPath(m *message.Message) string {
	if v, ok := headerValue(m, "Return-Path"); ok && strings.Trim(v, "<> \t") == "" {
		return "bounce (empty Return-Path)"
	}
	if _, ok := headerValue(m, "X-Failed-Recipients"); ok {
		return "bounce (X-Failed-Recipients)"
	}
	return ""
}

// reportType: a multipart/report (RFC 6522) is a delivery status notification,
// a feedback (complaint) report or a read receipt.
func reportType(m *message.Message) string {
	v, _ := headerValue(m, "Content-Type")
	if headerWord(v) != "multipart/report" {
		return ""
	}
	_, params, _ := mime.ParseMediaType(v)
	switch strings.ToLower(params["report-type"]) {
	case "feedback-report":
		return "complaint (multipart/report)"
	case "disposition-notification":
		return "read receipt (multipart/report)"
	}
	return "bounce (multipart/report)"
}

// daemonSender: mail from the mail system itself, from the null sender,
// or from an address that says no one reads replies to it.
func daemonSender(m *message.Message) string {
	if m.From == nil {
		return ""
	}
	addr := strings.ToLower(m.From.Address)
	local, _, _ := strings.Cut(addr, "@")
	switch local {
	case "":
		return "bounce (empty From)"
	case "mailer-daemon", "mailer_daemon", "mail-daemon", "postmaster", "post_master":
		return "bounce (From: " + local + ")"
	case "no-reply", "noreply", "no_reply", "do-not-reply", "donotreply", "do_not_reply":
		return "machine mail (From: " + local + ")"
	}
	return ""
}

var (
	autoReplySubjectRE = regexp.MustCompile(`(?i)^(auto:|automatic reply|auto-?reply|auto response|autoresponse|out of (the )?office( autoreply| reply)?\s*:|abwesenheitsnotiz|automatische antwort|réponse automatique|respuesta automática|risposta automatica|automatisch antwoord|autosvar)`)
	bounceSubjectRE    = regexp.MustCompile(`(?i)^((fwd?|fw):\s*)?(undeliverable|undelivered mail|delivery status notification|mail delivery (failed|failure|status)|returned mail|failure notice|delivery (failure|notification|report|has failed)|mail system error|non recapitabile|message delivery has failed|permanent delivery failure|warning: message .* delayed|mail could not be delivered)`)
	complaintSubjectRE = regexp.MustCompile(`(?i)^complaint about message from`)
)

// automatedSubject: the subjects auto-responders and mail systems write,
// only when no header said anything. A forwarded bounce counts: it is a
// report about mail, not a message to file.
func automatedSubject(m *message.Message) string {
	s := strings.TrimSpace(m.Subject)
	if match := autoReplySubjectRE.FindString(s); match != "" {
		return "auto-reply (Subject: " + strings.TrimSuffix(match, ":") + ")"
	}
	if match := bounceSubjectRE.FindString(s); match != "" {
		if strings.HasPrefix(strings.ToLower(match), "warning: message") {
			match = "warning: message delayed" // the pattern's middle is the message's own text
		}
		return "bounce (Subject: " + match + ")"
	}
	if match := complaintSubjectRE.FindString(s); match != "" {
		return "complaint (Subject: " + match + ")"
	}
	return ""
}
