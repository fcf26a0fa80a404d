package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text that came from outside (a status reply, an agenda item, a relay's
// or a mail server's answer) reaches the admin's terminal through the
// human-readable commands. An escape sequence in it could recolour the
// screen, retitle the window, hide what follows or rewrite earlier lines,
// so every such output goes through clean (or cleanLine) first. JSON
// output needs none of this: encoding/json escapes control characters.

// clean drops what a terminal would act on instead of showing: ANSI
// escape sequences whole (CSI, OSC, DCS and two-byte ones), the other C0
// and C1 control characters, DEL, carriage returns, and the bidirectional
// overrides that reorder text on screen. Newlines and tabs stay; invalid
// UTF-8 becomes U+FFFD.
func clean(s string) string { return sanitize(s, false) }

// cleanLine is clean for one line of a table or a message: newlines and
// tabs become spaces too.
func cleanLine(s string) string { return sanitize(s, true) }

func sanitize(s string, oneLine bool) string {
	if plain(s, oneLine) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			size = escapeLen(s[i:])
		case r == '\n' || r == '\t':
			if oneLine {
				r = ' '
			}
			b.WriteRune(r)
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case unicode.IsControl(r) || isBidiControl(r):
			// dropped
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// plain reports whether s is printable ASCII (and newlines and tabs,
// unless oneLine): the usual case, returned as it is.
func plain(s string, oneLine bool) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && (oneLine || c != '\n' && c != '\t')) || c >= 0x7f {
			return false
		}
	}
	return true
}

// escapeLen is the length of the escape sequence at the start of s, which
// begins with ESC (ECMA-48): CSI runs to its final byte, OSC, DCS, SOS, PM
// and APC to BEL or ST, anything else is ESC and one byte.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[': // CSI: parameter and intermediate bytes, then a final byte
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
			if s[i] < 0x20 || s[i] > 0x7e {
				return i // not a sequence after all: drop what was read
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_': // a string, ended by BEL or ESC \
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	if s[1] >= 0x20 && s[1] <= 0x7e {
		return 2
	}
	return 1
}

// isBidiControl reports the embedding, override and isolate controls
// (Unicode bidi classes LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI) and the
// directional marks, which make a terminal show text in another order
// than it is stored.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}
