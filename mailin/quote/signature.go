package quote

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cutSignatureBlock drops a signature block that no delimiter introduced:
// the title and contact lines under a closing and a name, or a last
// paragraph of name, address and phone lines.
func cutSignatureBlock(lines []string, kinds []byte) []string {
	end := len(lines) - 1
	for end >= 0 && strings.TrimSpace(lines[end]) == "" {
		end--
	}
	if end < 0 || kinds[end] != kindText {
		return lines
	}
	if n := afterClosing(lines, kinds, end); n >= 0 {
		return lines[:n]
	}
	if n := contactBlock(lines, kinds, end); n >= 0 {
		return lines[:n]
	}
	return lines
}

// afterClosing looks for "Thanks,\nAlice\nStaff Engineer | Corp" at the
// end of the reply and returns the index of the first line after the name,
// or -1 when there is nothing to drop.
func afterClosing(lines []string, kinds []byte, end int) int {
	closing, seen := -1, 0
	for i := end; i >= 0 && seen < 12; i-- {
		s := strings.TrimSpace(lines[i])
		if s == "" {
			continue
		}
		seen++
		if kinds[i] == kindText && isClosing(s) {
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
	if name >= end || !isName(strings.TrimSpace(lines[name])) {
		return -1
	}
	for i := name + 1; i <= end; i++ {
		s := strings.TrimSpace(lines[i])
		if s != "" && (kinds[i] != kindText || !isTitleLine(s, 70)) {
			return -1
		}
	}
	return name + 1
}

// contactBlock looks for a last paragraph of two to eight short lines
// holding an address or a phone number, below some text, that starts with
// a name or holds two contact lines (address, phone, link); it returns the
// index of the paragraph's first line, or -1.
func contactBlock(lines []string, kinds []byte, end int) int {
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
		if kinds[i] != kindText || !isTitleLine(s, 70) {
			return -1
		}
		switch contactKind(s) {
		case 's':
			strong = true
			contacts++
		case 'l':
			contacts++
		}
	}
	first, _, _ := strings.Cut(strings.TrimSpace(lines[start]), "|")
	if strong && (contacts >= 2 || isName(strings.TrimSpace(first))) {
		return start
	}
	return -1
}

// isName reports a line that reads like a person's name: one to four
// capitalised words (particles such as "van" or "de" aside), no digits
// ("-Abhishek Kona" and "—Ryan" count).
func isName(s string) bool {
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
		if !unicode.IsUpper(r) && (i == 0 || !nameParticles[w]) {
			return false
		}
	}
	return true
}

// nameParticles may start a word of a name in lower case.
var nameParticles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true, "da": true,
	"di": true, "du": true, "la": true, "le": true, "dos": true, "das": true, "bin": true, "al": true, "ter": true,
}

// contactKind tells whether s holds only contact details, perhaps
// several separated by "|" or "·": 's' when there is an address or a phone
// number, 'l' when there are only links, 0 otherwise.
func contactKind(s string) byte {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '·' || r == '•' })
	if len(parts) == 0 {
		return 0
	}
	kind := byte('l')
	for _, part := range parts {
		part = strings.TrimSpace(part)
		switch {
		case strings.Contains(part, "@") && emailLineRE.MatchString(part),
			strings.ContainsAny(part, "0123456789") && phoneLineRE.MatchString(part):
			kind = 's'
		case !mayBeURL(part) || !urlLineRE.MatchString(part):
			return 0
		}
	}
	return kind
}

// mayBeURL reports whether s holds what urlLineRE needs.
func mayBeURL(s string) bool {
	lower := strings.ToLower(s)
	return strings.Contains(lower, "http://") || strings.Contains(lower, "https://") || strings.Contains(lower, "www.")
}

// isTitleLine reports a short line that reads like part of a signature
// (a name, a title, a company) rather than a sentence, a list item or a
// heading: at most max runes and ten words, not ending with a colon or a
// question mark, not a bullet, not a postscript.
func isTitleLine(s string, max int) bool {
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
	return !listItemRE.MatchString(s)
}

var listItemRE = regexp.MustCompile(`^\d+[.)]\s`)

// Lines of a contact block: an address, a link or a phone number, perhaps
// after a short label ("t. 555-931-0702", "Mobile: +44 …").
var (
	contactLabel = `(?:(?:e|email|e-mail|mail|t|tel|phone|p|m|mob|mobile|cell|f|fax|w|web|o|office|d|direct)\s*[.:]\s*)?`
	emailLineRE  = regexp.MustCompile(`(?i)^` + contactLabel + `<?\S*[\w.+-]@[\w-]+(?:\.[\w-]+)+>?$`)
	phoneLineRE  = regexp.MustCompile(`(?i)^` + contactLabel + `[+(]?\d[\d\s().\-/]{6,}\d(?:\s*(?:x|ext\.?)\s*\d+)?$`)
	urlLineRE    = regexp.MustCompile(`(?i)^` + contactLabel + `<?\S*(?:https?://|www\.)\S+>?$`)
)
