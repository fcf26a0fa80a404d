package quote

import (
	"unicode"
	"unicode/utf8"
)

// foldIndex lists, for each rune, the words whose first rune equals it
// under Unicode case folding: the only words that strings.EqualFold can
// find at the start of a text that begins with that rune. A loop over a
// word list then tries a few words instead of all of them.
type foldIndex struct {
	ascii [utf8.RuneSelf][]int
	other map[rune][]int
}

// newFoldIndex indexes words, which keep their order within each list.
func newFoldIndex(words []string) *foldIndex {
	x := &foldIndex{other: map[rune][]int{}}
	for i, w := range words {
		first, _ := utf8.DecodeRuneInString(w)
		r := first
		for {
			if r < utf8.RuneSelf {
				x.ascii[r] = append(x.ascii[r], i)
			} else {
				x.other[r] = append(x.other[r], i)
			}
			if r = unicode.SimpleFold(r); r == first {
				break
			}
		}
	}
	return x
}

// candidates returns, in order, the indices of the words that s may start
// with, case folded.
func (x *foldIndex) candidates(s string) []int {
	if s == "" {
		return nil
	}
	if c := s[0]; c < utf8.RuneSelf {
		return x.ascii[c]
	}
	r, _ := utf8.DecodeRuneInString(s)
	return x.other[r]
}
