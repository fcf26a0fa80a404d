package mailin

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/preread/preread"
)

// Categorize picks the agenda category of an item from its subject and
// text.
//
// A category hashtag wins: #growth, #feedback, #help, #offer, #idea, in any
// case, with #career and #learning for growth, #ideas for idea, and #other
// to keep an item out of every category. The first hashtag in the subject
// counts, else the first in the text. A hashtag must start a word: the
// "#help" in "docs#help" or a URL does not count.
//
// Otherwise whole keywords and phrases, English and a few German ones,
// decide; when several categories match, the first of help, feedback,
// growth, offer, idea wins, since a plea for help should not hide behind
// an idea mentioned alongside it. A phrase takes its words with it: "I can
// help" is an offer, not a plea, and "of course" is not a course. Words
// inside URLs and addresses don't count. With no match, CategoryOther.
func Categorize(subject, text string) preread.Category {
	for _, s := range []string{subject, text} {
		if tags := hashtags(s); len(tags) > 0 {
			return tags[0].cat
		}
	}
	found := map[preread.Category]bool{}
	markKeywords(subject, found)
	markKeywords(text, found)
	for _, c := range []preread.Category{preread.CategoryHelp, preread.CategoryFeedback, preread.CategoryGrowth, preread.CategoryOffer, preread.CategoryIdea} {
		if found[c] {
			return c
		}
	}
	return preread.CategoryOther
}

// StripHashtags removes the category hashtags that Categorize reads from a
// subject or text, leaving other hashtags alone. Where a tag sat between
// words one space is left; brackets around a tag ("(#help)") and a colon
// after a tag at the start of a line ("#help: …") go with it; a line that
// held only tags goes. Text without category hashtags comes back as it was.
func StripHashtags(s string) string {
	if !strings.Contains(s, "#") {
		return s
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, line := range lines {
		tags := hashtags(line)
		if len(tags) == 0 {
			out = append(out, line)
			continue
		}
		for k := len(tags) - 1; k >= 0; k-- {
			line = cutHashtag(line, tags[k].start, tags[k].end)
		}
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// NamedReport finds "AGENDA for Alice: …" in a subject or the first line of
// a text: with or without the AGENDA word ("[AGENDA]", "AGENDA:" and
// "AGENDA" all do), then "for", a name, and a colon or a spaced dash
// ("Agenda for Alice - …"). It returns the name as written ("Alice",
// "alice@corp.example", "Alice Liddell"; angle brackets around an address
// dropped) and the rest of the line after the separator, trimmed. After the
// AGENDA word the separator may be missing ("AGENDA for Alice").
//
// The name is one word or address, or two to four capitalised words
// ("Mary-Jane van Dyke"); so "for the offsite: …" is not a name. Whether
// the name is a report is for the caller to look up.
func NamedReport(line string) (name, rest string, ok bool) {
	s, _, _ := strings.Cut(strings.TrimSpace(line), "\n")
	tagged := false
	if t, r, ok := cutTag(s); ok && t == preread.AddressAgenda {
		s, tagged = r, true
	} else if len(s) > 6 && strings.EqualFold(s[:6], "agenda") && (s[6] == ' ' || s[6] == '\t') {
		s, tagged = strings.TrimLeft(s[6:], " \t"), true
	}
	if len(s) < 4 || !strings.EqualFold(s[:3], "for") || (s[3] != ' ' && s[3] != '\t') {
		return "", "", false
	}
	s = strings.TrimLeft(s[3:], " \t")
	name, rest = s, ""
	if i, n := nameSeparator(s); i >= 0 {
		name, rest = s[:i], strings.TrimSpace(s[i+n:])
	} else if !tagged {
		return "", "", false
	}
	name = strings.TrimSpace(name)
	if strings.HasPrefix(name, "<") && strings.HasSuffix(name, ">") {
		name = name[1 : len(name)-1]
	}
	if !looksLikeName(name) {
		return "", "", false
	}
	return name, rest, true
}

// nameSeparator finds the first colon, or dash with a space before it and
// a space or the end after it, in s; it returns its index and length, or -1.
func nameSeparator(s string) (i, n int) {
	prev := rune(0)
	for i, r := range s {
		n := utf8.RuneLen(r)
		switch {
		case r == ':':
			return i, n
		case (r == '-' || r == '–' || r == '—') && prev == ' ' && (i+n == len(s) || s[i+n] == ' ' || s[i+n] == '\t'):
			return i, n
		}
		prev = r
	}
	return -1, 0
}

// looksLikeName says whether s looks like a person's name or address.
func looksLikeName(s string) bool {
	words := strings.Fields(s)
	if len(s) > 100 || len(words) == 0 || len(words) > 4 {
		return false
	}
	if len(words) == 1 {
		if local, domain, ok := strings.Cut(s, "@"); ok {
			return local != "" && domain != "" && !strings.ContainsAny(s, "<>()[],;\"")
		}
		letter := false
		for _, r := range s {
			switch {
			case unicode.IsLetter(r):
				letter = true
			case unicode.IsDigit(r) || strings.ContainsRune(".-_'’+", r):
			default:
				return false
			}
		}
		return letter
	}
	for _, w := range words {
		first, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(first) && !isNameParticle(w) {
			return false
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && !strings.ContainsRune(".-'’", r) {
				return false
			}
		}
	}
	return true
}

// isNameParticle says whether w is a lower-case part of a family name.
func isNameParticle(w string) bool {
	switch w {
	case "van", "von", "der", "den", "de", "da", "di", "del", "la", "le", "du", "bin", "al":
		return true
	}
	return false
}

// hashtag is one category hashtag in a string: s[start:end] is "#help".
type hashtag struct {
	start, end int
	cat        preread.Category
}

// hashtags finds the category hashtags in s, in order. A hashtag
// starts s or follows a space or an opening bracket or quote, and ends
// where the word ends; so "docs#help", "x.com/#help" and "#helpful" are
// not hashtags.
func hashtags(s string) []hashtag {
	var tags []hashtag
	for i := 0; i < len(s); i++ {
		if s[i] != '#' {
			continue
		}
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			if !unicode.IsSpace(prev) && !strings.ContainsRune("([{<\"'*“‘«", prev) {
				continue
			}
		}
		j := i + 1
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' {
				break
			}
			j += n
		}
		if cat, ok := hashtagCategory(s[i+1 : j]); ok {
			tags = append(tags, hashtag{start: i, end: j, cat: cat})
		}
		i = j - 1
	}
	return tags
}

// hashtagCategory maps a hashtag, without its '#', to its category.
func hashtagCategory(word string) (preread.Category, bool) {
	switch strings.ToLower(word) {
	case "growth", "career", "learning":
		return preread.CategoryGrowth, true
	case "feedback":
		return preread.CategoryFeedback, true
	case "help":
		return preread.CategoryHelp, true
	case "offer":
		return preread.CategoryOffer, true
	case "idea", "ideas":
		return preread.CategoryIdea, true
	case "other":
		return preread.CategoryOther, true
	}
	return "", false
}

// cutHashtag removes line[i:j], a hashtag, and tidies around it.
func cutHashtag(line string, i, j int) string {
	if i > 0 && j < len(line) && ((line[i-1] == '(' && line[j] == ')') || (line[i-1] == '[' && line[j] == ']')) {
		i, j = i-1, j+1
	}
	before, after := line[:i], line[j:]
	if strings.TrimSpace(before) == "" {
		after = strings.TrimPrefix(after, ":")
		return before + strings.TrimLeft(after, " \t")
	}
	if after == "" || strings.ContainsRune(" \t.,;:!?)]", rune(after[0])) {
		before = strings.TrimRight(before, " \t")
	}
	return before + after
}

// keyPhrase is a run of words that means a category; an empty category
// means none, for phrases that would otherwise match a keyword.
type keyPhrase struct {
	words []string
	cat   preread.Category
}

// keyPhrases are matched before single words, longest first; read-only.
var keyPhrases = []keyPhrase{
	{strings.Fields("how am i doing"), preread.CategoryFeedback},
	{strings.Fields("what should i"), preread.CategoryFeedback},
	{strings.Fields("stop doing"), preread.CategoryFeedback},
	{strings.Fields("do better"), preread.CategoryFeedback},
	{strings.Fields("need support"), preread.CategoryHelp},
	{strings.Fields("stecke fest"), preread.CategoryHelp},
	{strings.Fields("i can help"), preread.CategoryOffer},
	{strings.Fields("i could help"), preread.CategoryOffer},
	{strings.Fields("happy to help"), preread.CategoryOffer},
	{strings.Fields("glad to help"), preread.CategoryOffer},
	{strings.Fields("ich kann helfen"), preread.CategoryOffer},
	{strings.Fields("can take"), preread.CategoryOffer},
	{strings.Fields("what if"), preread.CategoryIdea},
	{strings.Fields("was wäre wenn"), preread.CategoryIdea},
	{strings.Fields("of course"), ""},
}

// keywordCategory maps a single lower-case keyword to its category.
func keywordCategory(w string) (preread.Category, bool) {
	switch w {
	case "career", "careers", "promotion", "promoted", "learn", "learning", "grow", "growth",
		"ambition", "ambitions", "skill", "skills", "mentor", "mentors", "mentoring", "mentorship",
		"course", "courses", "conference", "conferences", "stretch", "scope",
		"karriere", "beförderung", "lernen", "weiterbildung", "konferenz", "schulung":
		return preread.CategoryGrowth, true
	case "feedback", "performance", "review", "reviews", "rückmeldung":
		return preread.CategoryFeedback, true
	case "help", "blocked", "blocker", "blockers", "stuck", "unblock", "hilfe", "blockiert":
		return preread.CategoryHelp, true
	case "offer", "offers", "volunteer", "anbieten":
		return preread.CategoryOffer, true
	case "idea", "ideas", "proposal", "proposals", "propose", "suggestion", "suggestions", "suggest",
		"idee", "ideen", "vorschlag", "vorschlagen":
		return preread.CategoryIdea, true
	}
	return "", false
}

// markKeywords marks in found the categories whose keywords s holds.
func markKeywords(s string, found map[preread.Category]bool) {
	words := clauseWords(s)
	used := make([]bool, len(words))
	for _, p := range keyPhrases {
		n := len(p.words)
	next:
		for i := 0; i+n <= len(words); i++ {
			for k, w := range p.words {
				if used[i+k] || words[i+k] != w {
					continue next
				}
			}
			for k := range n {
				used[i+k] = true
			}
			if p.cat != "" {
				found[p.cat] = true
			}
		}
	}
	for i, w := range words {
		if used[i] {
			continue
		}
		if c, ok := keywordCategory(w); ok {
			found[c] = true
		}
	}
}

// clauseWords splits s into lower-case words, with "" wherever a sentence
// or clause ends so that phrases don't match across it. URLs and addresses
// are left out, and '#' counts as part of a word so that "docs#help" is no
// "help".
func clauseWords(s string) []string {
	var words []string
	for _, field := range strings.Fields(strings.ReplaceAll(s, "\n", " \n ")) {
		if field == "\n" || strings.Contains(field, "://") || strings.Contains(field, "@") || strings.HasPrefix(strings.ToLower(field), "www.") {
			words = append(words, "")
			continue
		}
		var b strings.Builder
		flush := func() {
			if w := strings.Trim(b.String(), "'"); w != "" {
				words = append(words, w)
			}
			b.Reset()
		}
		for _, r := range field {
			switch {
			case r == '’':
				b.WriteRune('\'')
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '#':
				b.WriteRune(unicode.ToLower(r))
			default:
				flush()
				if strings.ContainsRune(".!?;:", r) {
					words = append(words, "")
				}
			}
		}
		flush()
	}
	return words
}
