package quote

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/preread/preread/internal/ascii"
)

// wroteLanguage is how the mail clients of one language write the line
// above the message they quote, in either order: "On <date>, <name> wrote:"
// (opened by one of openers, or by the date alone) and "<name> wrote on
// <date>:" (the verb, then one of dates). Each field is a list of
// lower-case words separated by "|".
type wroteLanguage struct {
	lang    string
	openers string // open the date-first order
	verbs   string // "wrote"
	dates   string // lead the date after the verb in the name-first order
	bare    bool   // the date may come first without an opener: "tors 3 juli 2025 kl. 16:05 skrev Mira:"
}

// wroteLanguages are the "wrote" phrasings of the languages we know. A line
// is a quote header when it has one of the shapes isWrote accepts; the
// verb alone decides nothing.
var wroteLanguages = []wroteLanguage{
	{"English", "on|at", "wrote|writes|said|says", "on|at", false},
	{"French", "le", "a écrit|a ecrit|nous a écrit", "le", true},
	{"German", "am", "schrieb|schrieben sie|geschrieben", "am", true},
	{"Spanish", "el", "escribió|escribio|ha escrito", "el", true},
	{"Portuguese", "em|no dia|a|às", "escreveu", "em|no dia|a", true},
	{"Dutch", "op", "schreef|het volgende geschreven|heeft geschreven", "op", true},
	{"Italian", "il|il giorno|in data", "ha scritto|scrive", "il|in data", true},
	{"Swedish, Danish, Norwegian", "den|på", "skrev|skriver", "den|på", true},
	{"Polish", "dnia|w dniu", "napisał(a)|napisała|napisał|napisal|pisze", "dnia|w dniu", true},
	{"Czech, Slovak", "dne", "napsal(a)|napsala|napsal|napísal(a)|napísala|napísal", "dne", true},
	{"Catalan", "el", "va escriure|ha escrit", "el", true},
	{"Romanian", "pe|în", "a scris", "pe|în", true},
	{"Indonesian, Malay", "pada", "menulis", "pada", true},
	{"Vietnamese", "vào", "đã viết", "vào", true},
	{"Finnish", "", "kirjoitti", "", true},
	{"Hungarian", "", "írta", "(időpont", true},
	{"Turkish", "", "yazdı", "", true},
	{"Greek", "", "έγραψε", "", true},
	{"Croatian, Serbian, Slovenian", "", "napisao|je napisal|je napisala", "", true},
	{"Galician", "", "escribiu", "", true},
	{"Lithuanian, Latvian, Estonian", "", "rašė|rakstīja|kirjutas", "", true},
	{"Russian, Ukrainian, Bulgarian", "", "написал(а)|написала|написал|написа|пишет|пише", "", true},
	{"Arabic", "", "كتب", "", true},
	{"Hebrew", "", "כתב|כתבה", "", true},
}

// wroteVerbs are the verbs of wroteLanguages, longest first, so that
// "napisał(a)" is found before "napisał".
var wroteVerbs = func() []string {
	var verbs []string
	for _, l := range wroteLanguages {
		verbs = append(verbs, strings.Split(l.verbs, "|")...)
	}
	sortByLength(verbs)
	return verbs
}()

// bareVerbs are the verbs of the languages whose clients may put the date
// first without an opener.
var bareVerbs = func() map[string]bool {
	bare := map[string]bool{}
	for _, l := range wroteLanguages {
		for _, v := range strings.Split(l.verbs, "|") {
			bare[v] = bare[v] || l.bare
		}
	}
	return bare
}()

// verbEnds hold the last word of each of wroteVerbs.
var verbEnds = func() map[string]bool {
	ends := map[string]bool{}
	for _, v := range wroteVerbs {
		words := letterWords(v)
		ends[words[len(words)-1]] = true
	}
	return ends
}()

// letterWords splits s at everything that is not a letter.
func letterWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

// lastLetterWord is the last of letterWords(s), or "".
func lastLetterWord(s string) string {
	start, end := -1, -1 // of the last word
	for i, r := range s {
		switch {
		case !unicode.IsLetter(r):
			if start > end {
				end = i
			}
		case start <= end:
			start = i
		}
	}
	switch {
	case start < 0:
		return ""
	case start > end:
		return s[start:]
	}
	return s[start:end]
}

// wroteOpeners and wroteDates are the openers and date words of all
// languages: a header is not always in the language of its verb's table
// row ("Le 3 juil. 2025, Mira wrote:" from a half-translated client).
var (
	wroteOpeners = wordSet(func(l wroteLanguage) string { return l.openers })
	wroteDates   = wordSet(func(l wroteLanguage) string { return l.dates })
)

func wordSet(field func(wroteLanguage) string) []string {
	var words []string
	for _, l := range wroteLanguages {
		if f := field(l); f != "" {
			words = append(words, strings.Split(f, "|")...)
		}
	}
	sortByLength(words)
	return words
}

// sortByLength sorts words longest first.
func sortByLength(words []string) {
	for i := 1; i < len(words); i++ {
		for j := i; j > 0 && len(words[j]) > len(words[j-1]); j-- {
			words[j], words[j-1] = words[j-1], words[j]
		}
	}
}

// saidVerbs are verbs that a quote header uses only in the date-first
// order with a colon: "On 3 Jul 2025, Mira said:".
var saidVerbs = setOf("said", "says")

// firstPerson are pronouns that, before the verb or right after it,
// make "On Monday I wrote:" or "Am 4.7. schrieb ich:" a sentence of the
// reply: a client writes a name there.
var firstPerson = setOf("i", "we", "ich", "wir", "je", "j'ai", "nous", "yo", "nosotros", "eu", "nós", "ik", "wij", "noi",
	"jag", "jeg", "я", "мы")

// Cues that a line holds a date: any digit for the orders with an opener
// or a date word, an English day or month name (Apple and Outlook spell
// them out), and a time or a year for a line with neither.
var (
	dayNameRE = regexp.MustCompile(`(?i)\b(?:(?:mon|tues?|wednes|thurs?|fri|satur|sun)(?:day)?|wed|sat|jan(?:uary)?|` +
		`feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b`)
	timeRE     = regexp.MustCompile(`\d{1,2}[:.]\d{2}|^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}`)
	timeYearRE = regexp.MustCompile(`\d{1,2}[:.h]\d{2}|\b(?:19|20)\d\d\b|\d{4}年`)
	addressRE  = regexp.MustCompile(`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`)
)

// isWroteLower reports whether core is an "On … wrote:" line in one of
// wroteLanguages. Around the verb it wants one of these shapes:
//
//	<opener> <date> <name> <verb>[:]        On 3 Jul 2025, Mira wrote:
//	<opener> <date> <verb> <name>:          Am 3.7.2025 schrieb Mira:
//	<name> <verb> <date word> <date>:       Mira wrote on 3 Jul 2025:
//	<name> <address> <verb> <date>:         Mira <mira@example.net> kirjoitti 3.7.2025 kello 16.05:
//	<date with a time or year> <verb> [<name>]:   tors 3 juli 2025 kl. 16:05 skrev Mira:
//	<name> <address> <verb>[:]              Mira <mira@example.net> wrote:
//
// A line with no colon must hold a time or an address ("---- On …
// wrote ----"), and a first-person pronoun next to the verb makes it a
// sentence.
//
// lower is the line's core lower-cased, with " \t*-" trimmed on the right.
func isWroteLower(lower string) bool {
	found := false
	eachVerb(lower, func(v string, i int) bool {
		found = wroteAt(lower, v, i)
		return found
	})
	return found
}

// wroteAt reports whether lower, with the verb v from i on, has one of
// the shapes of isWrote.
func wroteAt(lower, v string, i int) bool {
	j := i + len(v)
	if i > 0 && !isWordBreak(lower[:i], true) || j < len(lower) && !isWordBreak(lower[j:], false) {
		return false
	}
	before := strings.TrimSpace(lower[:i])
	after := strings.TrimSpace(lower[j:])
	colon := hasColonEnd(after)
	after = strings.TrimSpace(strings.TrimRight(after, ":："))
	if firstPerson[firstWord(after)] {
		return false
	}
	for rest := before; rest != ""; {
		var w string
		w, rest = nextWord(rest)
		if firstPerson[w] {
			return false
		}
	}
	opened, digit := hasOpener(before), strings.ContainsAny(before, "0123456789")
	if saidVerbs[v] && !(opened && digit && colon) {
		return false // "Remote host said: 550 …" in a bounce
	}
	if after == "" {
		// Only "wrote" may go with a spelled-out day: "On Tuesday, Bob wrote:".
		cue := digit || (v == "wrote" || v == "writes") && dayNameRE.MatchString(before)
		dated := opened && cue || bareVerbs[v] && timeYearRE.MatchString(before)
		if colon {
			// "Mira <mira@example.net> wrote:": a name and an address.
			return dated || len(before) <= 80 && addressRE.MatchString(before)
		}
		return dated && (timeRE.MatchString(before) || addressRE.MatchString(before))
	}
	switch {
	case !colon || len(after) > 120:
		return false
	case opened:
		return digit // "Am 3.7.2025 schrieb Mira:", not "El cliente escribió el 3 de julio:"
	case before != "" && hasDateWord(after):
		return strings.ContainsAny(after, "0123456789") // "Mira wrote on 3 Jul 2025:"
	case addressRE.MatchString(before) && timeYearRE.MatchString(after):
		return true // "Mira <mira@example.net> kirjoitti 3.7.2025 kello 16.05:"
	}
	return bareVerbs[v] && timeYearRE.MatchString(before)
}

// isWordBreak reports whether s ends (before) or starts (after) at a word
// boundary: a blank, punctuation, or a CJK character.
func isWordBreak(s string, before bool) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if before {
		r, _ = utf8.DecodeLastRuneInString(s)
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
}

// hasOpener reports whether before starts with an opener of the
// date-first order, perhaps after dashes.
func hasOpener(before string) bool {
	before = strings.TrimLeft(before, "-* ")
	if before == "" || !openerStarts[before[0]] {
		return false
	}
	for _, o := range wroteOpeners {
		if rest, ok := strings.CutPrefix(before, o); ok && (rest == "" || rest[0] == ' ' || rest[0] == ',') {
			return true
		}
	}
	return false
}

// openerStarts are the first bytes of wroteOpeners.
var openerStarts = func() *byteSet {
	var firsts []byte
	for _, o := range wroteOpeners {
		firsts = append(firsts, o[0])
	}
	return newByteSet(string(firsts))
}()

// maxOpener is the length of the longest of wroteOpeners.
var maxOpener = len(wroteOpeners[0])

// hasOpenerASCII is hasOpener for an ASCII line that is not lower-cased.
func hasOpenerASCII(before string) bool {
	before = strings.TrimLeft(before, "-* ")
	if before == "" || !openerStarts[ascii.Lower(before[0])] {
		return false
	}
	for _, o := range wroteOpeners {
		if ascii.HasPrefixFold(before, o) && (len(before) == len(o) || before[len(o)] == ' ' || before[len(o)] == ',') {
			return true
		}
	}
	return false
}

// hasDateWord reports whether after starts with a word that leads the
// date in the name-first order.
func hasDateWord(after string) bool {
	for _, d := range wroteDates {
		if rest, ok := strings.CutPrefix(after, d); ok && (rest == "" || strings.ContainsRune(" ,:", rune(rest[0]))) {
			return true
		}
	}
	return false
}

// firstWord is the first word of s, words being separated by blanks and
// commas.
func firstWord(s string) string {
	w, _ := nextWord(s)
	return w
}

// nextWord splits the first word of s, as firstWord has it, from the rest
// of s; word is "" only when s has no word.
func nextWord(s string) (word, rest string) {
	start := -1
	for i, r := range s {
		sep := unicode.IsSpace(r) || r == ','
		switch {
		case !sep && start < 0:
			start = i
		case sep && start >= 0:
			return s[start:i], s[i:]
		}
	}
	if start < 0 {
		return "", ""
	}
	return s[start:], ""
}

// hasVerb reports whether lower holds one of wroteVerbs as a word.
func hasVerb(lower string) bool {
	found := false
	eachVerb(lower, func(v string, i int) bool {
		found = (i == 0 || isWordBreak(lower[:i], true)) && (i+len(v) == len(lower) || isWordBreak(lower[i+len(v):], false))
		return found
	})
	return found
}

// eachVerb calls f with each place where lower holds one of wroteVerbs,
// until f returns true. Most lines hold none, so one pass finds the verbs
// that lower holds, and only those are looked for one by one.
func eachVerb(lower string, f func(v string, i int) bool) {
	var held [4]uint64 // a bit for each of wroteVerbs
	verbPhrases.each(lower, func(v int) bool {
		held[v/64] |= 1 << (v % 64)
		return false
	})
	for k, v := range wroteVerbs {
		if held[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for from := 0; ; {
			i := strings.Index(lower[from:], v)
			if i < 0 {
				break
			}
			if f(v, from+i) {
				return
			}
			from += i + len(v)
		}
	}
}

// verbPhrases are wroteVerbs, in their order.
var verbPhrases = func() *phrases {
	if len(wroteVerbs) > 4*64 {
		panic("quote: eachVerb holds a bit for 256 verbs")
	}
	return newPhrases(wroteVerbs)
}()
