package quote

import (
	"regexp"
	"strings"
)

// keyedRE is a regexp over a line with the words (lower case) of which the
// line must hold one for it to match: a cheap test first, as most lines
// hold none. Each pattern's comment or literal text shows its word.
type keyedRE struct {
	words []string
	index *phrases // words
	re    *regexp.Regexp
}

// keyed joins line patterns (see anyLine) under their words.
func keyed(words []string, patterns ...string) keyedRE {
	return keyedRE{words: words, index: newPhrases(words), re: anyLine(patterns...)}
}

// MatchString reports whether s matches one of the patterns.
func (k keyedRE) MatchString(s string) bool {
	return k.index.inFold(s) && k.re.MatchString(s)
}

// matchLower is MatchString with s already lower-cased as lower, for a
// line that several tests read.
func (k keyedRE) matchLower(s, lower string) bool {
	return k.index.in(lower) && k.re.MatchString(s)
}

// literalPrefixes are the patterns' texts up to their first group or
// class: words every match of the pattern holds.
func literalPrefixes(patterns []string) []string {
	out := make([]string, len(patterns))
	for i, p := range patterns {
		if j := strings.IndexAny(p, "([\\?*+.|"); j >= 0 {
			p = p[:j]
		}
		out[i] = strings.TrimSpace(p)
	}
	return out
}

// anyLine compiles line patterns, each anchored at the start of the line,
// into one regexp that matches what any of them matches: one pass over a
// line instead of one per pattern.
func anyLine(patterns ...string) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + strings.Join(patterns, `|`) + `)`)
}
