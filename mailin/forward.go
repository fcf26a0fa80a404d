package mailin

import (
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
// Subject: …" in any of the languages trim_patterns.go knows). Quoted lines
// are not searched, and neither are "On … wrote:" headers, which introduce
// replies. SplitForward does not tell a forward from a reply that quotes
// Outlook-style; the caller has the subject ("Fwd:") for that.
func SplitForward(body string) (note string, fwd Forward, ok bool) {
	d := trimScan(body)
	start, fields := fwdFind(d)
	if start < 0 {
		return "", Forward{}, false
	}
	note = Trim(strings.Join(d.lines[:start], "\n"))
	rest := start + 1
	if fields >= 0 {
		rest = fwdFields(d, fields, &fwd)
	}
	fwd.Text = Trim(strings.Join(d.lines[rest:], "\n"))
	return note, fwd, true
}

// fwdFind returns the line where a forward starts and the first line of
// its header block, or -1 for either.
func fwdFind(d *trimDoc) (start, fields int) {
	for i, k := range d.kinds {
		if trimIsQuoted(d.lines[i]) {
			continue
		}
		switch k {
		case kindField:
			return i, i
		case kindForward:
			for j := i + 1; j < len(d.kinds) && j <= i+4; j++ {
				if d.kinds[j] == kindField {
					return i, j
				}
				if d.kinds[j] != kindEmpty && d.kinds[j] != kindDelimiter {
					break
				}
			}
			return i, -1
		}
	}
	return -1, -1
}

// fwdFields reads the header block that starts at line i into fwd and
// returns the line after the block. A line that wraps a value joins it.
func fwdFields(d *trimDoc, i int, fwd *Forward) int {
	var value *string
	for ; i < len(d.kinds) && d.kinds[i] == kindField; i++ {
		if d.roles[i] == 0 {
			if value != nil {
				*value = strings.TrimSpace(*value + " " + fwdClean(d.lines[i]))
			}
			continue
		}
		m := trimHeaderFieldRE.FindStringSubmatch(strings.TrimSpace(d.lines[i]))
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
			*value = fwdClean(m[2])
		}
	}
	return i
}

var (
	fwdMailtoRE  = regexp.MustCompile(`<mailto:[^>]*>`)
	fwdBracketRE = regexp.MustCompile(`\[mailto:([^\]]*)\]`)
)

// fwdClean tidies a header value as Outlook writes it:
// "Ann <ann@x.org<mailto:ann@x.org>>" and "Ann [mailto:ann@x.org]" both
// become "Ann <ann@x.org>"; bold stars and blanks around it go.
func fwdClean(v string) string {
	v = fwdMailtoRE.ReplaceAllString(v, "")
	v = fwdBracketRE.ReplaceAllString(v, "<$1>")
	return strings.Trim(v, " \t*")
}
