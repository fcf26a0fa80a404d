package quote

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/preread/preread/internal/ascii"
)

// Most lines of a reply are none of the things the line tests look for, so
// the tests first read a line once, byte by byte, for what each of them
// needs (a word, a digit), and lower-case it only when they must.

// phrases is a set of lower-case phrases, each two bytes long or more,
// that a line is searched for in one pass: only where a pair of bytes
// starts one of them are the phrases that start with its byte tried, where
// a strings.Contains per phrase would read the line once each.
type phrases struct {
	words   []string
	pairs   [1 << 16 / 64]uint64 // the first two bytes of each phrase, a bit each
	byFirst [256][]int           // indices in words
}

// newPhrases indexes the phrases of lists.
func newPhrases(lists ...[]string) *phrases {
	p := &phrases{}
	for _, list := range lists {
		for _, w := range list {
			if len(w) < 2 || w != strings.ToLower(w) {
				panic("quote: phrase " + strconv.Quote(w) + " is short or not lower case")
			}
			pair := uint16(w[0])<<8 | uint16(w[1])
			p.pairs[pair/64] |= 1 << (pair % 64)
			p.byFirst[w[0]] = append(p.byFirst[w[0]], len(p.words))
			p.words = append(p.words, w)
		}
	}
	return p
}

// in reports whether lower holds one of the phrases.
func (p *phrases) in(lower string) bool {
	return p.each(lower, func(int) bool { return true })
}

// each calls f with the index of each phrase that lower holds, once for
// each place it is found, until f returns true; it reports whether f did.
func (p *phrases) each(lower string, f func(word int) bool) bool {
	for i := 0; i+1 < len(lower); i++ {
		pair := uint16(lower[i])<<8 | uint16(lower[i+1])
		if p.pairs[pair/64]&(1<<(pair%64)) == 0 {
			continue
		}
		for _, w := range p.byFirst[lower[i]] {
			if strings.HasPrefix(lower[i:], p.words[w]) && f(w) {
				return true
			}
		}
	}
	return false
}

// inBytes is in for a line lower-cased into a buffer.
func (p *phrases) inBytes(lower []byte) bool {
	for i := 0; i+1 < len(lower); i++ {
		pair := uint16(lower[i])<<8 | uint16(lower[i+1])
		if p.pairs[pair/64]&(1<<(pair%64)) == 0 {
			continue
		}
		for _, w := range p.byFirst[lower[i]] {
			if word := p.words[w]; len(lower)-i >= len(word) && string(lower[i:i+len(word)]) == word {
				return true
			}
		}
	}
	return false
}

// inFold reports whether s, lower-cased, holds one of the phrases. An
// ASCII line is read as it is, folding its letters; only another is
// lower-cased first.
func (p *phrases) inFold(s string) bool {
	if !ascii.Is(s) {
		var buf [256]byte // most lines fit: no copy on the heap
		return p.inBytes(appendLower(buf[:0], s))
	}
	for i := 0; i+1 < len(s); i++ {
		pair := uint16(ascii.Lower(s[i]))<<8 | uint16(ascii.Lower(s[i+1]))
		if p.pairs[pair/64]&(1<<(pair%64)) == 0 {
			continue
		}
		for _, w := range p.byFirst[ascii.Lower(s[i])] {
			if ascii.HasPrefixFold(s[i:], p.words[w]) {
				return true
			}
		}
	}
	return false
}

// toLower is strings.ToLower, with ASCII letters lower-cased in place of
// a call to unicode.ToLower, as most letters of most lines are.
func toLower(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + utf8.UTFMax)
	b.WriteString(s[:i])
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			b.WriteByte(ascii.Lower(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(unicode.ToLower(r)) // an invalid byte becomes U+FFFD, as in strings.ToLower
		i += size
	}
	return b.String()
}

// appendLower appends toLower(s) to b.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, ascii.Lower(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, unicode.ToLower(r)) // an invalid byte becomes U+FFFD, as in strings.ToLower
		i += size
	}
	return b
}

// lookupLower returns m[toLower(key)], without a copy of a key that is
// short and ASCII.
func lookupLower[V any](m map[string]V, key string) V {
	var buf [32]byte
	if len(key) > len(buf) || !ascii.Is(key) {
		return m[toLower(key)]
	}
	return m[string(ascii.AppendLower(buf[:0], key))]
}

// byteSet is a set of bytes, for a test that reads a line once.
type byteSet [256]bool

// newByteSet returns the set of the bytes of chars.
func newByteSet(chars string) *byteSet {
	var b byteSet
	for i := 0; i < len(chars); i++ {
		b[chars[i]] = true
	}
	return &b
}

// in reports whether s holds a byte of the set.
func (b *byteSet) in(s string) bool {
	for i := 0; i < len(s); i++ {
		if b[s[i]] {
			return true
		}
	}
	return false
}
