package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
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
// content runs from there to the next heading; the colon may be full width
// ("今日："). The words (headingWords has them all, per language):
//
//	Yesterday  yesterday, done, did, completed, Y:, gestern, hier, ayer, ontem, gisteren, ieri, 昨日, 昨天
//	Today      today, doing, next, plan(s), T:, heute, aujourd'hui, hoy, hoje, vandaag, oggi, 今日, 今天
//	Tomorrow   tomorrow, morgen, demain, mañana, amanhã, domani, 明日, 明天
//	Blockers   blocker(s), blocked, impediments, issues, B:, hindernisse, blocages, bloqueos,
//	           bloqueios, blokkades, blocchi, ブロッカー, 課題, 阻碍, 问题
//
// Tomorrow is Today when there is no Today heading. With Today and Tomorrow
// but no Yesterday the author wrote at the end of the day, so Today is what
// they did (Yesterday) and Tomorrow what they will do (Today). With all
// three, a Tomorrow line is ordinary content of the section it sits in.
//
// Decisions where the shape of a reply is ambiguous:
//   - Headings of the days and blockers may follow each other on one line,
//     after a blank or a stop ("Yesterday: a. Today: b", "昨日：a。今日：b");
//     "done:" or "next:" inside a line stay words of a sentence.
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
//   - A sign-off at the end ("Thanks!", "Cheers,\nAlice") is dropped, and so
//     is a mail app's signature ("Sent from my iPhone", clientSignatures).
//   - A section that appears twice ("Doing:" and later "Next:") gets both
//     contents, joined by a newline.
//   - Blockers that say there are none ("none", "n/a", "-", "No blockers!",
//     "None so far 🎉", "keine", "aucun", "ninguno", "geen", "なし", "无"…;
//     noBlockers) leave Blockers "".
//
// Content keeps its bullets and inner lines as written; trailing spaces,
// common indentation, leading and trailing blank lines and runs of blank
// lines are tidied.
func SplitStatus(text string) (s Sections, ok bool) {
	lines := splitInline(cutSignOff(cutClientSignatures(strings.Split(text, "\n"))))
	var heads []heading
	for i, line := range lines {
		if h, ok := headingOf(line); ok {
			h.line = i
			heads = append(heads, h)
		}
	}
	heads = resolveTomorrow(heads)
	if !sectioned(heads) {
		return Sections{}, false
	}
	var parts [numSections][]string
	for k, h := range heads {
		end := len(lines)
		if k+1 < len(heads) {
			end = heads[k+1].line
		}
		body := tidy(h.rest, lines[h.line+1:end])
		if body == "" || (h.part == partBlockers && saysNoBlocker(body)) {
			continue
		}
		parts[h.part] = append(parts[h.part], body)
	}
	if pre := preamble(lines[:heads[0].line]); pre != "" {
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

// splitInline breaks a heading line that holds further headings, each
// with a colon after a blank or a stop ("Yesterday: a. Today: b",
// "昨日：テスト。今日：リリース"), into one line per heading.
func splitInline(lines []string) []string {
	var out []string
	for _, l := range lines {
		for len(l) <= 500 {
			if h, ok := headingOf(l); !ok || !h.strong {
				break
			}
			i := inlineHeading(l)
			if i < 0 {
				break
			}
			out, l = append(out, l[:i]), l[i:]
		}
		out = append(out, l)
	}
	return out
}

// inlineHeading returns where a second heading starts in the heading line
// l, or -1.
func inlineHeading(l string) int {
	c := strings.IndexAny(l, ":：")
	if c < 0 {
		return -1
	}
	prev := ':'
	for i, r := range l[c+1:] {
		i += c + 1
		if unicode.IsLetter(r) && (unicode.IsSpace(prev) || strings.ContainsRune("。、；;,，.", prev)) && isDayWord(l[i:]) {
			if h, ok := headingOf(l[i:]); ok && h.strong {
				return i
			}
		}
		prev = r
	}
	return -1
}

// dayWords are the heading words that may start a heading inside a line:
// the days and blockers, not "done:" or "next:", which sentences hold.
var dayWords = []string{"yesterday", "today", "tomorrow", "blockers", "blocker", "impediments",
	"gestern", "heute", "morgen", "hindernisse", "aujourd'hui", "aujourd’hui", "demain", "blocages", "bloquants",
	"ayer", "hoy", "mañana", "bloqueos", "ontem", "hoje", "amanhã", "bloqueios", "gisteren", "vandaag", "blokkades",
	"ieri", "oggi", "domani", "blocchi", "igår", "idag", "wczoraj", "dzisiaj", "dziś",
	"昨日", "今日", "本日", "明日", "ブロッカー", "課題", "昨天", "今天", "明天", "阻碍"}

// dayIndex finds the dayWords that a text may start with.
var dayIndex = newFoldIndex(dayWords)

// isDayWord reports whether s starts with one of dayWords.
func isDayWord(s string) bool {
	for _, i := range dayIndex.candidates(s) {
		w := dayWords[i]
		if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
			return true
		}
	}
	return false
}

// section is one of the sections of a status reply, in the order of a day.
type section int

const (
	partYesterday section = iota
	partToday
	partBlockers
	partTomorrow
	numSections
)

// tidy joins a heading's same-line content and the lines after it,
// without common indentation, trailing spaces, or blank lines at either
// end or in runs.
func tidy(first string, more []string) string {
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

// preamble is the text before the first heading without greetings
// and chatter, tidied; "" when nothing is left.
func preamble(lines []string) string {
	var keep []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "" || !isChatter(l) {
			keep = append(keep, l)
		}
	}
	return tidy("", keep)
}

// saysNoBlocker says whether a blockers section says there are none:
// one of noBlockers, perhaps with a word of time after it ("none so far").
func saysNoBlocker(body string) bool {
	var b strings.Builder
	for _, r := range toLower(body) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '\'' || r == '’':
			b.WriteByte(' ')
		}
	}
	key := strings.Join(strings.Fields(b.String()), " ")
	for cut := true; cut; {
		cut = false
		for _, q := range noBlockerCuts {
			if k, ok := strings.CutSuffix(key, q.suffix); ok {
				key, cut = strings.TrimSpace(k), true
			}
			if k, ok := strings.CutPrefix(key, q.prefix); ok {
				key, cut = strings.TrimSpace(k), true
			}
		}
	}
	return noBlockers[key]
}

// noBlockerCuts are noBlockerTimes as they follow or lead the words of
// noBlockers: with a blank between them unless they are Chinese or
// Japanese.
var noBlockerCuts = func() []struct{ suffix, prefix string } {
	cuts := make([]struct{ suffix, prefix string }, len(noBlockerTimes))
	for i, q := range noBlockerTimes {
		sep := " "
		if q[0] >= utf8.RuneSelf {
			sep = ""
		}
		cuts[i].suffix, cuts[i].prefix = sep+q, q+sep
	}
	return cuts
}()

// noBlockers are what a blockers section says when there are none, lower
// case, without punctuation.
var noBlockers = setOf("", "none", "no", "nope", "na", "nothing", "nil", "0", "zero", "no blockers", "no blocker",
	"not blocked", "no issues", "no impediments", "nothing blocking", "nothing blocking me", "all good",
	// German
	"nichts", "keine", "keiner", "keins", "keine blocker", "keine hindernisse", "keine probleme", "nein",
	// French
	"aucun", "aucune", "rien", "aucun bloquant", "aucun blocage", "pas de blocage", "pas de blocages", "néant",
	// Spanish, Portuguese
	"ninguno", "ninguna", "nada", "ningún bloqueo", "sin bloqueos", "ningun bloqueo",
	"nenhum", "nenhuma", "nenhum bloqueio", "sem bloqueios", "sem impedimentos",
	// Dutch, Italian
	"geen", "niets", "geen blokkades", "geen blokkers", "nessuno", "nessuna", "niente", "nulla", "nessun blocco",
	// Swedish, Polish
	"inga", "inget", "ingen", "inga hinder", "brak", "nie", "żadne", "brak blokerów",
	// Japanese, Chinese
	"なし", "無し", "特になし", "特に無し", "ありません", "特にありません", "ない", "无", "無", "没有", "沒有", "暂无", "暫無",
	"没有阻碍", "无阻碍")

// noBlockerTimes may follow a word of noBlockers: "none so far", "keine
// bisher", "rien pour l'instant".
var noBlockerTimes = []string{"so far", "for now", "right now", "at the moment", "atm", "today",
	"yet", "currently", "thanks", "thank you", "at this time", "as of now", "at all",
	"bisher", "momentan", "aktuell", "derzeit", "pour l instant", "pour le moment", "por ahora", "por enquanto",
	"voorlopig", "per ora", "för tillfället", "目前", "今のところ"}
