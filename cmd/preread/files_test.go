package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/preread/preread/config"
	"github.com/preread/preread/internal/mailtest"
)

// The database, its backups and previews hold every token and every
// private note: the commands create them 0600.
func TestFilesArePrivate(t *testing.T) {
	mailtest.UsualUmask(t)
	dir := t.TempDir()
	if code, _, errOut := cli(t, dir, "init"); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	mailtest.WantMode(t, filepath.Join(dir, "preread.yaml"), 0o600)
	mailtest.WantMode(t, filepath.Join(dir, "preread.db"), 0o600)
	if code, _, errOut := cli(t, dir, "backup", "copy.db"); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	mailtest.WantMode(t, filepath.Join(dir, "copy.db"), 0o600)
	html := filepath.Join(dir, "digest.html")
	if err := os.WriteFile(html, []byte("old"), 0o644); err != nil { // a file from before: made private too
		t.Fatal(err)
	}
	if code, _, errOut := cli(t, dir, "preview", "digest", "--team", "Platform", "--html", html); code != 0 {
		t.Fatalf("preview --html: %s", errOut)
	}
	mailtest.WantMode(t, html, 0o600)
	if code, _, errOut := cli(t, dir, "preview", "digest", "--team", "Platform", "--html", "new.html"); code != 0 {
		t.Fatalf("preview --html: %s", errOut)
	}
	mailtest.WantMode(t, filepath.Join(dir, "new.html"), 0o600)
}

// A secret pasted where the name of its variable belongs is not repeated
// by check, with or without --connect.
func TestCheckNeverEchoesASecret(t *testing.T) {
	dir := t.TempDir()
	write := initConfigWith(t, dir, "password_env: PREREAD_IMAP_PASSWORD")
	write("password_env: imap-secret-1")
	code, out, errOut := cli(t, dir, "check")
	if code != 1 || !strings.Contains(errOut, "preread.yaml:14: mailbox.password_env: want the name of an environment variable") ||
		strings.Contains(out+errOut, "imap-secret-1") {
		t.Errorf("check = %d, %q, %q; want 1 and the problem without the value", code, out, errOut)
	}
	write("password_env: hunter2isMyPassword") // could be a variable's name, but is written like a password
	code, out, errOut = cli(t, dir, "check", "--connect")
	if code != 1 || !strings.Contains(errOut, "preread.yaml:14: mailbox.password_env: the environment variable it names is not set") ||
		strings.Contains(out+errOut, "hunter2") {
		t.Errorf("check --connect = %d, %q, %q; want 1 and the problem without the name", code, out, errOut)
	}
}

// check tries the database path for writing, creating nothing, and says
// what is wrong at the database: line.
func TestCheckDatabaseWritable(t *testing.T) {
	dir := t.TempDir()
	write := initConfigWith(t, dir, "database: preread.db")
	line := strconv.Itoa(lineOf(t, string(config.Example()), "\ndatabase:") + 1)
	if err := os.Mkdir(filepath.Join(dir, "folder.db"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ database, want string }{
		{"missing/preread.db", "preread.yaml:" + line + ": database: the folder missing does not exist"},
		{"folder.db", "preread.yaml:" + line + ": database: folder.db is not a file"},
		{"file/preread.db", "preread.yaml:" + line + ": database: "},
	}
	for _, tc := range cases {
		write("database: " + tc.database)
		code, out, errOut := cli(t, dir, "check")
		if code != 1 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("check with database: %s = %d, %q, %q; want 1 and %q", tc.database, code, out, errOut, tc.want)
		}
	}
	// A database not created yet, in a folder that takes files: fine, and
	// check creates nothing.
	write("database: later.db")
	if code, _, errOut := cli(t, dir, "check"); code != 0 {
		t.Errorf("check with a database to create = %d, %q; want 0", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "later.db")); !os.IsNotExist(err) {
		t.Errorf("check created the database (%v); want nothing created", err)
	}
}

// initConfigWith runs init in dir and returns a function that writes the
// config again with the line that holds from replaced by another.
func initConfigWith(t *testing.T, dir, from string) (write func(line string)) {
	t.Helper()
	if code, _, errOut := cli(t, dir, "init"); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	file := filepath.Join(dir, "preread.yaml")
	example, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return func(line string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(strings.Replace(string(example), from, line, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// lineOf is the line of text where s begins (1 for the first).
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("no %q in the text", s)
	}
	return 1 + strings.Count(text[:i], "\n")
}
