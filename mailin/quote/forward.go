package quote

import (
	"bytes"
	"regexp"
	"strings"
)

// Forward is the original message inside a forward.
type Forward struct {
	From, Date, Subject, Text string
}

// SplitForward finds a forwarded message in a plain-text body and returns
// the note the forwarder wrote above it (passed through Trim) and the
// forwarded message: its From, Date and Subject header values and its text,
// itself passed through Trim so that its own quotes and signature go. ok is
// false when the body holds no forward.
//
// A forward starts at a separator line ("---------- Forwarded message
// ---------", "Begin forwarded message:", "-----Original Message-----",
// "Début du message réexpédié :", "---------- Weitergeleitete Nachricht
// ----------" …) or at an Outlook header block ("From: … Sent: … To: …
// Subject: …" in any of the languages fields.go knows). Quoted lines
// are not searched, and neither are "On … wrote:" headers, which introduce
// replies. SplitForward does not tell a forward from a reply that quotes
// Outlook-style; the caller has the subject ("Fwd:") for that.
func SplitForward(body string) (note string, fwd Forward, ok bool) {
	d := scan(body)
	start, from := forwardStart(d)
	if start < 0 {
		return "", Forward{}, false
	}
	note = Trim(strings.Join(d.lines[:start], "\n"))
	readForwarded(d, from, &fwd, true)
	return note, fwd, true
}

// forwardStart returns the line where a forward starts and the line where the
// forwarded message starts (its header block, if any), or -1, -1.
func forwardStart(d *doc) (start, from int) {
	for i, k := range d.kinds {
		if isQuoted(d.lines[i]) {
			continue
		}
		switch k {
		case kindField:
			return i, i
		case kindForward:
			return i, i + 1
		}
	}
	return -1, -1
}

// readForwarded reads the forwarded message that starts at line i into fwd:
// its header block, when it has one, and its text. Apple Mail quotes the
// whole forwarded message, header block included; when unquote is set such
// a message is read without its quote marks.
func readForwarded(d *doc, i int, fwd *Forward, unquote bool) {
	first := i
	for first < len(d.kinds) && (d.kinds[first] == kindEmpty || d.kinds[first] == kindDelimiter) {
		first++
	}
	switch {
	case first == len(d.kinds):
	case d.kinds[first] == kindField:
		i = readFields(d, first, fwd)
	case unquote && isQuoted(d.lines[first]):
		inner := unquoteLines(d.lines[first:])
		if k := bytes.TrimLeft(inner.kinds, string([]byte{kindEmpty})); len(k) > 0 && k[0] == kindField {
			readForwarded(inner, 0, fwd, false)
			return
		}
	}
	fwd.Text = Trim(strings.Join(d.lines[i:], "\n"))
}

// unquoteLines classifies the quoted lines at the start of lines without
// their first level of quote marks.
func unquoteLines(lines []string) *doc {
	var inner []string
	for _, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if !strings.HasPrefix(t, ">") {
			if strings.TrimSpace(l) != "" {
				break
			}
			t = ">"
		}
		t = strings.TrimPrefix(t[1:], " ")
		inner = append(inner, t)
	}
	return scan(strings.Join(inner, "\n"))
}

// readFields reads the header block that starts at line i into fwd and
// returns the line after the block. A line that wraps a value joins it.
func readFields(d *doc, i int, fwd *Forward) int {
	var value *string
	for ; i < len(d.kinds) && d.kinds[i] == kindField; i++ {
		if d.roles[i] == 0 {
			if value != nil {
				*value = strings.TrimSpace(*value + " " + cleanValue(d.lines[i]))
			}
			continue
		}
		m := headerFieldRE.FindStringSubmatch(strings.TrimSpace(d.lines[i]))
		value = nil
		if m == nil {
			continue
		}
		switch d.roles[i] {
		case fieldFrom:
			value = &fwd.From
		case fieldDate:
			value = &fwd.Date
		case fieldSubject:
			value = &fwd.Subject
		}
		if value != nil && *value != "" {
			value = nil // the first of two Date or Sent fields wins
		}
		if value != nil {
			*value = cleanValue(m[2])
		}
	}
	return i
}

var (
	mailtoRE        = regexp.MustCompile(`<mailto:[^>]*>`)
	bracketMailtoRE = regexp.MustCompile(`\[mailto:([^\]]*)\]`)
)

// cleanValue tidies a header value as Outlook writes it:
// "Ann <ann@x.org<mailto:ann@x.org>>" and "Ann [mailto:ann@x.org]" both
// become "Ann <ann@x.org>"; bold stars and blanks around it go.
func cleanValue(v string) string {
	v = mailtoRE.ReplaceAllString(v, "")
	v = bracketMailtoRE.ReplaceAllString(v, "<$1>")
	return strings.Trim(v, " \t*")
}
