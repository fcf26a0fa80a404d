package quote

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// lineTestSeeds are texts on which the ASCII and non-ASCII paths differ.
var lineTestSeeds = []string{"", "Hello wrote", "a, b", "  x\u00a0y ,", "\xffab'c’d '' ’", "ab…cd{e",
	"Mira napisał(a):", "É", "To UNSUBSCRIBE from this group", "BEGIN FORWARDED MESSAGE", "Quoting Kelvin \u212a",
	"İN MESSAGE", "Ⱥ", "Von: Mira", "----- Forwarded message -----", "Am 3.7.2025 schrieb Mira:", "\tlà bas, vào"}

// FuzzLineTests checks that the fast line tests answer exactly as the
// standard library calls they stand for, on any text.
func FuzzLineTests(f *testing.F) {
	for _, s := range lineTestSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lower := strings.ToLower(s)
		if got := toLower(s); got != lower {
			t.Errorf("toLower(%q) = %q, want %q", s, got, lower)
		}
		for _, p := range []*phrases{introPhrases, footerREs.index, clientKeys} {
			want := false
			for _, w := range p.words {
				want = want || strings.Contains(lower, w)
			}
			if got := p.inFold(s); got != want {
				t.Errorf("inFold(%q) = %v, want %v", s, got, want)
			}
		}
		if got, want := countWords(s), len(lowerWords(s)); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
		if got, want := fieldCount(s, 1000), len(strings.Fields(s)); got != want {
			t.Errorf("fieldCount(%q) = %d, want %d", s, got, want)
		}
		words, last := letterWords(s), ""
		if len(words) > 0 {
			last = words[len(words)-1]
		}
		if got := lastLetterWord(s); got != last {
			t.Errorf("lastLetterWord(%q) = %q, want %q", s, got, last)
		}
		var split []string
		for rest := s; rest != ""; {
			var w string
			if w, rest = nextWord(rest); w != "" {
				split = append(split, w)
			}
		}
		if want := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' }); !slices.Equal(split, want) {
			t.Errorf("nextWord splits %q into %q, want %q", s, split, want)
		}
		_, known := headerFields[fieldName(s)]
		if got := isFieldName(s); got != known {
			t.Errorf("isFieldName(%q) = %v, want %v", s, got, known)
		}
	})
}
