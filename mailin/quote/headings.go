package quote

import (
	"strings"
)

// heading is a heading line of a status reply.
type heading struct {
	line   int
	part   section
	short  bool   // Y:, T:, B:
	strong bool   // a full word with a colon, or marked up as a heading
	rest   string // content on the heading's own line
}

// headingWords are the heading words, lower case; read-only.
var headingWords = []struct {
	word string
	part section
}{
	{"yesterday", partYesterday}, {"done", partYesterday}, {"did", partYesterday},
	{"completed", partYesterday}, {"last time", partYesterday}, {"previously", partYesterday},
	{"gestern", partYesterday}, {"hier", partYesterday},
	{"today", partToday}, {"doing", partToday}, {"next", partToday}, {"plan", partToday},
	{"plans", partToday}, {"will do", partToday}, {"up next", partToday}, {"heute", partToday},
	{"aujourd'hui", partToday}, {"aujourd’hui", partToday},
	{"tomorrow", partTomorrow}, {"demain", partTomorrow},
	{"blockers", partBlockers}, {"blocker", partBlockers}, {"blocked", partBlockers},
	{"blocked by", partBlockers}, {"impediments", partBlockers}, {"obstacles", partBlockers},
	{"issues", partBlockers}, {"help needed", partBlockers}, {"need help", partBlockers},
	{"bloquants", partBlockers}, {"bloquant", partBlockers}, {"blocages", partBlockers},
	{"hindernisse", partBlockers},
	{"y", partYesterday}, {"t", partToday}, {"b", partBlockers}, // short forms, last
}

// headingOf reads line as a section heading.
func headingOf(line string) (heading, bool) {
	s := strings.TrimSpace(line)
	bulleted, marked := false, false
	for _, b := range []string{"- ", "* ", "• ", "+ ", "-\t", "*\t", "•\t"} {
		if strings.HasPrefix(s, b) {
			s, bulleted = strings.TrimLeft(s[len(b):], " \t"), true
			break
		}
	}
	if !bulleted {
		if n := listNumber(s); n > 0 {
			s, bulleted = strings.TrimLeft(s[n:], " \t"), true
		}
	}
	if h := len(s) - len(strings.TrimLeft(s, "#")); h > 0 && h <= 6 && h < len(s) && (s[h] == ' ' || s[h] == '\t') {
		s, marked = strings.TrimLeft(s[h:], " \t"), true
	}
	open := ""
	for _, e := range []string{"**", "__", "*", "_"} {
		if strings.HasPrefix(s, e) {
			s, open, marked = s[len(e):], e, true
			break
		}
	}
	for _, w := range headingWords {
		if len(s) < len(w.word) || !strings.EqualFold(s[:len(w.word)], w.word) {
			continue
		}
		rest, colon, ok := afterWord(s[len(w.word):], open)
		short := len(w.word) == 1
		if !ok || (short && !colon) || (!colon && bulleted && open == "") {
			continue
		}
		return heading{part: w.part, short: short, strong: !short && (colon || marked), rest: rest}, true
	}
	return heading{}, false
}

// listNumber returns the length of a list number ("1. ", "2) ") at the
// start of s, or 0.
func listNumber(s string) int {
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(s) || (s[i] != '.' && s[i] != ')') || (s[i+1] != ' ' && s[i+1] != '\t') {
		return 0
	}
	return i + 2
}

// afterWord reads what follows a heading word: the closing markup,
// a colon inside or outside it, and the content. ok is false when the word
// runs on into a sentence ("Today's", "Done with").
func afterWord(s, open string) (rest string, colon, ok bool) {
	s = strings.TrimLeft(s, " \t")
	if strings.HasPrefix(s, ":") {
		s, colon = s[1:], true
	}
	if open != "" {
		if !strings.HasPrefix(s, open) {
			return "", false, false
		}
		s = s[len(open):]
	}
	if t := strings.TrimLeft(s, " \t"); !colon && strings.HasPrefix(t, ":") {
		s, colon = t[1:], true
	}
	s = strings.TrimSpace(s)
	if !colon && s != "" {
		return "", false, false
	}
	return s, colon, true
}

// resolveTomorrow decides what the Tomorrow headings mean; see
// SplitStatus.
func resolveTomorrow(heads []heading) []heading {
	var has [numSections]bool
	for _, h := range heads {
		has[h.part] = true
	}
	if !has[partTomorrow] {
		return heads
	}
	shift := has[partToday] && !has[partYesterday]
	out := heads[:0]
	for _, h := range heads {
		switch {
		case h.part == partTomorrow && (shift || !has[partToday]):
			h.part = partToday
		case h.part == partToday && shift:
			h.part = partYesterday
		case h.part == partTomorrow:
			continue // an ordinary line of the section before it
		}
		out = append(out, h)
	}
	return out
}

// sectioned says whether heads are enough to call a reply sectioned;
// see SplitStatus.
func sectioned(heads []heading) bool {
	var has [numSections]bool
	kinds, strong := 0, false
	for _, h := range heads {
		if !has[h.part] {
			has[h.part] = true
			kinds++
		}
		strong = strong || h.strong
	}
	return kinds >= 2 || strong
}
