package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// cli runs one command line in dir and returns its exit status and output.
func cli(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	t.Chdir(dir)
	env := &cliEnv{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code = runCLI(t.Context(), env, args)
	return code, out.String(), errOut.String()
}

func TestInitWritesConfigThatCheckAccepts(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, dir, "init")
	if code != 0 {
		t.Fatalf("init = %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "preread check") {
		t.Errorf("init said %q, want it to point at preread check", out)
	}
	for _, f := range []string{"preread.yaml", "preread.db"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init did not create %s: %v", f, err)
		}
	}
	code, out, errOut = cli(t, dir, "check")
	if code != 0 || !strings.Contains(out, "ok: 3 people, 1 team, 2 pairs") {
		t.Errorf("check = %d, %q, %q; want 0 and ok", code, out, errOut)
	}
	code, _, errOut = cli(t, dir, "init")
	if code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second init = %d, %q; want 1 and a refusal to overwrite", code, errOut)
	}
}

func TestCheckReportsTenMistakes(t *testing.T) {
	src, err := os.ReadFile("../../config/testdata/ten-mistakes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, dir, "check", "--config", "bad.yaml")
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != 1 || out != "" || len(lines) != 11 || lines[10] != "10 problems in bad.yaml" {
		t.Fatalf("check(bad) = %d, stdout %q, stderr:\n%s\nwant exit 1 and ten problems", code, out, errOut)
	}
	for _, l := range lines[:10] {
		if !strings.HasPrefix(l, "bad.yaml:") {
			t.Errorf("problem %q does not start with FILE:LINE", l)
		}
	}
}

// A people file's problems name the CSV and its line; the people it
// adds count with the config's.
func TestCheckPeopleFile(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := cli(t, dir, "init"); code != 0 {
		t.Fatal("init failed")
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "preread.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg = append(cfg, "people_file: staff.csv\n"...)
	if err := os.WriteFile(filepath.Join(dir, "preread.yaml"), cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	write := func(csv string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "staff.csv"), []byte(csv), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("email,name,team,manager,meets\ndan@corp.example,Dan,Platform,carol@corp.example,weekly wed 11:00\nerin@corp.example,Erin,,dan@corp.example,weekly thursday\n")
	code, out, errOut := cli(t, dir, "check")
	if code != 1 || out != "" || !strings.HasPrefix(errOut, "staff.csv:3: meets: ") || !strings.HasSuffix(errOut, "\n1 problem in preread.yaml\n") {
		t.Errorf("check(bad meets in staff.csv) = %d, %q, %q; want 1 and the problem at staff.csv:3", code, out, errOut)
	}
	write("email,name,team,manager,meets\ndan@corp.example,Dan,Platform,carol@corp.example,weekly wed 11:00\nerin@corp.example,Erin,,dan@corp.example,weekly thu 10:00\n")
	code, out, errOut = cli(t, dir, "check")
	if code != 0 || !strings.Contains(out, "ok: 5 people, 1 team, 4 pairs") {
		t.Errorf("check(staff.csv) = %d, %q, %q; want 0 and five people, four pairs", code, out, errOut)
	}
	// Twelve 1:1s that wait for their calendar: each named at its CSV
	// line, up to ten, then a count.
	csv := "email,name,manager,meets\n"
	for i := range 12 {
		csv += fmt.Sprintf("r%02d@corp.example,R%02d,carol@corp.example,%s\n", i, i, []string{"", "calendar"}[i%2])
	}
	write(csv)
	code, out, errOut = cli(t, dir, "check")
	if code != 0 || strings.Count(out, "waits for a calendar invitation") != 10 || !strings.Contains(out, "staff.csv:2: meets: note: carol@corp.example:r00@corp.example waits") ||
		!strings.Contains(out, "… and 2 more pairs wait for a calendar invitation") {
		t.Errorf("check(twelve waiting) = %d, %q, %q; want ten named at their lines and two counted", code, out, errOut)
	}
}

func TestCheckConnectNeedsEnv(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := cli(t, dir, "init"); code != 0 {
		t.Fatal("init failed")
	}
	code, _, errOut := cli(t, dir, "check", "--connect")
	if code != 1 || !strings.Contains(errOut, "preread.yaml:14: mailbox.password_env: environment variable PREREAD_IMAP_PASSWORD is not set") {
		t.Errorf("check --connect = %d, %q; want 1 and the missing variable at its line", code, errOut)
	}
}

var singleDash = regexp.MustCompile(`(?m)^ +-[a-z]`)

func TestEveryCommandHasHelp(t *testing.T) {
	dir := t.TempDir()
	for _, c := range commands {
		code, out, errOut := cli(t, dir, c.name, "--help")
		if code != 0 || !strings.HasPrefix(out, "Usage: preread "+c.name) || errOut != "" {
			t.Errorf("%s --help = %d, %q, %q; want 0 and usage on stdout", c.name, code, out, errOut)
		}
		// Every command takes --log-format; flags are written as typed.
		if !strings.Contains(out, "\n  --log-format text|json\n") || singleDash.MatchString(out) || strings.Contains(out, " \n") {
			t.Errorf("%s --help:\n%s\nwant --log-format among the flags, each as --name, no trailing spaces", c.name, out)
		}
		if c.name != "version" && c.name != "demo" && !strings.Contains(out, "\n  --config FILE\n") {
			t.Errorf("%s --help:\n%s\nwant --config FILE among the flags", c.name, out)
		}
	}
	// What once read wrong: a word in backquotes taken for --once's
	// argument, and the second form of preview missing its command.
	_, out, _ := cli(t, dir, "ingest", "--help")
	if !strings.Contains(out, "\n  --once\n      one pass over the mailbox") {
		t.Errorf("ingest --help:\n%s\nwant --once without an argument", out)
	}
	_, out, _ = cli(t, dir, "preview", "--help")
	if !strings.Contains(out, "\n       preread preview preread --pair MANAGER:REPORT") || !strings.Contains(out, "\n  --team NAME\n") {
		t.Errorf("preview --help:\n%s\nwant both forms in full and the flags", out)
	}
	_, out, _ = cli(t, dir, "run", "--help")
	if !strings.Contains(out, "[--at INSTANT]") || !strings.Contains(out, "\n  --at INSTANT\n") {
		t.Errorf("run --help:\n%s\nwant --at INSTANT in the usage and the flags", out)
	}
}

func TestCommandLineErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage: preread COMMAND"},
		{[]string{"frobnicate"}, 2, "unknown command \"frobnicate\"; run `preread help`"},
		{[]string{"check", "--bogus"}, 2, "run `preread check --help`"},
		{[]string{"check", "--config", "missing.yaml"}, 1, "preread init --config missing.yaml"},
		{[]string{"demo", "extra"}, 2, "run `preread demo --help`"},
	}
	for _, tc := range cases {
		code, _, errOut := cli(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("preread %v = %d, %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func TestLogFormat(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := cli(t, dir, "init"); code != 0 {
		t.Fatal("init failed")
	}
	_, _, errOut := cli(t, dir, "--log-format", "text", "export")
	if !strings.Contains(errOut, "level=INFO") {
		t.Errorf("--log-format text logged %q", errOut)
	}
	dir = t.TempDir() // a new database, so the sync logs again
	if code, _, _ := cli(t, dir, "init"); code != 0 {
		t.Fatal("init failed")
	}
	_, _, errOut = cli(t, dir, "export", "--log-format=json")
	if !strings.Contains(errOut, `"level":"INFO"`) {
		t.Errorf("--log-format=json logged %q", errOut)
	}
	if code, _, errOut := cli(t, dir, "export", "--log-format", "xml"); code != 2 || !strings.Contains(errOut, "want text or json") {
		t.Errorf("--log-format xml = %d, %q", code, errOut)
	}
}
