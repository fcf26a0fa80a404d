package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isChatter says whether a line before the first heading is a greeting
// or an announcement of the update rather than part of it: "Hi team,",
// "Good morning Alice!", "Here's my update for today:", "---".
func isChatter(line string) bool {
	t := strings.TrimSpace(line)
	words := lowerWords(t)
	if len(words) == 0 {
		return true
	}
	other, topic := 0, false
	for _, w := range words {
		switch w {
		case "update", "updates", "status", "standup":
			topic = true
		}
		if !isChatterWord(w) {
			other++
		}
	}
	switch {
	case other == 0:
		return true
	case isGreetingWord(words[0]) && other <= 2 && len(words) <= 4:
		return true // a greeting with a name: "Hi Bob,", "Hello Jean-Luc!"
	case strings.HasSuffix(t, ":") && topic && len(words) <= 10:
		return true
	}
	return false
}

// isGreetingWord says whether w opens a greeting.
func isGreetingWord(w string) bool {
	switch w {
	case "hi", "hello", "hey", "hiya", "howdy", "greetings", "yo", "dear", "morning", "good",
		"hallo", "moin", "servus", "guten", "bonjour", "salut", "coucou", "hola", "buenos", "buenas", "olá", "ola",
		"oi", "bom", "boa", "hoi", "goedemorgen", "ciao", "salve", "buongiorno", "hej", "hei", "cześć", "witam",
		"お疲れ様です", "おつかれさまです", "おはようございます", "大家好", "你好", "各位好":
		return true
	}
	return false
}

// isChatterWord says whether w belongs in a greeting or in announcing
// an update.
func isChatterWord(w string) bool {
	if isGreetingWord(w) {
		return true
	}
	switch w {
	case "afternoon", "evening", "all", "team", "everyone", "everybody", "folks", "there", "guys",
		"y'all", "people", "morgen", "tag", "zusammen", "à", "tous", "equipo", "todos", "pessoal", "time", "dia",
		"allemaal", "a", "tutti", "alle", "giorno", "días", "dias",
		"update", "updates", "status", "standup", "stand", "daily", "quick", "my", "here", "here's",
		"heres", "is", "for", "today", "today's", "the", "this", "week", "weekly", "report":
		return true
	}
	return false
}

// lowerWords splits s into lower-case words of letters, digits and
// apostrophes.
func lowerWords(s string) []string {
	var words []string
	start := -1
	for i := 0; i <= len(s); {
		r, size := ' ', 1 // the end of s ends a word
		if i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			w := strings.ReplaceAll(toLower(s[start:i]), "’", "'")
			if w = strings.Trim(w, "'"); w != "" {
				words = append(words, w)
			}
			start = -1
		}
		i += size
	}
	return words
}

// countWords is len(lowerWords(s)) without building the words: a run of
// word runes counts when it holds more than apostrophes.
func countWords(s string) int {
	n, inWord, counted := 0, false, false
	for _, r := range s {
		if !isWordRune(r) {
			inWord = false
			continue
		}
		if !inWord {
			inWord, counted = true, false
		}
		if !counted && r != '\'' && r != '’' {
			n, counted = n+1, true
		}
	}
	return n
}

// isWordRune says whether r belongs in a word of lowerWords.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
}
