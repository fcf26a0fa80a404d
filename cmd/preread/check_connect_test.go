package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preread/preread/internal/mailtest"
)

// carolAndAlice is the directory the command tests share: Carol manages
// Alice and meets her weekly on Tuesday.
const carolAndAlice = `people:
  - email: carol@corp.example
  - email: alice@corp.example
pairs:
  - manager: carol@corp.example
    report: alice@corp.example
    meets: weekly tue 10:00
`

// connectConfig writes a config whose mailbox and relay are the given
// sections (YAML, indented by two) and returns its path.
func connectConfig(t *testing.T, mailbox, smtp string) string {
	t.Helper()
	cfg := "mailbox:\n" + mailbox + `  address: preread@corp.example
smtp:
` + smtp + `  from: "preread <preread@corp.example>"
` + carolAndAlice
	file := filepath.Join(t.TempDir(), "preread.yaml")
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func imapSection(addr, security string, extra ...string) string {
	s := fmt.Sprintf("  imap: %s\n  security: %s\n  username: %s\n", addr, security, mailtest.DefaultUser)
	for _, e := range extra {
		s += "  " + e + "\n"
	}
	return s
}

func smtpSection(addr, security string, extra ...string) string {
	s := fmt.Sprintf("  relay: %s\n  security: %s\n", addr, security)
	for _, e := range extra {
		s += "  " + e + "\n"
	}
	return s
}

// checkConnect runs `preread check --connect` with the IMAP password in
// the environment, as serve would find it.
func checkConnect(t *testing.T, file, password string) (int, string, string) {
	t.Helper()
	t.Setenv("TEST_IMAP_PASSWORD", password) // MissingEnv reads the real environment
	code, out, errOut := cliWithEnv(t, map[string]string{"TEST_IMAP_PASSWORD": password}, "check", "--config", file, "--connect")
	t.Logf("check --connect = %d\n%s%s", code, out, errOut)
	return code, out, errOut
}

func TestCheckConnectAllOK(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	relay := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	file := connectConfig(t, imapSection(d.Addr(), "none", "password_env: TEST_IMAP_PASSWORD"), smtpSection(relay.Addr(), "none"))
	code, out, errOut := checkConnect(t, file, mailtest.DefaultPassword)
	if code != 0 || strings.Contains(out, "FAIL") || errOut != "" {
		t.Fatalf("check --connect = %d, want 0 and no FAIL", code)
	}
	// Every line in order; mailin's and mailout's probe tests read them closely.
	mailtest.WantLines(t, out,
		`^ok   imap dns: `,
		`^ok   imap tcp: `,
		`^ok   imap greeting: `,
		`^ok   imap login: logged in as preread@corp\.example with a password \(LOGIN\)$`,
		`^ok   imap folder INBOX: `,
		`^ok   imap folder preread/Processed: created`,
		`^ok   imap folder preread/Rejected: `,
		`^ok   imap folder preread/Failed: `,
		`^ok   smtp dns: `,
		`^ok   smtp tcp: `,
		`^ok   smtp ehlo: the relay offers .*PIPELINING`,
		`^ok   smtp auth: no login`,
		`^note sub-addressing: people write to preread\+status@corp\.example and preread\+agenda@corp\.example, .*recipient_delimiter = \+`,
		`: ok: 2 people, 0 teams, 1 pair$`,
	)
	if n := len(relay.Messages()); n != 0 {
		t.Errorf("the check sent %d messages, want none", n)
	}

	// Run again: the result folders are there now.
	_, out, _ = checkConnect(t, file, mailtest.DefaultPassword)
	mailtest.WantLines(t, out, `^ok   imap folder preread/Processed: exists$`)
}

// TestCheckConnectFailures runs a failure on each server through the
// command: the other server is still checked, the config's password_env
// and token_command reach the probes, and the exit status says so. The
// probes' own tests (mailin, mailout) try every step.
func TestCheckConnectFailures(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	relay := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	dead := mailtest.ClosedAddr(t)
	goodIMAP := imapSection(d.Addr(), "none", "password_env: TEST_IMAP_PASSWORD")
	goodSMTP := smtpSection(relay.Addr(), "none")
	cases := []struct {
		name, mailbox, smtp, password string
		want                          []string
	}{
		{"imap port closed", imapSection(dead, "none", "password_env: TEST_IMAP_PASSWORD"), goodSMTP, mailtest.DefaultPassword, []string{
			`^FAIL imap tcp: .*connection refused; fix: nothing listens on port \d+ of 127\.0\.0\.1: check the port in mailbox\.imap \(IMAP is port 993 with security: tls`,
			`^ok   smtp auth: `,
		}},
		{"wrong password", goodIMAP, goodSMTP, "wrong", []string{
			`^ok   imap greeting: `,
			`^FAIL imap login: log in to .*AUTHENTICATIONFAILED.*; fix: check mailbox\.username \(preread@corp\.example\) and the password in \$TEST_IMAP_PASSWORD$`,
			`^ok   smtp auth: `,
		}},
		{"smtp port closed", goodIMAP, smtpSection(dead, "none"), mailtest.DefaultPassword, []string{
			`^ok   imap folder INBOX: `,
			`^FAIL smtp tcp: .*connection refused; fix: nothing listens on port \d+ of 127\.0\.0\.1: check the port in smtp\.relay \(SMTP submission is port 465`,
		}},
		{"token command fails", imapSection(d.Addr(), "none", "auth: xoauth2", `token_command: "echo 'invalid_grant: account not found' >&2; exit 3"`), goodSMTP, "", []string{
			`^FAIL imap token: mailbox\.token_command: exit status 3: invalid_grant: account not found; fix: run the mailbox\.token_command by hand`,
			`^ok   imap greeting: `, // the connection is still checked
			`^ok   smtp auth: `,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := checkConnect(t, connectConfig(t, tc.mailbox, tc.smtp), tc.password)
			if code != 1 || !strings.Contains(errOut, "connection checks failed") || strings.Contains(out, ": ok: ") {
				t.Errorf("check --connect = %d, stderr %q; want 1 and the count of failed checks", code, errOut)
			}
			mailtest.WantLines(t, out, tc.want...)
			if strings.Count(out, "FAIL ") != 1 {
				t.Errorf("want exactly one FAIL line in:\n%s", out)
			}
		})
	}
}

func TestCheckConnectStillReportsMissingEnvFirst(t *testing.T) {
	file := connectConfig(t, imapSection(mailtest.ClosedAddr(t), "none", "password_env: PREREAD_TEST_UNSET_VARIABLE"), smtpSection("127.0.0.1:1", "none"))
	code, out, errOut := cliWithEnv(t, nil, "check", "--config", file, "--connect")
	if code != 1 || out != "" || !strings.Contains(errOut, "preread.yaml:5: mailbox.password_env: environment variable PREREAD_TEST_UNSET_VARIABLE is not set") {
		t.Errorf("check --connect = %d, %q, %q; want 1 and the variable at its line before any connection", code, out, errOut)
	}
}
