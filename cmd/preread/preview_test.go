package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPreview(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := cli(t, dir, "init"); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	code, out, errOut := cli(t, dir, "preview", "digest", "--team", "Platform", "--date", "2026-11-24")
	// Nobody was prompted: the digest of that day names nobody as missing.
	if code != 0 || !strings.Contains(out, "Subject: [Platform] Status, Tue 24 Nov") || !strings.Contains(out, "No updates yet today") || strings.Contains(out, "No update yet:") {
		t.Errorf("preview digest = %d\n%s\n%s", code, out, errOut)
	}
	// Carol meets Alice on Tuesdays: the first meeting after Mon 23 Nov.
	code, out, errOut = cli(t, dir, "preview", "preread", "--pair", "carol@corp.example:alice@corp.example", "--date", "2026-11-23")
	if code != 0 || !strings.Contains(out, "Subject: 1:1 with Alice, Tue 24 Nov 10:00: pre-read") || !strings.Contains(out, "agenda is empty") {
		t.Errorf("preview preread = %d\n%s\n%s", code, out, errOut)
	}
	html := filepath.Join(dir, "preread.html")
	code, _, errOut = cli(t, dir, "preview", "preread", "--pair", "carol@corp.example:alice@corp.example", "--date", "2026-11-23", "--html", html)
	page, err := os.ReadFile(html)
	if code != 0 || err != nil || !strings.Contains(string(page), "<html") {
		t.Errorf("preview --html = %d, %v, %s", code, err, errOut)
	}
	if code, out, errOut := cli(t, dir, "backup", "copy.db"); code != 0 || !strings.Contains(out, "to restore") {
		t.Errorf("backup = %d, %q, %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.db")); err != nil {
		t.Errorf("backup wrote no file: %v", err)
	}
	for _, bad := range [][]string{
		{"backup"},
		{"backup", "copy.db"}, // exists already
		{"preview", "digest"},
		{"preview", "digest", "--team", "Nope"},
		{"preview", "preread", "--pair", "nobody"},
		{"preview", "digest", "--team", "Platform", "--date", "24.11.2026"},
	} {
		if code, _, errOut := cli(t, dir, bad...); code == 0 || errOut == "" {
			t.Errorf("preread %v = %d, want an error", bad, code)
		}
	}
}
