package mailin

import (
	"regexp"
	"strings"
)

// phraseSet finds whether a text holds any of many phrases in one pass:
// each position's next four bytes are looked up in a table of the
// phrases' first four, and only a phrase that starts so is compared.
// One strings.Contains per phrase reads the text once per phrase.
type phraseSet struct {
	seen  [1 << 16]bool       // by hash of a phrase's first four bytes
	start map[uint32][]string // phrases by their first four bytes
	short []string            // phrases under four bytes: compared as they are
}

func newPhraseSet(phrases []string) *phraseSet {
	s := &phraseSet{start: map[uint32][]string{}}
	for _, p := range phrases {
		if len(p) < 4 {
			s.short = append(s.short, p)
			continue
		}
		k := key4(p)
		s.seen[hash16(k)] = true
		s.start[k] = append(s.start[k], p)
	}
	return s
}

func key4(s string) uint32 {
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

func hash16(k uint32) uint16 { return uint16((k * 2654435761) >> 16) }

// in reports whether text holds one of the phrases.
func (s *phraseSet) in(text string) bool {
	for _, p := range s.short {
		if strings.Contains(text, p) {
			return true
		}
	}
	for i := 0; i+4 <= len(text); i++ {
		k := key4(text[i:])
		if !s.seen[hash16(k)] {
			continue
		}
		for _, p := range s.start[k] {
			if strings.HasPrefix(text[i:], p) {
				return true
			}
		}
	}
	return false
}

// gatedRE is a regexp that is run only on a text holding one of its
// gates: words every match holds, so that the text most mail has is
// passed over with a strings.Contains or two.
type gatedRE struct {
	gates []string
	re    *regexp.Regexp
}

func gated(re string, gates ...string) gatedRE {
	return gatedRE{gates: gates, re: regexp.MustCompile(re)}
}

func (g gatedRE) MatchString(s string) bool {
	for _, w := range g.gates {
		if strings.Contains(s, w) {
			return g.re.MatchString(s)
		}
	}
	return false
}

// eachLineWhere calls fn for each line of text (without its "\n") whose
// first byte after spaces and tabs is one of first (any, when first is
// ""), until fn says stop;
// line-anchored regexps then run only on the lines that can match.
func eachLineWhere(text, first string, fn func(line string, at int) (stop bool)) {
	for at := 0; at < len(text); {
		end := strings.IndexByte(text[at:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += at
		}
		line := text[at:end]
		if t := strings.TrimLeft(line, " \t"); t != "" && (first == "" || strings.IndexByte(first, t[0]) >= 0) {
			if fn(line, at) {
				return
			}
		}
		at = end + 1
	}
}

// lineMatches reports whether re, anchored at the start of a line, matches
// a line of text that starts with one of first (after spaces and tabs)
// and holds want: the regexp runs only on lines that can match.
func lineMatches(text, first, want string, re *regexp.Regexp) bool {
	found := false
	eachLineWhere(text, first, func(line string, _ int) bool {
		found = strings.Contains(line, want) && re.MatchString(line)
		return found
	})
	return found
}
