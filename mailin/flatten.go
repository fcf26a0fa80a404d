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
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // most mail is ASCII: no rune decoding
			i++
			switch {
			case asciiSpace[c]:
				space = b.Len() > 0
				continue
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == '’':
			r = '\''
		default:
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
