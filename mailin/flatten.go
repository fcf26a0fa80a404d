package mailin

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// flatten lowers a text and makes every run of white space one space, so
// that a phrase matches across the line breaks a mail program wraps at,
// and curly apostrophes straight.
func flatten(s string) string {
	// One pass, as strings.ToLower, then ’ to ', then strings.Fields
	// joined by spaces would give.
	var b strings.Builder
	b.Grow(len(s))
	space := false // white space since the last rune written
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == '’':
			r = '\''
		case r >= utf8.RuneSelf:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// asciiSpace is the ASCII white space of unicode.IsSpace.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
