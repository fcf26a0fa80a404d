package mailin

import (
	"strings"
	"testing"
)

// flatten is one pass of what lower-casing, straightening ’ and joining
// the fields by one space give, for any text: ASCII and other white
// space, capitals of several scripts, invalid UTF-8.
func TestFlattenIsLowerFieldsJoined(t *testing.T) {
	want := func(s string) string {
		return strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(s), "’", "'")), " ")
	}
	for _, s := range []string{"", "   ", "Delivery  Status\r\nNotification", "\tI’M OUT\u00a0OF THE\u2003Office\u0085NOW ",
		"ÄRGER über Σίσυφος İstanbul", "bad \xff\xfe bytes\n\nHERE", "a\vb\fc", "’’ ’", strings.Repeat("Word ", 50)} {
		if got := flatten(s); got != want(s) {
			t.Errorf("flatten(%q) = %q, want %q", s, got, want(s))
		}
	}
}

func FuzzFlatten(f *testing.F) {
	f.Add("Mail Delivery\r\n  FAILED’ \xff")
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(s), "’", "'")), " ")
		if got := flatten(s); got != want {
			t.Errorf("flatten(%q) = %q, want %q", s, got, want)
		}
	})
}
