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

// headingWords are the heading words, lower case, per language; read-only.
// A word that is a prefix of another comes after it ("blocked by" is tried
// after "blocked", which fails on "Blocked by:" and lets it through).
var headingWords = []struct {
	word string
	part section
}{
	// English
	{"yesterday", partYesterday}, {"done", partYesterday}, {"did", partYesterday},
	{"completed", partYesterday}, {"last time", partYesterday}, {"previously", partYesterday},
	{"today", partToday}, {"doing", partToday}, {"next", partToday}, {"plan", partToday},
	{"plans", partToday}, {"will do", partToday}, {"up next", partToday},
	{"tomorrow", partTomorrow},
	{"blockers", partBlockers}, {"blocker", partBlockers}, {"blocked", partBlockers},
	{"blocked by", partBlockers}, {"impediments", partBlockers}, {"obstacles", partBlockers},
	{"issues", partBlockers}, {"help needed", partBlockers}, {"need help", partBlockers},
	// German
	{"gestern", partYesterday}, {"erledigt", partYesterday}, {"heute", partToday}, {"geplant", partToday},
	{"morgen", partTomorrow}, {"hindernisse", partBlockers}, {"hindernis", partBlockers},
	{"blockiert", partBlockers}, {"probleme", partBlockers},
	// French
	{"hier", partYesterday}, {"fait", partYesterday}, {"aujourd'hui", partToday}, {"aujourd’hui", partToday},
	{"à faire", partToday}, {"demain", partTomorrow}, {"bloquants", partBlockers}, {"bloquant", partBlockers},
	{"points bloquants", partBlockers}, {"blocages", partBlockers}, {"blocage", partBlockers},
	{"problèmes", partBlockers},
	// Spanish
	{"ayer", partYesterday}, {"hecho", partYesterday}, {"hoy", partToday}, {"mañana", partTomorrow},
	{"bloqueos", partBlockers}, {"bloqueo", partBlockers}, {"bloqueantes", partBlockers},
	{"impedimentos", partBlockers}, {"obstáculos", partBlockers},
	// Portuguese
	{"ontem", partYesterday}, {"feito", partYesterday}, {"hoje", partToday}, {"amanhã", partTomorrow},
	{"bloqueios", partBlockers},
	// Dutch
	{"gisteren", partYesterday}, {"gedaan", partYesterday}, {"vandaag", partToday},
	{"blokkades", partBlockers}, {"blokkade", partBlockers}, {"blokkers", partBlockers},
	{"belemmeringen", partBlockers},
	// Italian
	{"ieri", partYesterday}, {"fatto", partYesterday}, {"oggi", partToday}, {"domani", partTomorrow},
	{"blocchi", partBlockers}, {"blocco", partBlockers}, {"impedimenti", partBlockers}, {"ostacoli", partBlockers},
	// Swedish, Polish
	{"igår", partYesterday}, {"i går", partYesterday}, {"idag", partToday}, {"i dag", partToday},
	{"imorgon", partTomorrow}, {"hinder", partBlockers},
	{"wczoraj", partYesterday}, {"dzisiaj", partToday}, {"dziś", partToday}, {"jutro", partTomorrow},
	{"blokery", partBlockers}, {"przeszkody", partBlockers},
	// Japanese
	{"昨日", partYesterday}, {"やったこと", partYesterday}, {"今日", partToday}, {"本日", partToday},
	{"やること", partToday}, {"明日", partTomorrow}, {"ブロッカー", partBlockers}, {"課題", partBlockers},
	{"困っていること", partBlockers}, {"問題", partBlockers}, {"障害", partBlockers},
	// Chinese
	{"昨天", partYesterday}, {"今天", partToday}, {"明天", partTomorrow}, {"阻碍", partBlockers},
	{"阻礙", partBlockers}, {"障碍", partBlockers}, {"阻塞", partBlockers}, {"问题", partBlockers},
	// Short forms, last
	{"y", partYesterday}, {"t", partToday}, {"b", partBlockers},
}

// headingIndex finds the headingWords that a line may start with.
var headingIndex = func() *foldIndex {
	words := make([]string, len(headingWords))
	for i, w := range headingWords {
		words[i] = w.word
	}
	return newFoldIndex(words)
}()

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
	for _, i := range headingIndex.candidates(s) {
		w := headingWords[i]
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
	if t, ok := cutColon(s); ok {
		s, colon = t, true
	}
	if open != "" {
		if !strings.HasPrefix(s, open) {
			return "", false, false
		}
		s = s[len(open):]
	}
	if t, ok := cutColon(strings.TrimLeft(s, " \t")); !colon && ok {
		s, colon = t, true
	}
	s = strings.TrimSpace(s)
	if !colon && s != "" {
		return "", false, false
	}
	return s, colon, true
}

// cutColon cuts a colon, full width ("今日：") or not, off the start of s.
func cutColon(s string) (string, bool) {
	if t, ok := strings.CutPrefix(s, ":"); ok {
		return t, true
	}
	return strings.CutPrefix(s, "：")
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
