package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Limits on user text, in characters (runes). Whatever is cut stays in the
// notebook; the email says so.
const (
	entryLimit     = 1500 // one status entry, agenda item or note
	blockerLimit   = 500  // one blocker in a list of blockers
	highlightLimit = 200  // one line of a pre-read's highlights
	titleLimit     = 200  // an agenda item's subject
	noteLimit      = 500  // what a forwarder wrote above a forward
)

// lineWidth is the width of the plain-text part, in terminal columns.
const lineWidth = 72

// userText cleans s and cuts it to at most limit characters on a word
// boundary. It looks at no more than a few bytes per allowed character, so a
// 2 MB entry costs as little as a short one. cut reports whether anything
// was left out.
func userText(s string, limit int) (text string, cut bool) {
	if max := limit*utf8.UTFMax + 16; len(s) > max {
		for max > 0 && !utf8.RuneStart(s[max]) {
			max--
		}
		s, cut = s[:max], true
	}
	text, c := cutText(clean(s), limit)
	if cut && !c && text != "" {
		text = strings.TrimRightFunc(text, unicode.IsSpace) + "…"
	}
	return text, cut || c
}

// clean makes user text safe to lay out: line endings become \n, tabs
// become spaces, other control characters and invalid UTF-8 are dropped,
// trailing spaces go, runs of blank lines become one, and the text is
// trimmed.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	blank := 0  // line breaks pending, at most two are written
	spaces := 0 // spaces pending, written only before other text
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\r' && i < len(s) && s[i] == '\n':
			continue
		case r == '\n' || r == '\r':
			blank++
			spaces = 0
			continue
		case r == '\t':
			spaces += 4
			continue
		case r == ' ' || r == '\u00a0':
			spaces++
			continue
		case r == utf8.RuneError && n == 1, unicode.IsControl(r):
			continue
		}
		if b.Len() > 0 { // leading blank lines and spaces are dropped
			b.WriteString(strings.Repeat("\n", min(blank, 2)))
			b.WriteString(strings.Repeat(" ", spaces))
		}
		blank, spaces = 0, 0
		b.WriteRune(r)
	}
	return b.String()
}

// cutText cuts s to at most limit characters, at the last space or line
// break when there is one in the second half, else in the middle of the
// word, and marks the cut with an ellipsis.
func cutText(s string, limit int) (string, bool) {
	end, n := 0, 0
	for end < len(s) && n < limit {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
		n++
	}
	if end >= len(s) {
		return s, false
	}
	head := s[:end]
	if sp := strings.LastIndexAny(head, " \n"); sp > len(head)/2 {
		head = head[:sp]
	}
	return strings.TrimRightFunc(head, unicode.IsSpace) + "…", true
}

// oneLine joins the lines of s into one, dropping list markers, for compact
// lists such as highlights: "- did x\n- did y" reads "did x; did y".
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSpace(strings.TrimPrefix(l, listMarker(l)))
		if l != "" {
			parts = append(parts, strings.Join(strings.Fields(l), " "))
		}
	}
	return strings.Join(parts, "; ")
}

// headerText makes s fit in one header line: no control characters or
// line breaks, single spaces, at most titleLimit characters.
func headerText(s string) string {
	t, cut := userText(s, 2*titleLimit) // bounds the work on huge input
	t, c := cutText(strings.Join(strings.Fields(t), " "), titleLimit)
	if cut && !c && !strings.HasSuffix(t, "…") {
		t += "…"
	}
	return t
}

// listMarker returns the bullet or number that starts line l ("- ", "* ",
// "• ", "12. ", "3) "), or "" when l is not a list item.
func listMarker(l string) string {
	for _, m := range []string{"- ", "* ", "+ ", "• ", "– "} {
		if strings.HasPrefix(l, m) {
			return m
		}
	}
	i := 0
	for i < len(l) && i < 3 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' ' {
		return l[:i+2]
	}
	return ""
}

// runeWidth is how many terminal columns r takes: two for wide East Asian
// characters and most emoji, none for combining marks and format
// characters, else one.
func runeWidth(r rune) int {
	switch {
	case r < 0x300: // Latin, before the first combining mark
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || (r >= 0xFE00 && r <= 0xFE0F):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// textWidth is how many terminal columns s takes.
func textWidth(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				n += runeWidth(r)
			}
			return n
		}
		n++
	}
	return n
}
