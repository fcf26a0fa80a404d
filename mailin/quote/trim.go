package quote

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
)

// Trim returns what the author wrote in a plain-text body: the quoted
// original, signature and list footers removed, surrounding blank lines
// trimmed.
//
// It follows the method of Discourse's email_reply_trimmer: every line is
// classified (see lines.go), and regular expressions over the string of
// line kinds decide where the reply ends. Like that trimmer it keeps quotes
// that the author answered inline, keeps a body that is only a quote, and
// keeps a closing and the name under it ("Thanks,\nAlice") while dropping the
// title and contact lines that follow.
func Trim(body string) string {
	lines, kinds := reply(scan(body))
	lines = cutSignatureBlock(lines, kinds)
	return joinLines(lines)
}

// Rules over the string of line kinds, in the order reply applies them.
var (
	// The reply is below the quote: "b q q e t t" keeps "t t".
	replyBelowRE = regexp.MustCompile(`^(?:b[^t]+)*b[bqeh]+t[et]*$`)
	// Text, then a quote header with no quote after it: the original was
	// not quoted, so everything from the header on goes.
	unquotedRE = regexp.MustCompile(`te*b[^q]*$`)
	// Text, then a quote header and its quote, perhaps with a footer.
	quotedRE = regexp.MustCompile(`te*b[eqbh]*[te]*$`)
	// Text, then a header block of a quoted or forwarded message.
	fieldsRE = regexp.MustCompile(`t[eq]*h`)
)

// reply applies the rules to a classified body and returns the lines
// that remain, with their kinds (text, quote or empty).
func reply(d *doc) ([]string, []byte) {
	lines := make([]string, 0, len(d.lines))
	kinds := make([]byte, 0, len(d.lines))
	for i, k := range d.kinds {
		switch k {
		case kindDrop:
			continue
		case kindCode:
			k = kindText
		case kindForward:
			k = kindQuoteHeader
		}
		lines, kinds = append(lines, d.lines[i]), append(kinds, k)
	}
	cut := func(n int) { lines, kinds = lines[:n], kinds[:n] }

	// Everything after a signature delimiter or list footer goes.
	if i := bytes.IndexByte(kinds, kindDelimiter); i >= 0 {
		cut(i)
	}
	// A mail-app signature ends the reply; one above all text is dropped.
	if i := bytes.IndexByte(kinds, kindSignature); i >= 0 {
		if t := bytes.IndexByte(kinds, kindText); t >= 0 && t < i {
			cut(i)
		}
		lines, kinds = dropKind(lines, kinds, kindSignature)
	}

	// The rules need a quote header and text (fieldsRE a header field and
	// text); most replies have none left here.
	if has(kinds, kindQuoteHeader, kindText) {
		if replyBelowRE.Match(kinds) {
			t := bytes.IndexByte(kinds, kindText)
			lines, kinds = lines[t:], kinds[t:]
		}
		if loc := unquotedRE.FindIndex(kinds); loc != nil {
			cut(loc[0] + 1)
		}
		if loc := quotedRE.FindIndex(kinds); loc != nil {
			cut(loc[0] + 1)
		}
	}
	lines, kinds = dropKind(lines, kinds, kindQuoteHeader)

	if has(kinds, kindField, kindText) {
		if loc := fieldsRE.FindIndex(kinds); loc != nil {
			cut(loc[0] + 1)
		}
	}
	lines, kinds = dropKind(lines, kinds, kindField)

	// Trailing quotes go when the author wrote something.
	if bytes.IndexByte(kinds, kindText) >= 0 {
		n := len(kinds)
		for n > 0 && (kinds[n-1] == kindQuote || kinds[n-1] == kindEmpty) {
			n--
		}
		cut(n)
	}
	return lines, kinds
}

// has reports whether kinds holds both a and b.
func has(kinds []byte, a, b byte) bool {
	return bytes.IndexByte(kinds, a) >= 0 && bytes.IndexByte(kinds, b) >= 0
}

// dropKind drops the lines of kind k.
func dropKind(lines []string, kinds []byte, k byte) ([]string, []byte) {
	n := 0
	for i := range kinds {
		if kinds[i] != k {
			lines[n], kinds[n] = lines[i], kinds[i]
			n++
		}
	}
	return lines[:n], kinds[:n]
}

// joinLines joins lines without trailing blanks and without blank lines
// around them.
func joinLines(lines []string) string {
	var b strings.Builder
	wrote, blank := false, 0
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			blank++
			continue
		}
		for n := 0; wrote && n <= blank; n++ {
			b.WriteByte('\n')
		}
		wrote, blank = true, 0
		b.WriteString(l)
	}
	return b.String()
}

// OnlyQuoted reports whether body is a reply with no text of its own: it
// holds a quoted original (quoted lines, an "On … wrote:" header, a
// forwarded header block) and nothing that the author wrote beside it but
// perhaps a signature. Written returns "" for such a body, and also for a
// body that is empty or only a signature; OnlyQuoted tells them apart, so
// that mailin can file nothing and say why. Like Trim, it takes unquoted
// text under a header at the top for a reply written below it.
func OnlyQuoted(body string) bool {
	if Written(body) != "" {
		return false
	}
	return bytes.ContainsAny(scan(body).kinds, string([]byte{kindQuote, kindQuoteHeader, kindForward, kindField}))
}

// Written is what the author wrote in a body: Trim's result, or nothing
// when all that is left is the quote (a reply sent without a word added).
func Written(body string) string {
	text := Trim(body)
	for line := range strings.SplitSeq(text, "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, ">") {
			return text
		}
	}
	return ""
}
