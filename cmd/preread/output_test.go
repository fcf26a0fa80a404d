package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

func TestClean(t *testing.T) {
	cases := []struct{ in, want, line string }{
		{"plain text, tabs\tand\nlines", "plain text, tabs\tand\nlines", "plain text, tabs and lines"},
		{"red \x1b[31;1mALERT\x1b[0m done", "red ALERT done", "red ALERT done"},
		{"title \x1b]0;pwned\x07 and \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "title  and link", "title  and link"},
		{"clear\x1b[2J\x1b[Hscreen, reset \x1bc", "clearscreen, reset ", "clearscreen, reset "},
		{"over\rwrite\b\x00\x7f bell\a", "overwrite bell", "overwrite bell"},
		{"C1 \u009b31m and \u0085 next line", "C1 31m and  next line", "C1 31m and  next line"},
		{"bidi \u202eevil\u202c \u2066iso\u2069", "bidi evil iso", "bidi evil iso"},
		{"bad \xff utf-8, ünïcode ok", "bad \ufffd utf-8, ünïcode ok", "bad \ufffd utf-8, ünïcode ok"},
		{"cut off \x1b[31", "cut off ", "cut off "},
	}
	for _, tc := range cases {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := cleanLine(tc.in); got != tc.line {
			t.Errorf("cleanLine(%q) = %q, want %q", tc.in, got, tc.line)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Could we talk about my next step?", "Could we talk about my next step?"},
		{"<script>alert(1)</script> & <!-- x -->", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!-- x --&gt;"},
		{"*bold* _em_ `code` [link](javascript:x) ![img](http://t/) ~~s~~ a|b", `\*bold\* \_em\_ \` + "`code\\`" + ` \[link\](javascript:x) !\[img\](http://t/) \~\~s\~\~ a\|b`},
		{"# heading\n- item\n  + item\n1. first\n2) second\n===\nok 1. not a list", "\\# heading\n\\- item\n  \\+ item\n1\\. first\n2\\) second\n\\===\nok 1. not a list"},
		{`back\slash`, `back\\slash`},
		{"\x1b[31mred\x1b[0m", "red"},
	}
	for _, tc := range cases {
		if got := md(tc.in); got != tc.want {
			t.Errorf("md(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// What came in by email reaches the admin's terminal and the Markdown
// file as text, never as escape sequences or raw HTML; JSON keeps the text
// as it was filed.
func TestExportCleansStoredText(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := cli(t, dir, "init"); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	if code, _, errOut := cli(t, dir, "export"); code != 0 { // syncs the directory
		t.Fatalf("export: %s", errOut)
	}
	evil := "done \x1b]0;owned\x07\x1b[2J<script>alert(1)</script>\n# not a heading"
	db := storetest.OpenAt(t, filepath.Join(dir, "preread.db"), store.Options{})
	day := storetest.Date(t, "2026-11-24")
	for i, p := range []preread.Processed{
		{Status: &preread.StatusEntry{Person: "alice@corp.example", Date: day, Text: evil}},
		{Agenda: &preread.AgendaItem{Manager: "carol@corp.example", Report: "alice@corp.example", From: "alice@corp.example",
			Category: preread.CategoryGrowth, Text: evil}},
	} {
		p.Key, p.Outcome = "<evil-"+string(rune('a'+i))+"@corp.example>", preread.OutcomeFiled
		if err := db.Record(t.Context(), "INBOX", p); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := cli(t, dir, "export", "--format", "markdown")
	if code != 0 {
		t.Fatalf("export markdown = %d, %s", code, errOut)
	}
	for _, bad := range []string{"\x1b", "\x07", "<script>"} {
		if strings.Contains(out, bad) {
			t.Errorf("export markdown holds %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{"done &lt;script&gt;alert(1)&lt;/script&gt;\n\\# not a heading", "(from alice@corp.example): done &lt;script&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("export markdown lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = cli(t, dir, "export")
	if !strings.Contains(out, `"text": "done \u001b]0;owned\u0007\u001b[2J\u003cscript\u003ealert(1)\u003c/script\u003e\n# not a heading"`) {
		t.Errorf("export json = %s\nwant the text as filed, escaped as JSON", out)
	}
}
