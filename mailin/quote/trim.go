package quote

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Trim returns what the author wrote in a plain-text body: the quoted
// original, signature and list footers removed, surrounding blank lines
// trimmed.
//
// It follows the method of Discourse's email_reply_trimmer: every line is
// classified (see trim_lines.go), and regular expressions over the string of
// line kinds decide where the reply ends. Like that trimmer it keeps quotes
// that the author answered inline, keeps a body that is only a quote, and
// keeps a closing and the name under it ("Thanks,\nAlice") while dropping the
// title and contact lines that follow.
func Trim(body string) string {
	lines, kinds := trimReply(trimScan(body))
	lines = trimSignatureBlock(lines, kinds)
	return trimJoin(lines)
}

// Rules over the string of line kinds, in the order trimReply applies them.
var (
	// The reply is below the quote: "b q q e t t" keeps "t t".
	trimReplyBelowRE = regexp.MustCompile(`^(?:b[^t]+)*b[bqeh]+t[et]*$`)
	// Text, then a quote header with no quote after it: the original was
	// not quoted, so everything from the header on goes.
	trimUnquotedRE = regexp.MustCompile(`te*b[^q]*$`)
	// Text, then a quote header and its quote, perhaps with a footer.
	trimQuotedRE = regexp.MustCompile(`te*b[eqbh]*[te]*$`)
	// Text, then a header block of a quoted or forwarded message.
	trimFieldsRE = regexp.MustCompile(`t[eq]*h`)
)

// trimReply applies the rules to a classified body and returns the lines
// that remain, with their kinds (text, quote or empty).
func trimReply(d *trimDoc) ([]string, []byte) {
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
		lines, kinds = trimRemove(lines, kinds, kindSignature)
	}

	if trimReplyBelowRE.Match(kinds) {
		t := bytes.IndexByte(kinds, kindText)
		lines, kinds = lines[t:], kinds[t:]
	}
	if loc := trimUnquotedRE.FindIndex(kinds); loc != nil {
		cut(loc[0] + 1)
	}
	if loc := trimQuotedRE.FindIndex(kinds); loc != nil {
		cut(loc[0] + 1)
	}
	lines, kinds = trimRemove(lines, kinds, kindQuoteHeader)

	if loc := trimFieldsRE.FindIndex(kinds); loc != nil {
		cut(loc[0] + 1)
	}
	lines, kinds = trimRemove(lines, kinds, kindField)

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

// trimRemove drops the lines of kind k.
func trimRemove(lines []string, kinds []byte, k byte) ([]string, []byte) {
	n := 0
	for i := range kinds {
		if kinds[i] != k {
			lines[n], kinds[n] = lines[i], kinds[i]
			n++
		}
	}
	return lines[:n], kinds[:n]
}

// trimJoin joins lines without trailing blanks and without blank lines
// around them.
func trimJoin(lines []string) string {
	var b strings.Builder
	wrote, blank := false, 0
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			blank++
			continue
		}
		if wrote {
			b.WriteString(strings.Repeat("\n", blank+1))
		}
		wrote, blank = true, 0
		b.WriteString(l)
	}
	return b.String()
}

// trimSignatureBlock drops a signature block that no delimiter introduced:
// the title and contact lines under a closing and a name, or a last
// paragraph of name, address and phone lines.
func trimSignatureBlock(lines []string, kinds []byte) []string {
	end := len(lines) - 1
	for end >= 0 && strings.TrimSpace(lines[end]) == "" {
		end--
	}
	if end < 0 || kinds[end] != kindText {
		return lines
	}
	if n := trimAfterClosing(lines, kinds, end); n >= 0 {
		return lines[:n]
	}
	if n := trimContactBlock(lines, kinds, end); n >= 0 {
		return lines[:n]
	}
	return lines
}

// trimAfterClosing looks for "Thanks,\nAlice\nStaff Engineer | Corp" at the
// end of the reply and returns the index of the first line after the name,
// or -1 when there is nothing to drop.
func trimAfterClosing(lines []string, kinds []byte, end int) int {
	closing, seen := -1, 0
	for i := end; i >= 0 && seen < 12; i-- {
		s := strings.TrimSpace(lines[i])
		if s == "" {
			continue
		}
		seen++
		if kinds[i] == kindText && trimIsClosing(s) {
			closing = i
			break
		}
	}
	if closing < 0 {
		return -1
	}
	name := closing + 1
	for name <= end && strings.TrimSpace(lines[name]) == "" {
		name++
	}
	if name >= end || !trimIsName(strings.TrimSpace(lines[name])) {
		return -1
	}
	for i := name + 1; i <= end; i++ {
		s := strings.TrimSpace(lines[i])
		if s != "" && (kinds[i] != kindText || !trimIsTitleLine(s, 70)) {
			return -1
		}
	}
	return name + 1
}

// trimContactBlock looks for a last paragraph of two to eight short lines
// holding an address or a phone number, below some text, that starts with
// a name or holds two contact lines (address, phone, link); it returns the
// index of the paragraph's first line, or -1.
func trimContactBlock(lines []string, kinds []byte, end int) int {
	start := end
	for start > 0 && strings.TrimSpace(lines[start-1]) != "" {
		start--
	}
	if size := end - start + 1; size < 2 || size > 8 || start == 0 {
		return -1
	}
	text := false
	for i := 0; i < start; i++ {
		text = text || kinds[i] == kindText && strings.TrimSpace(lines[i]) != ""
	}
	if !text {
		return -1
	}
	strong, contacts := false, 0
	for i := start; i <= end; i++ {
		s := strings.TrimSpace(lines[i])
		if kinds[i] != kindText || !trimIsTitleLine(s, 70) {
			return -1
		}
		switch trimContactKind(s) {
		case 's':
			strong = true
			contacts++
		case 'l':
			contacts++
		}
	}
	first, _, _ := strings.Cut(strings.TrimSpace(lines[start]), "|")
	if strong && (contacts >= 2 || trimIsName(strings.TrimSpace(first))) {
		return start
	}
	return -1
}

// trimIsName reports a line that reads like a person's name: one to four
// capitalised words (particles such as "van" or "de" aside), no digits
// ("-Abhishek Kona" and "—Ryan" count).
func trimIsName(s string) bool {
	s = strings.TrimLeft(s, "-–— ")
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 || utf8.RuneCountInString(s) > 40 {
		return false
	}
	if strings.ContainsAny(s, "0123456789:?!@") {
		return false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && (i == 0 || !trimNameParticles[w]) {
			return false
		}
	}
	return true
}

// trimNameParticles may start a word of a name in lower case.
var trimNameParticles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true, "da": true,
	"di": true, "du": true, "la": true, "le": true, "dos": true, "das": true, "bin": true, "al": true, "ter": true,
}

// trimContactKind tells whether s holds only contact details, perhaps
// several separated by "|" or "·": 's' when there is an address or a phone
// number, 'l' when there are only links, 0 otherwise.
func trimContactKind(s string) byte {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '·' || r == '•' })
	if len(parts) == 0 {
		return 0
	}
	kind := byte('l')
	for _, part := range parts {
		part = strings.TrimSpace(part)
		switch {
		case strings.Contains(part, "@") && trimEmailLineRE.MatchString(part),
			strings.ContainsAny(part, "0123456789") && trimPhoneLineRE.MatchString(part):
			kind = 's'
		case !trimMayBeURL(part) || !trimURLLineRE.MatchString(part):
			return 0
		}
	}
	return kind
}

// trimMayBeURL reports whether s holds what trimURLLineRE needs.
func trimMayBeURL(s string) bool {
	lower := strings.ToLower(s)
	return strings.Contains(lower, "http://") || strings.Contains(lower, "https://") || strings.Contains(lower, "www.")
}

// trimIsTitleLine reports a short line that reads like part of a signature
// (a name, a title, a company) rather than a sentence, a list item or a
// heading: at most max runes and ten words, not ending with a colon or a
// question mark, not a bullet, not a postscript.
func trimIsTitleLine(s string, max int) bool {
	if utf8.RuneCountInString(s) > max || len(strings.Fields(s)) > 10 {
		return false
	}
	if strings.HasSuffix(s, ":") || strings.HasSuffix(s, "?") {
		return false
	}
	for _, p := range []string{"- ", "* ", "• ", "P.S", "PS:", "PS "} {
		if strings.HasPrefix(s, p) {
			return false
		}
	}
	return !trimListItemRE.MatchString(s)
}

var trimListItemRE = regexp.MustCompile(`^\d+[.)]\s`)
