package ascii

import (
	"strings"
	"testing"
)

// The byte-level tests answer as the standard library's, for ASCII words
// in any text, non-ASCII and invalid UTF-8 included.
func TestFoldsAsTheStandardLibrary(t *testing.T) {
	texts := []string{"", "Envelope-From <>", "ENVELOPE-from", "xenvelope-", "envelop", "Ünvelope-from \xff", "K\u212a envelope-"}
	for _, s := range texts {
		for _, w := range []string{"envelope-", "from", "x"} {
			if got, want := ContainsFold(s, w), strings.Contains(strings.ToLower(strings.Map(asciiOnly, s)), w); got != want {
				t.Errorf("ContainsFold(%q, %q) = %v, want %v", s, w, got, want)
			}
			if got, want := HasPrefixFold(s, w), strings.HasPrefix(strings.ToLower(strings.Map(asciiOnly, s)), w); got != want {
				t.Errorf("HasPrefixFold(%q, %q) = %v, want %v", s, w, got, want)
			}
		}
		if got, want := Is(s), strings.Map(asciiOnly, s) == s; got != want {
			t.Errorf("Is(%q) = %v, want %v", s, got, want)
		}
		got := string(AppendLower([]byte("> "), s))
		if Is(s) && got != "> "+strings.ToLower(s) {
			t.Errorf("AppendLower(%q) = %q, want %q", s, got, "> "+strings.ToLower(s))
		}
		for i := 0; i < len(s); i++ { // other bytes stay as they are, invalid ones too
			if s[i] >= 0x80 && got[2+i] != s[i] {
				t.Errorf("AppendLower(%q) = %q: byte %d changed", s, got, i)
			}
		}
	}
}

// asciiOnly maps every non-ASCII rune to a byte no word holds, so that
// only ASCII letters fold, as in the functions tested.
func asciiOnly(r rune) rune {
	if r >= 0x80 {
		return 0
	}
	return r
}
