package mailin

import (
	"net/textproto"
	"strings"
	"unicode"

	"github.com/preread/preread/mailin/message"
)

// Automated reports machine mail that must never be filed or answered:
// auto-replies, bounces and other notices of mail systems, complaint and
// read-receipt reports, list and bulk mail. reason is short, for a log or a
// Rejected folder, and never quotes the message: "auto-reply
// (Auto-Submitted: auto-replied)", "bounce (multipart/report)", "list mail
// (List-Id)". Only the header is read, so it runs before anything else is
// known about the sender: headers decide first, the subject last. A known,
// authenticated sender's body is then read by AutomatedBody.
func Automated(m *message.Message) (reason string, ok bool) {
	for _, check := range []func(*message.Message) string{
		autoSubmitted, precedenceHeader, autoReplyHeaders, notificationHeaders, listHeaderFields,
		nullEnvelope, daemonEnvelope, reportType, daemonSender, automatedSubject,
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
// m.Header's keys are canonical (message.ParseHeader makes them so).
func headerValues(m *message.Message, key string) ([]string, bool) {
	vs, ok := m.Header[textproto.CanonicalMIMEHeaderKey(key)]
	return vs, ok
}

// headerWord returns the value before any parameters or comment, in lower
// case.
func headerWord(v string) string {
	v, _, _ = strings.Cut(v, ";")
	v, _, _ = strings.Cut(v, "(")
	return strings.ToLower(strings.TrimSpace(v))
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
