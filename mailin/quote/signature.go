package quote

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cutSignatureBlock drops a signature block that no delimiter introduced:
// a closing with a name and title or contact lines under it, a last
// paragraph of name, address and phone lines, or a bare first name.
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
	if n := bareName(lines, end); n >= 0 {
		return lines[:n]
	}
	return lines
}

// afterClosing looks for "Thanks,\nAlice\nStaff Engineer | Corp" at the
// end of the reply and returns the index of the closing, or -1 when there
// is nothing to drop. A closing with only the name under it is part of
// the reply, as email_reply_trimmer has it ("Thanks,\nAlice"); with a
// title, a company or contact lines under the name it is a signature. A
// reply that is nothing but a signature keeps its closing and name.
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
	if name > end {
		return -1
	}
	// "Priya Raman | Staff Engineer" is a name and a title.
	first, _, titled := strings.Cut(lines[name], "|")
	if !isName(strings.TrimSpace(first)) || name == end && !titled {
		return -1
	}
	for i := name + 1; i <= end; i++ {
		s := strings.TrimSpace(lines[i])
		if s != "" && (kinds[i] != kindText || !isTitleLine(s, 70)) {
			return -1
		}
	}
	for i := 0; i < closing; i++ {
		if kinds[i] == kindText && strings.TrimSpace(lines[i]) != "" {
			return closing
		}
	}
	return name + 1
}

// bareName returns the index of the last line, end, when it is a bare
// first name under the reply ("…\n\nAlice"), or -1. It must stand alone
// after a blank line, read as a name (one word in title case, letters
// only) and not be a short answer or status ("Done", "Agreed", "None"),
// a sign-off or a heading; a line above that ends in a colon introduces
// it ("Blocked by:\n\nCarol"), and one that is a closing keeps it.
func bareName(lines []string, end int) int {
	s := strings.TrimSpace(lines[end])
	if end < 2 || strings.TrimSpace(lines[end-1]) != "" || !isFirstName(s) || isClosing(s) {
		return -1
	}
	if _, ok := headingOf(s); ok {
		return -1
	}
	above := end - 1
	for above >= 0 && strings.TrimSpace(lines[above]) == "" {
		above--
	}
	if above < 0 {
		return -1
	}
	if a := strings.TrimSpace(lines[above]); hasColonEnd(a) || isClosing(a) || isQuoted(a) {
		return -1
	}
	return end
}

// isFirstName reports a word in title case of letters only (a hyphen or an
// apostrophe inside, as in "Jean-Luc"), that is not one of shortAnswers.
func isFirstName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 20 || shortAnswers[toLower(s)] {
		return false
	}
	prev := '-'
	for _, r := range s {
		switch {
		case prev == '-' && !unicode.IsUpper(r):
			return false // "Jean-Luc", not "Jean-luc" or "iPhone"
		case prev != '-' && !unicode.IsLower(r) && r != '-' && r != '\'' && r != '’':
			return false
		}
		prev = r
	}
	return prev != '-'
}

// shortAnswers are words that make a whole reply or its last line and
// could pass for a first name: "Done", "Agreed".
var shortAnswers = setOf("done", "yes", "no", "ok", "okay", "sure", "agreed", "approved", "none", "nothing", "nope",
	"yep", "yup", "yeah", "blocked", "shipped", "merged", "fixed", "deployed", "released", "pending", "later", "soon",
	"tomorrow", "today", "yesterday", "noted", "confirmed", "correct", "right", "great", "perfect", "cool", "nice",
	"same", "indeed", "exactly", "absolutely", "definitely", "maybe", "probably", "ready", "complete", "completed",
	"finished", "started", "ongoing", "tested", "reviewed", "working", "testing", "waiting", "planned", "next",
	"ja", "nein", "erledigt", "fertig", "gerne", "danke", "oui", "non", "fini", "fait", "merci", "sí", "si", "listo",
	"hecho", "gracias", "sim", "não", "feito", "pronto", "obrigado", "klaar", "gedaan", "prima", "fatto", "grazie")

// contactBlock looks for a last paragraph of two to eight short lines
// holding an address or a phone number, below some text, that starts with
// a name or holds two contact lines (address, phone, link), or for a last
// paragraph that is one phone line; it returns the index of the
// paragraph's first line, or -1.
func contactBlock(lines []string, kinds []byte, end int) int {
	start := end
	for start > 0 && strings.TrimSpace(lines[start-1]) != "" {
		start--
	}
	size := end - start + 1
	if size > 8 || start == 0 || size == 1 && !isPhoneLine(strings.TrimSpace(lines[end])) {
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
	if strong && (contacts >= 2 || size == 1 || isName(strings.TrimSpace(first))) {
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
			strings.ContainsAny(part, "0123456789") && (phoneLineRE.MatchString(part) || addressLineRE.MatchString(part)):
			kind = 's'
		case !mayBeURL(part) || !urlLineRE.MatchString(part):
			return 0
		}
	}
	return kind
}

// isPhoneLine reports a line that is only a phone number with a label or
// an international prefix: "Mobile: +44 7700 900123", "+49 151 2345 6789".
func isPhoneLine(s string) bool {
	return phoneLineRE.MatchString(s) && (strings.HasPrefix(s, "+") || !unicode.IsDigit([]rune(s)[0]))
}

// mayBeURL reports whether s holds what urlLineRE needs.
func mayBeURL(s string) bool {
	lower := toLower(s)
	return strings.Contains(lower, "http://") || strings.Contains(lower, "https://") || strings.Contains(lower, "www.")
}

// isTitleLine reports a short line that reads like part of a signature
// (a name, a title, a company) rather than a sentence, a list item or a
// heading: at most max runes and ten words, not ending with a colon or a
// question mark, not a bullet, not a postscript.
func isTitleLine(s string, max int) bool {
	if utf8.RuneCountInString(s) > max || fieldCount(s, 10) > 10 {
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

// fieldCount is len(strings.Fields(s)), counted no further than most+1.
func fieldCount(s string, most int) int {
	n, inField := 0, false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case unicode.IsSpace(r):
			inField = false
		case !inField:
			inField, n = true, n+1
			if n > most {
				return n
			}
		}
	}
	return n
}

var listItemRE = regexp.MustCompile(`^\d+[.)]\s`)

// Lines of a contact block: an address, a link or a phone number, perhaps
// after a short label ("t. 555-931-0702", "Mobile: +44 …").
var (
	contactLabel = `(?:(?:e|email|e-mail|mail|t|tel|phone|p|m|mob|mobile|cell|f|fax|w|web|o|office|d|direct)\s*[.:]\s*)?`
	emailLineRE  = regexp.MustCompile(`(?i)^` + contactLabel + `<?\S*[\w.+-]@[\w-]+(?:\.[\w-]+)+>?$`)
	phoneLineRE  = regexp.MustCompile(`(?i)^` + contactLabel + `[+(]?\d[\d\s().\-/]{6,}\d(?:\s*(?:x|ext\.?)\s*\d+)?$`)
	// A postal address: "Hauptstraße 5, 10115 Berlin", "12 Rue de Rivoli,
	// 75001 Paris", "350 Fifth Avenue, Suite 300", "Calle Mayor 12".
	addressLineRE = regexp.MustCompile(`(?i)^(?:\d{4,5}\s+\pL{2,}|\pL*(?:straße|strasse|str\.|weg|gasse|allee|platz|damm)\s+\d+` +
		`|\d+\w?,?\s+[\pL .'-]+\s(?:street|st\.?|avenue|ave\.?|road|rd\.?|lane|boulevard|blvd\.?|drive|dr\.?|way|court|place)(?:\W|$)` +
		`|(?:\d+,?\s+)?(?:rue|avenue|boulevard|calle|avenida|rua|via|piazza|corso)\s+[\pL .'-]+\d*|[\pL .'-]+(?:straat|laan|plein|gracht)\s+\d+)`)
	urlLineRE = regexp.MustCompile(`(?i)^` + contactLabel + `<?\S*(?:https?://|www\.)\S+>?$`)
)
