package message

import (
	"maps"
	"mime"
	"testing"
)

// checkSimpleLikeMime checks that simpleMediaType, where it reads v, reads
// what mime.ParseMediaType reads.
func checkSimpleLikeMime(t *testing.T, v string) (simple bool) {
	t.Helper()
	media, raw, ok := simpleMediaType(v)
	if !ok {
		return false
	}
	params := map[string]string{}
	eachParam(raw, func(key, value string) bool {
		if _, dup := params[key]; !dup {
			params[key] = value
		}
		return true
	})
	wantMedia, wantParams, err := mime.ParseMediaType(v)
	if err != nil {
		t.Fatalf("simpleMediaType(%q) = %q, %q, but ParseMediaType fails: %v", v, media, params, err)
	}
	if media != wantMedia || !maps.Equal(params, wantParams) {
		t.Fatalf("simpleMediaType(%q) = %q, %q; ParseMediaType %q, %q", v, media, params, wantMedia, wantParams)
	}
	for key, want := range wantParams {
		if got := (mediaParams{simple: raw}).get(key); got != decodeWords(want) {
			t.Fatalf("simpleMediaType(%q) parameter %q = %q, want %q", v, key, got, decodeWords(want))
		}
	}
	return true
}

func TestSimpleMediaType(t *testing.T) {
	tests := []struct {
		v      string
		simple bool
	}{
		{"text/plain", true},
		{` Text/HTML ; Charset="UTF-8" `, true},
		{"multipart/alternative; boundary=\"000000000000a1b2c3\"", true},
		{"text/plain; charset=utf-8; format=flowed; delsp=yes;", true},
		{"text/plain;charset=us-ascii;", true},
		{`text/plain; name=""`, true},
		{`text/plain; a=b; a=b`, true},
		{`text/plain; a=b; a=c`, false}, // a duplicate: an error
		{"text", true},
		{`attachment; filename="a b.pdf"`, true},
		{"text/", false},
		{"/plain", false},
		{"text/plain;; a=b", false},
		{`text/plain; name="a\"b"`, false},
		{"text/plain; name*=utf-8''caf%C3%A9", false},
		{"text/plain; name*0=a; name*1=b", false},
		{"text/plain; charset=", false},
		{"text/plain; charset", false},
		{"text/plain; charset=\"utf-8", false},
		{"text/plain\r\n; charset=utf-8", false},
		{"text/plain; charset=utf-8 x", false},
		{"text/plain; charset=utf-8\u00a0", false},
		{"text/plain; a=1; b=2; c=3; d=4; e=5; f=6; g=7; h=8", true},
		{"text/plain; a=1; b=2; c=3; d=4; e=5; f=6; g=7; h=8; i=9", false}, // over maxSimpleParams
		{"text/plain; name==?UTF-8?Q?caf=C3=A9?=", false},
		{`text/plain; name="=?UTF-8?Q?caf=C3=A9?="`, true},
		{"", false},
	}
	for _, tt := range tests {
		if simple := checkSimpleLikeMime(t, tt.v); simple != tt.simple {
			t.Errorf("simpleMediaType(%q) reads it: %v, want %v", tt.v, simple, tt.simple)
		}
	}
}

// FuzzSimpleMediaType holds simpleMediaType to mime.ParseMediaType.
func FuzzSimpleMediaType(f *testing.F) {
	for _, s := range []string{"text/plain", `text/plain; charset="UTF-8"`, "multipart/mixed; boundary=b; x=y;",
		`attachment; filename="a b.pdf"`, `text/html;charset = "x" ; format=flowed`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		checkSimpleLikeMime(t, v)
	})
}
