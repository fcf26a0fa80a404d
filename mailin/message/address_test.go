package message

import (
	"testing"

	gomail "github.com/emersion/go-message/mail"
)

// checkSimpleLikeNetMail checks that simpleAddressList, where it reads v,
// reads what go-message's ParseAddressList (net/mail's parser) reads.
func checkSimpleLikeNetMail(t *testing.T, v string) (simple bool) {
	t.Helper()
	got, ok := simpleAddressList(v)
	if !ok {
		return false
	}
	want, err := gomail.ParseAddressList(v)
	if err != nil {
		t.Fatalf("simpleAddressList(%q) = %v, but ParseAddressList fails: %v", v, got, err)
	}
	if len(got) != len(want) {
		t.Fatalf("simpleAddressList(%q) = %v, ParseAddressList %v", v, got, want)
	}
	for i := range got {
		if *got[i] != *want[i] {
			t.Fatalf("simpleAddressList(%q)[%d] = %+v, ParseAddressList %+v", v, i, *got[i], *want[i])
		}
	}
	return true
}

func TestSimpleAddressList(t *testing.T) {
	tests := []struct {
		v      string
		simple bool
	}{
		{"alice@corp.example", true},
		{"Alice Example <alice@corp.example>", true},
		{"  Alice  <alice@corp.example> ", true},
		{"Alice<alice@corp.example>", true},
		{"<alice@corp.example>", true},
		{"preread <preread+status.abc@corp.example>, bob@corp.example", true},
		{"a.b-c_d+e'f@x-y.example", true},
		{"Alice  Example <alice@corp.example>", false}, // two spaces: net/mail joins the words
		{`"Example, Alice" <alice@corp.example>`, false},
		{"=?UTF-8?Q?Jos=C3=A9?= <jose@corp.example>", false},
		{"José <jose@corp.example>", false},
		{"alice@corp.example (Alice)", false},
		{"alice@corp..example", false},
		{".alice@corp.example", false},
		{"alice@[192.0.2.1]", false},
		{"alice", false},
		{"a@b,,c@d", false},
		{"a@b,", false},
		{"undisclosed-recipients:;", false},
		{"Alice\t<alice@corp.example>", false},
		{"alice@corp.example <bob@corp.example>", false},
		{"<alice@corp.example", false},
		{"Alice <alice@corp.example> x", false},
		{"", false},
	}
	for _, tt := range tests {
		if simple := checkSimpleLikeNetMail(t, tt.v); simple != tt.simple {
			t.Errorf("simpleAddressList(%q) reads it: %v, want %v", tt.v, simple, tt.simple)
		}
	}
}

// FuzzSimpleAddressList holds simpleAddressList to net/mail on any text.
func FuzzSimpleAddressList(f *testing.F) {
	for _, s := range []string{"alice@corp.example", "Alice Example <alice@corp.example>, b.c@d.example",
		"<a@b>", "A B C <a+b@c.d>,e@f", "x <y@z>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		checkSimpleLikeNetMail(t, v)
	})
}
