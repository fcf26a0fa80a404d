package quote

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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

// verbWords hold a word of each of wroteVerbs, its longest: a line
// without one of them holds no verb, and most lines hold none.
var verbWords = func() map[string]bool {
	words := map[string]bool{}
	for _, v := range wroteVerbs {
		longest := ""
		for _, w := range letterWords(v) {
			if len(w) > len(longest) {
				longest = w
			}
		}
		words[longest] = true
	}
	return words
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

// mayHaveVerb reports whether lower holds one of verbWords.
func mayHaveVerb(lower string) bool {
	for start, i := -1, 0; i <= len(lower); {
		r, size := utf8.RuneError, 1
		if i < len(lower) {
			r, size = utf8.DecodeRuneInString(lower[i:])
		}
		switch {
		case i < len(lower) && unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			if verbWords[lower[start:i]] {
				return true
			}
			start = -1
		}
		i += size
	}
	return false
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

// isWrote reports whether core is an "On … wrote:" line in one of
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
func isWrote(core string) bool {
	lower := strings.ToLower(strings.TrimRight(core, " \t*-"))
	if !mayHaveVerb(lower) {
		return false
	}
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
	for _, w := range strings.FieldsFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == ',' }) {
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
	var r rune
	if before {
		r = []rune(s)[len([]rune(s))-1]
	} else {
		r = []rune(s)[0]
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
}

// hasOpener reports whether before starts with an opener of the
// date-first order, perhaps after dashes.
func hasOpener(before string) bool {
	before = strings.TrimLeft(before, "-* ")
	for _, o := range wroteOpeners {
		if rest, ok := strings.CutPrefix(before, o); ok && (rest == "" || rest[0] == ' ' || rest[0] == ',') {
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

func firstWord(s string) string {
	f := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// quoteHeaders match the quote headers that isWrote's shapes do not
// cover: those of languages written without spaces, and a few layouts of
// their own. A pattern is tried only on a line that holds one of its
// words (lower-cased).
var quoteHeaders = []struct {
	words []string
	re    *regexp.Regexp
}{
	// In message <id>, Some One writes:   In article <id>, Some One wrote:
	{[]string{"in message", "in article"}, regexp.MustCompile(`^(?i:in (?:message|article))\s.*\b(?:writes|wrote)\s*:?$`)},
	// codinghorror via Discourse Meta wrote:
	{[]string{" via "}, regexp.MustCompile(`^.+\svia\s.+\s(?:wrote|schrieb)\s*:?$`)},
	// Chinese, Japanese, Korean:
	// 在 2025年7月3日，下午4:05，Mira <mira@example.net> 写道：
	// Mira <mira@example.net> 于2025年7月3日周四 下午4:05写道：
	// 2025/07/03 16:05、Mira <mira@example.net> のメッセージ:
	// 2025/07/03 16:05 に Mira さんは書きました:
	// 2025년 7월 3일 (목) 오후 4:05, Mira <mira@example.net>님이 작성:
	{[]string{"写道", "寫道"}, regexp.MustCompile(`^在.*(?:写道|寫道)\s*[:：]?$`)},
	{[]string{"写道", "寫道", "書きました", "のメール", "のメッセージ", "작성"}, regexp.MustCompile(`^.*\d.*(?:写道|寫道|書きました|のメール|のメッセージ|작성)\s*[:：]$`)},
	// Polish Apple Mail: Wiadomość napisana przez Mira <mira@example.net> w dniu 3.07.2025, o godz. 16:05:
	{[]string{"wiadomość napisana przez"}, regexp.MustCompile(`^(?i:wiadomość napisana przez)\s.+\s(?:w dniu|dnia)\s.*\d.*:$`)},
	// Horde and others: Quoting Mira Okafor <mira@example.net>:
	{[]string{"quoting ", "zitat von ", "citando ", "citation de ", "cytuję "},
		regexp.MustCompile(`^(?i:quoting|zitat von|citando|citation de|cytuję)\s.*[\w.+-]+@[\w-]+(?:\.[\w-]+)+.*[:：]$`)},
	// 2016-03-03 17:21 GMT+01:00 Some One
	{[]string{" gmt"}, regexp.MustCompile(`^20\d\d-\d\d-\d\d \d\d?:\d\d GMT[+-]\d\d:\d\d [\w\s]+$`)},
	// Posted by mpalmer on 01/21/2016
	{[]string{"posted by"}, regexp.MustCompile(`(?i)^Posted by .+ on \d{2}/\d{2}/\d{4}$`)},
}

// dateEmailRE matches "<date> <someone> <address>:" headers such as
// "2015-10-18 0:17 GMT+03:00 Matt <info@discourse.org>:" or
// "вт, 5 янв. 2016 г. в 23:39, Erlend <info@discourse.org>:".
// isHeader also wants a colon, a time or a leading date, so that a
// sentence ending in an address is not taken for one.
var dateEmailRE = regexp.MustCompile(`^.*\d{4}.*<\s*[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+\s*>\s*[:：]?$`)

// headerTailRE matches the remnant of a wrapped quote header: "wrote:",
// "info@example.com>:", "> wrote:".
var headerTailRE = regexp.MustCompile(`(?i)^(?:<?\S*@\S*>?)?\s*(?:` + quoteAll(wroteVerbs) + `|写道)?\s*[:：]?$`)

// quoteAll is an alternation of the words, matched literally.
func quoteAll(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(q, "|")
}

// endsHeader reports whether c ends the way the last line of a quote
// header does: with a colon or a verb for "wrote".
func endsHeader(c string) bool {
	c = strings.TrimRight(c, " \t*-")
	if hasColonEnd(c) {
		return true
	}
	words := letterWords(c[max(0, len(c)-40):]) // the longest verb is shorter
	if len(words) == 0 || !verbEnds[strings.ToLower(words[len(words)-1])] {
		return false
	}
	c = strings.ToLower(c)
	for _, w := range wroteVerbs {
		if strings.HasSuffix(c, w) {
			return true
		}
	}
	return false
}

// isHeaderTail reports whether l is the remnant of a wrapped quote
// header (an address, the verb, a colon), to be joined to the header line
// above it.
func isHeaderTail(l string) bool {
	c := lineCore(l)
	return c != "" && len(c) <= 100 && headerTailRE.MatchString(c)
}

// mayStartHeader is a cheap test for the first line of a quote header,
// perhaps wrapped: every shape wants a digit, an address, an opener, a
// verb or a word of quoteHeaders, and Gmail wraps a long one right after
// the "<" of the address.
func mayStartHeader(core string) bool {
	if len(core) > 200 {
		return false
	}
	if strings.ContainsAny(core, "0123456789@<") {
		return true
	}
	lower := strings.ToLower(core)
	if hasOpener(lower) || hasVerb(lower) { // "Mira Okafor wrote on", "Am 3.7. schrieb"
		return true
	}
	for _, h := range quoteHeaders {
		for _, w := range h.words {
			if strings.Contains(lower, w) {
				return true // "Quoting Mira Okafor", "Mira via Discourse"
			}
		}
	}
	return false
}

// hasVerb reports whether lower holds one of wroteVerbs as a word.
func hasVerb(lower string) bool {
	if !mayHaveVerb(lower) {
		return false
	}
	found := false
	eachVerb(lower, func(v string, i int) bool {
		found = (i == 0 || isWordBreak(lower[:i], true)) && (i+len(v) == len(lower) || isWordBreak(lower[i+len(v):], false))
		return found
	})
	return found
}

// eachVerb calls f with each place where lower holds one of wroteVerbs,
// until f returns true.
func eachVerb(lower string, f func(v string, i int) bool) {
	for _, v := range wroteVerbs {
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

// isHeader reports whether core is an "On … wrote:" line.
func isHeader(core string) bool {
	if !mayStartHeader(core) {
		return false
	}
	if isWrote(core) {
		return true
	}
	lower := strings.ToLower(core)
	for _, h := range quoteHeaders {
		for _, w := range h.words {
			if strings.Contains(lower, w) {
				if h.re.MatchString(core) {
					return true
				}
				break
			}
		}
	}
	if strings.Contains(core, "@") && strings.Contains(core, ">") && dateEmailRE.MatchString(core) {
		return hasColonEnd(core) || timeRE.MatchString(core)
	}
	return false
}
