package quote

import (
	"strings"
	"unicode"
)

// Sections is a status reply split into what the author did, will do, and
// what blocks them.
type Sections struct {
	Yesterday, Today, Blockers string
}

// SplitStatus finds Yesterday/Today/Blockers sections in a status reply
// whose quotes and signature are already trimmed. ok is false when the
// author used no sections (the text is then kept whole by the caller).
//
// A heading starts a line, in any case, optionally bulleted ("- ", "* ",
// "• ", "1. "), a markdown heading ("## Today") or bold ("**Today**",
// "**Today:**"), and is followed by a colon or the end of the line; its
// content runs from there to the next heading. The words:
//
//	Yesterday  yesterday, done, did, completed, last time, previously, Y:, gestern, hier
//	Today      today, doing, next, plan(s), will do, up next, T:, heute, aujourd'hui
//	Tomorrow   tomorrow, demain
//	Blockers   blocker(s), blocked, blocked by, impediments, obstacles, issues,
//	           help needed, need help, B:, bloquant(s), blocages, hindernisse
//
// Tomorrow is Today when there is no Today heading. With Today and Tomorrow
// but no Yesterday the author wrote at the end of the day, so Today is what
// they did (Yesterday) and Tomorrow what they will do (Today). With all
// three, a Tomorrow line is ordinary content of the section it sits in.
//
// Decisions where the shape of a reply is ambiguous:
//   - A heading needs a colon or a line to itself: "I did today's review"
//     and "Today I paired with Bob" are not headings. The short forms Y:,
//     T:, B: need the colon, and a bulleted bare word ("- Done") is a list
//     item, not a heading.
//   - ok is true when two different sections are found, or when one is
//     found with a full word and a colon or heading/bold markup: a lone
//     "Blockers: waiting on infra" under free text is worth surfacing. A
//     lone short form ("B: …") or a lone bare word ("Done" on its own line)
//     is not enough.
//   - Greetings and chatter before the first heading ("Hi team,", "Quick
//     update:") are dropped. Other text there is read as the part of the
//     day that comes before the first heading: before Today it is
//     Yesterday, before Blockers it is Today, if that section is still
//     empty; otherwise it opens the first heading's section (Today when
//     that is Blockers). It never becomes a blocker.
//   - A sign-off at the end ("Thanks!", "Cheers,\nAlice") is dropped.
//   - A section that appears twice ("Doing:" and later "Next:") gets both
//     contents, joined by a newline.
//   - Blockers that say there are none ("none", "n/a", "-", "No blockers!",
//     "None so far 🎉", "keine", "aucun"…) leave Blockers "".
//
// Content keeps its bullets and inner lines as written; trailing spaces,
// common indentation, leading and trailing blank lines and runs of blank
// lines are tidied.
func SplitStatus(text string) (s Sections, ok bool) {
	lines := statusCutSignOff(strings.Split(text, "\n"))
	var heads []statusHeading
	for i, line := range lines {
		if h, ok := statusHeadingOf(line); ok {
			h.line = i
			heads = append(heads, h)
		}
	}
	heads = statusResolveTomorrow(heads)
	if !statusSectioned(heads) {
		return Sections{}, false
	}
	var parts [statusParts][]string
	for k, h := range heads {
		end := len(lines)
		if k+1 < len(heads) {
			end = heads[k+1].line
		}
		body := statusTidy(h.rest, lines[h.line+1:end])
		if body == "" || (h.part == partBlockers && statusNoBlocker(body)) {
			continue
		}
		parts[h.part] = append(parts[h.part], body)
	}
	if pre := statusPreamble(lines[:heads[0].line]); pre != "" {
		first := heads[0].part
		target := first
		if first == partBlockers {
			target = partToday
		}
		for p := first - 1; p >= partYesterday; p-- {
			if len(parts[p]) == 0 {
				target = p
				break
			}
		}
		parts[target] = append([]string{pre}, parts[target]...)
	}
	return Sections{
		Yesterday: strings.Join(parts[partYesterday], "\n"),
		Today:     strings.Join(parts[partToday], "\n"),
		Blockers:  strings.Join(parts[partBlockers], "\n"),
	}, true
}

// statusPart is a kind of section, in the order of a day.
type statusPart int

const (
	partYesterday statusPart = iota
	partToday
	partBlockers
	partTomorrow
	statusParts
)

// statusHeading is a heading line of a status reply.
type statusHeading struct {
	line   int
	part   statusPart
	short  bool   // Y:, T:, B:
	strong bool   // a full word with a colon, or marked up as a heading
	rest   string // content on the heading's own line
}

// statusWords are the heading words, lower case; read-only.
var statusWords = []struct {
	word string
	part statusPart
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

// statusHeadingOf reads line as a section heading.
func statusHeadingOf(line string) (statusHeading, bool) {
	s := strings.TrimSpace(line)
	bulleted, marked := false, false
	for _, b := range []string{"- ", "* ", "• ", "+ ", "-\t", "*\t", "•\t"} {
		if strings.HasPrefix(s, b) {
			s, bulleted = strings.TrimLeft(s[len(b):], " \t"), true
			break
		}
	}
	if !bulleted {
		if n := statusNumbered(s); n > 0 {
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
	for _, w := range statusWords {
		if len(s) < len(w.word) || !strings.EqualFold(s[:len(w.word)], w.word) {
			continue
		}
		rest, colon, ok := statusAfterWord(s[len(w.word):], open)
		short := len(w.word) == 1
		if !ok || (short && !colon) || (!colon && bulleted && open == "") {
			continue
		}
		return statusHeading{part: w.part, short: short, strong: !short && (colon || marked), rest: rest}, true
	}
	return statusHeading{}, false
}

// statusNumbered returns the length of a list number ("1. ", "2) ") at the
// start of s, or 0.
func statusNumbered(s string) int {
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(s) || (s[i] != '.' && s[i] != ')') || (s[i+1] != ' ' && s[i+1] != '\t') {
		return 0
	}
	return i + 2
}

// statusAfterWord reads what follows a heading word: the closing markup,
// a colon inside or outside it, and the content. ok is false when the word
// runs on into a sentence ("Today's", "Done with").
func statusAfterWord(s, open string) (rest string, colon, ok bool) {
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

// statusResolveTomorrow decides what the Tomorrow headings mean; see
// SplitStatus.
func statusResolveTomorrow(heads []statusHeading) []statusHeading {
	var has [statusParts]bool
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

// statusSectioned says whether heads are enough to call a reply sectioned;
// see SplitStatus.
func statusSectioned(heads []statusHeading) bool {
	var has [statusParts]bool
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

// statusTidy joins a heading's same-line content and the lines after it,
// without common indentation, trailing spaces, or blank lines at either
// end or in runs.
func statusTidy(first string, more []string) string {
	indent := ""
	seen := false
	for _, l := range more {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ws := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if !seen {
			indent, seen = ws, true
			continue
		}
		n := 0
		for n < len(indent) && n < len(ws) && indent[n] == ws[n] {
			n++
		}
		indent = indent[:n]
	}
	var out []string
	if first != "" {
		out = append(out, first)
	}
	for _, l := range more {
		l = strings.TrimRight(strings.TrimPrefix(l, indent), " \t")
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

// statusPreamble is the text before the first heading without greetings
// and chatter, tidied; "" when nothing is left.
func statusPreamble(lines []string) string {
	var keep []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "" || !statusChatter(l) {
			keep = append(keep, l)
		}
	}
	return statusTidy("", keep)
}

// statusChatter says whether a line before the first heading is a greeting
// or an announcement of the update rather than part of it: "Hi team,",
// "Good morning Alice!", "Here's my update for today:", "---".
func statusChatter(line string) bool {
	t := strings.TrimSpace(line)
	words := statusLowerWords(t)
	if len(words) == 0 {
		return true
	}
	other, topic := 0, false
	for _, w := range words {
		switch w {
		case "update", "updates", "status", "standup":
			topic = true
		}
		if !statusChatterWord(w) {
			other++
		}
	}
	switch {
	case other == 0:
		return true
	case statusGreetingWord(words[0]) && other <= 2 && len(words) <= 4:
		return true // a greeting with a name: "Hi Bob,", "Hello Jean-Luc!"
	case strings.HasSuffix(t, ":") && topic && len(words) <= 10:
		return true
	}
	return false
}

// statusGreetingWord says whether w opens a greeting.
func statusGreetingWord(w string) bool {
	switch w {
	case "hi", "hello", "hey", "hiya", "howdy", "greetings", "yo", "dear", "morning", "good",
		"hallo", "moin", "servus", "guten", "bonjour", "salut", "coucou", "hola":
		return true
	}
	return false
}

// statusChatterWord says whether w belongs in a greeting or in announcing
// an update.
func statusChatterWord(w string) bool {
	if statusGreetingWord(w) {
		return true
	}
	switch w {
	case "afternoon", "evening", "all", "team", "everyone", "everybody", "folks", "there", "guys",
		"y'all", "people", "morgen", "tag", "zusammen", "à", "tous",
		"update", "updates", "status", "standup", "stand", "daily", "quick", "my", "here", "here's",
		"heres", "is", "for", "today", "today's", "the", "this", "week", "weekly", "report":
		return true
	}
	return false
}

// statusCutSignOff drops a sign-off at the end of lines: "Thanks!",
// "Cheers, Alice", or "Best," with a short name line after it.
func statusCutSignOff(lines []string) []string {
	last := len(lines) - 1
	for last >= 0 && strings.TrimSpace(lines[last]) == "" {
		last--
	}
	if last < 0 {
		return lines
	}
	if statusSignOff(lines[last]) {
		return lines[:last]
	}
	prev := last - 1
	for prev >= 0 && prev >= last-2 && strings.TrimSpace(lines[prev]) == "" {
		prev--
	}
	if prev >= 0 && statusSignOff(lines[prev]) && statusNameLine(lines[last]) {
		return lines[:prev]
	}
	return lines
}

// statusNameLine says whether line could be the name under a sign-off.
func statusNameLine(line string) bool {
	t := strings.TrimSpace(line)
	return len(statusLowerWords(t)) <= 3 && !strings.Contains(t, ":") && strings.IndexAny(t, "-*•+#") != 0
}

// statusSignOff says whether line is a sign-off such as "Thanks," or
// "Best regards, Alice".
func statusSignOff(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || strings.IndexAny(t, "-*•+#") == 0 {
		return false
	}
	if statusSignOffWords(statusLowerWords(t)) {
		return true
	}
	head, tail, ok := strings.Cut(t, ",")
	return ok && statusSignOffWords(statusLowerWords(head)) && len(statusLowerWords(tail)) <= 3
}

// statusSignOffWords says whether words are a sign-off.
func statusSignOffWords(words []string) bool {
	switch strings.Join(words, " ") {
	case "thanks", "thank you", "thx", "ty", "cheers", "best", "regards", "best regards",
		"kind regards", "warm regards", "br", "kr", "danke", "vielen dank", "gruss", "gruß",
		"grüße", "viele grüße", "beste grüße", "vg", "lg", "mfg", "merci", "cordialement",
		"bonne journée":
		return true
	}
	return false
}

// statusNoBlocker says whether a blockers section says there are none.
func statusNoBlocker(body string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(body) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		}
	}
	key := strings.Join(strings.Fields(b.String()), " ")
	for {
		cut := false
		for _, q := range []string{"so far", "for now", "right now", "at the moment", "atm", "today",
			"yet", "currently", "thanks", "thank you", "at this time", "as of now", "at all"} {
			if k, ok := strings.CutSuffix(key, " "+q); ok {
				key, cut = k, true
			}
		}
		if !cut {
			break
		}
	}
	switch key {
	case "", "none", "no", "nope", "na", "nothing", "nil", "0", "zero", "no blockers", "no blocker",
		"not blocked", "no issues", "no impediments", "nothing blocking", "nothing blocking me",
		"all good", "nichts", "keine", "keiner", "keine blocker", "nein", "aucun", "aucune",
		"rien", "aucun bloquant":
		return true
	}
	return false
}

// statusLowerWords splits s into lower-case words of letters, digits and
// apostrophes.
func statusLowerWords(s string) []string {
	var words []string
	start := -1
	for i, r := range s + " " {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := strings.ReplaceAll(strings.ToLower(s[start:i]), "’", "'")
			if w = strings.Trim(w, "'"); w != "" {
				words = append(words, w)
			}
			start = -1
		}
	}
	return words
}
