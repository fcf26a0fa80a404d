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
	re    *regexp.Regexp
}

// keyed joins line patterns (see anyLine) under their words.
func keyed(words []string, patterns ...string) keyedRE {
	return keyedRE{words: words, re: anyLine(patterns...)}
}

// MatchString reports whether s matches one of the patterns.
func (k keyedRE) MatchString(s string) bool {
	return k.matchLower(s, strings.ToLower(s))
}

// matchLower is MatchString with s already lower-cased as lower, for a
// line that several tests read.
func (k keyedRE) matchLower(s, lower string) bool {
	for _, w := range k.words {
		if strings.Contains(lower, w) {
			return k.re.MatchString(s)
		}
	}
	return false
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
