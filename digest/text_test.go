package digest

import (
	"reflect"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  hello  ", "hello"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"a\n\n\n\nb", "a\n\nb"},
		{"\n\n  a  \n  b\t\n\n", "a\n  b"},
		{"tab\there", "tab    here"},
		{"nul\x00bell\x07esc\x1b[31m", "nulbellesc[31m"},
		{"bad \xff utf8", "bad  utf8"},
		{"nbsp\u00a0here", "nbsp here"},
		{"שלום 🚀", "שלום 🚀"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCutText(t *testing.T) {
	tests := []struct {
		in      string
		limit   int
		want    string
		wantCut bool
	}{
		{"short", 10, "short", false},
		{"exactly10!", 10, "exactly10!", false},
		{"one two three four", 12, "one two…", true},
		{"one two three four", 9, "one two…", true},
		{strings.Repeat("x", 20), 8, "xxxxxxxx…", true},
		{"a " + strings.Repeat("x", 20), 8, "a xxxxxx…", true}, // the only space is too early
		{"ééééé ééééé", 8, "ééééé…", true},
		{"line one\nline two", 12, "line one…", true},
	}
	for _, tt := range tests {
		got, cut := cutText(tt.in, tt.limit)
		if got != tt.want || cut != tt.wantCut {
			t.Errorf("cutText(%q, %d) = %q, %v, want %q, %v", tt.in, tt.limit, got, cut, tt.want, tt.wantCut)
		}
	}
}

func TestUserTextBoundsWork(t *testing.T) {
	huge := strings.Repeat("\x00", 1<<20) + "tail"
	got, cut := userText(huge, 100)
	if got != "" || !cut {
		t.Errorf("userText(1 MB of NULs, 100) = %q, %v, want \"\", true", got, cut)
	}
	got, cut = userText(strings.Repeat("é", 1000), 10)
	if got != "éééééééééé…" || !cut {
		t.Errorf("userText(1000 é, 10) = %q, %v", got, cut)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		width       int
		first, rest string
		want        []string
	}{
		{"fits", "short line", 20, "* ", "  ", []string{"* short line"}},
		{"words", "one two three four five", 12, "", "", []string{"one two", "three four", "five"}},
		{"hanging", "one two three four five", 12, "* ", "  ", []string{"* one two", "  three four", "  five"}},
		{"lines kept", "a\n\nb", 10, "> ", "> ", []string{"> a", ">", "> b"}},
		{"long word", strings.Repeat("x", 25), 10, "", "", []string{"xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"}},
		{"long word after text", "ab " + strings.Repeat("x", 12), 10, "", "", []string{"ab", "xxxxxxxxxx", "xx"}},
		{"user list", "- one two three four", 12, "  ", "  ", []string{"  - one two", "    three", "    four"}},
		{"numbered", "10. one two three", 12, "", "", []string{"10. one two", "    three"}},
		{"wide", "漢字漢字漢字", 8, "", "", []string{"漢字漢字", "漢字"}},
	}
	for _, tt := range tests {
		got := wrap(tt.in, tt.width, tt.first, tt.rest)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: wrap(%q, %d, %q, %q) = %q, want %q", tt.name, tt.in, tt.width, tt.first, tt.rest, got, tt.want)
		}
	}
}

func TestWrapNeverTooWide(t *testing.T) {
	inputs := []string{
		strings.Repeat("x", 5000),
		strings.Repeat("🚀", 100),
		strings.Repeat("e\u0301", 200), // combining accents
		"- " + strings.Repeat("word ", 100),
		strings.Repeat(" ", 60) + "- " + strings.Repeat("deep ", 50),
		strings.Repeat("שלום עולם ", 40),
	}
	for _, in := range inputs {
		for _, r := range wrap(in, lineWidth, "      > ", "      > ") {
			if w := textWidth(r); w > lineWidth {
				t.Errorf("wrap(%.20q…) made a row %d columns wide: %q", in, w, r)
			}
		}
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"- did x\n- did y", "did x; did y"},
		{"1. first\n2) second\n\n  third  line ", "first; second; third line"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBreakLongWords(t *testing.T) {
	got := breakLongWords("ab " + strings.Repeat("x", 65))
	want := []string{"ab " + strings.Repeat("x", 30), strings.Repeat("x", 30), "xxxxx"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("breakLongWords = %q, want %q", got, want)
	}
}
