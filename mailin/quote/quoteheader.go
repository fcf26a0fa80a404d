package quote

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/preread/preread/internal/ascii"
)

// A quote header is the line, or the lines, a client writes above the
// message it quotes. isWrote (wrote.go) reads the "On … wrote:" shapes of
// each language; this file has the layouts of their own, the test that
// decides, and the remnants of a header that a client wrapped.

// isHeader reports whether core is an "On … wrote:" line.
func isHeader(core string) bool { return isHeaderLower(core, toLower(core)) }

// isHeaderLower is isHeader with core lower-cased as lower.
func isHeaderLower(core, lower string) bool {
	return mayStartHeaderLower(core, lower) && headerShape(core, lower)
}

// headerShape is isHeaderLower for a line mayStartHeaderLower let through.
func headerShape(core, lower string) bool {
	if isWroteLower(strings.TrimRight(lower, " \t*-")) {
		return true
	}
	if quoteHeaderPhrases.in(lower) {
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
	}
	if strings.Contains(core, "@") && strings.Contains(core, ">") && dateEmailRE.MatchString(core) {
		return hasColonEnd(core) || timeRE.MatchString(core)
	}
	return false
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
	last := lastLetterWord(c[max(0, len(c)-40):]) // the longest verb is shorter
	if last == "" || !lookupLower(verbEnds, last) {
		return false
	}
	c = toLower(c)
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

// mayStartHeaderLower is a cheap test for the first line of a quote header,
// perhaps wrapped: every shape wants a digit, an address, an opener, a
// verb or a word of quoteHeaders, and Gmail wraps a long one right after
// the "<" of the address.
// lower is core lower-cased: the caller's, who tests the line more ways.
func mayStartHeaderLower(core, lower string) bool {
	if len(core) > 200 {
		return false
	}
	if digitOrAddress.in(core) {
		return true
	}
	if hasOpener(lower) || hasVerb(lower) { // "Mira Okafor wrote on", "Am 3.7. schrieb"
		return true
	}
	return quoteHeaderPhrases.in(lower) // "Quoting Mira Okafor", "Mira via Discourse"
}

// digitOrAddress are the bytes that let a line through mayStartHeaderLower
// at once.
var digitOrAddress = newByteSet("0123456789@<")

// quoteHeaderPhrases are the words of quoteHeaders.
var quoteHeaderPhrases = func() *phrases {
	var lists [][]string
	for _, h := range quoteHeaders {
		lists = append(lists, h.words)
	}
	return newPhrases(lists...)
}()

// introPhrases hold a word of each forward marker (forwardREs), of each of
// quoteHeaders, and wroteVerbs: a line without one of them, a digit, "@",
// "<" or an opener is neither a forward marker nor the start of a quote
// header.
var introPhrases = func() *phrases {
	lists := [][]string{forwardREs.words, wroteVerbs}
	for _, h := range quoteHeaders {
		lists = append(lists, h.words)
	}
	return newPhrases(lists...)
}()

// mayIntroduce is a cheap test for the lines that markQuoteHeaders may
// mark: it reports false only for a line that isForward and
// mayStartHeaderLower would turn down, and reads an ASCII line without
// lower-casing it. When the line may be one, lower is core lower-cased.
func mayIntroduce(core string) (lower string, may bool) {
	switch {
	case len(core) > 200: // too long for isForward and mayStartHeaderLower
		return "", false
	case !ascii.Is(core):
		if digitOrAddress.in(core) {
			return toLower(core), true
		}
		var buf [256]byte // most lines fit: lower-cased on the stack
		b := appendLower(buf[:0], core)
		// hasOpener reads no further than an opener and the byte after it.
		head := bytes.TrimLeft(b, "-* ")
		if introPhrases.inBytes(b) || hasOpener(string(head[:min(len(head), maxOpener+1)])) {
			return toLower(core), true
		}
		return "", false
	case digitOrAddress.in(core) || introPhrases.inFold(core) || hasOpenerASCII(core):
		return toLower(core), true
	}
	return "", false
}
