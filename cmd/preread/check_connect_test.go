package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/preread/preread/config"
	"github.com/preread/preread/internal/mailtest"
)

// connectConfig writes a config whose mailbox and relay are the given
// sections (YAML, indented by two) and returns its path.
func connectConfig(t *testing.T, mailbox, smtp string) string {
	t.Helper()
	cfg := "mailbox:\n" + mailbox + `  address: preread@corp.example
smtp:
` + smtp + `  from: "preread <preread@corp.example>"
people:
  - email: carol@corp.example
  - email: alice@corp.example
pairs:
  - manager: carol@corp.example
    report: alice@corp.example
    meets: weekly tue 10:00
`
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

// wantLines checks that each pattern matches a line of out, in order.
func wantLines(t *testing.T, out string, patterns ...string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	i := 0
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		for i < len(lines) && !re.MatchString(lines[i]) {
			i++
		}
		if i == len(lines) {
			t.Errorf("no line matches %q (in order) in:\n%s", p, out)
			return
		}
		i++
	}
}

func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestCheckConnectAllOK(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	relay := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	file := connectConfig(t, imapSection(d.Addr(), "none", "password_env: TEST_IMAP_PASSWORD"), smtpSection(relay.Addr(), "none"))
	code, out, errOut := checkConnect(t, file, mailtest.DefaultPassword)
	if code != 0 || strings.Contains(out, "FAIL") || errOut != "" {
		t.Fatalf("check --connect = %d, want 0 and no FAIL", code)
	}
	wantLines(t, out,
		`^ok   imap dns: 127\.0\.0\.1 is an IP address`,
		`^ok   imap tcp: connected to 127\.0\.0\.1:\d+`,
		`^ok   imap greeting: plain text .* the server offers LOGIN, AUTH=LOGIN, AUTH=PLAIN$`,
		`^ok   imap login: logged in as preread@corp\.example with a password \(LOGIN\)$`,
		`^ok   imap folder INBOX: exists, 0 messages$`,
		`^ok   imap folder preread/Processed: created`,
		`^ok   imap folder preread/Rejected: created`,
		`^ok   imap folder preread/Failed: created`,
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
	wantLines(t, out, `^ok   imap folder preread/Processed: exists$`)
}

func TestCheckConnectFailures(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{TLS: true})
	relay := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	tlsRelay := mailtest.StartSMTP(t, mailtest.SMTPOptions{TLS: true, Users: map[string]string{"preread": "s3cret"}})
	dead := closedAddr(t)
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
		{"missing folder", imapSection(d.Addr(), "none", "password_env: TEST_IMAP_PASSWORD", "folder: Incoming"), goodSMTP, mailtest.DefaultPassword, []string{
			`^ok   imap login: `,
			`^FAIL imap folder Incoming: .*; fix: set mailbox\.folder to the folder mail arrives in \(usually INBOX\); the account has .*INBOX`,
		}},
		{"untrusted imap certificate", imapSection(d.TLSAddr(), "tls", "password_env: TEST_IMAP_PASSWORD"), goodSMTP, mailtest.DefaultPassword, []string{
			`^ok   imap tcp: `,
			`^FAIL imap tls: .*certificate.*; fix: the certificate of 127\.0\.0\.1 is signed by an authority this machine does not trust`,
		}},
		{"starttls on the implicit tls port", imapSection(d.TLSAddr(), "starttls", "password_env: TEST_IMAP_PASSWORD"), goodSMTP, mailtest.DefaultPassword, []string{
			`^FAIL imap tls: .*; fix: `,
		}},
		{"smtp port closed", goodIMAP, smtpSection(dead, "none"), mailtest.DefaultPassword, []string{
			`^ok   imap folder INBOX: `,
			`^FAIL smtp tcp: .*connection refused; fix: nothing listens on port \d+ of 127\.0\.0\.1: check the port in smtp\.relay \(SMTP submission is port 465`,
		}},
		{"untrusted smtp certificate", goodIMAP, smtpSection(tlsRelay.Addr(), "starttls", "username: preread", "password_env: TEST_IMAP_PASSWORD"), mailtest.DefaultPassword, []string{
			`^FAIL smtp tls: .*certificate.*; fix: the certificate of 127\.0\.0\.1 is signed by an authority this machine does not trust`,
		}},
		{"smtp password over plain text", goodIMAP, smtpSection(tlsRelay.Addr(), "none", "username: preread", "password_env: TEST_IMAP_PASSWORD"), mailtest.DefaultPassword, []string{
			`^ok   smtp ehlo: the relay offers AUTH PLAIN`,
			`^FAIL smtp auth: .*; fix: over plain text preread only sends a password with CRAM-MD5 or SCRAM`,
		}},
		{"token command fails", imapSection(d.Addr(), "none", "auth: xoauth2", `token_command: "echo 'invalid_grant: account not found' >&2; exit 3"`), goodSMTP, "", []string{
			`^FAIL imap token: mailbox\.token_command: exit status 3: invalid_grant: account not found; fix: run the mailbox\.token_command by hand`,
			`^ok   imap greeting: `, // the connection is still checked
			`^ok   smtp auth: `,
		}},
		{"server without xoauth2", imapSection(d.Addr(), "none", "auth: xoauth2", `token_command: "echo ya29.token"`), goodSMTP, "", []string{
			`^ok   imap token: mailbox\.token_command printed an access token \(10 characters\), kept for 45m0s`,
			`^FAIL imap login: .*XOAUTH2.*; fix: the server does not offer AUTH=XOAUTH2 \(it offers LOGIN, AUTH=LOGIN, AUTH=PLAIN\): use an auth it offers$`,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := checkConnect(t, connectConfig(t, tc.mailbox, tc.smtp), tc.password)
			if code != 1 || !strings.Contains(errOut, "connection checks failed") || strings.Contains(out, ": ok: ") {
				t.Errorf("check --connect = %d, stderr %q; want 1 and the count of failed checks", code, errOut)
			}
			wantLines(t, out, tc.want...)
			if strings.Count(out, "FAIL ") != 1 {
				t.Errorf("want exactly one FAIL line in:\n%s", out)
			}
		})
	}
}

func TestCheckConnectStillReportsMissingEnvFirst(t *testing.T) {
	file := connectConfig(t, imapSection(closedAddr(t), "none", "password_env: PREREAD_TEST_UNSET_VARIABLE"), smtpSection("127.0.0.1:1", "none"))
	code, out, errOut := cliWithEnv(t, nil, "check", "--config", file, "--connect")
	if code != 1 || out != "" || !strings.Contains(errOut, "preread.yaml:5: mailbox.password_env: environment variable PREREAD_TEST_UNSET_VARIABLE is not set") {
		t.Errorf("check --connect = %d, %q, %q; want 1 and the variable at its line before any connection", code, out, errOut)
	}
}

func TestCheckConnectHints(t *testing.T) {
	for host, want := range map[string]string{
		"imap.gmail.com": "google", "smtp.gmail.com.": "google", "smtp-relay.gmail.com": "google",
		"outlook.office365.com": "microsoft", "smtp.office365.com": "microsoft", "SMTP.Office365.com": "microsoft",
		"imap.fastmail.com": "fastmail", "mail.corp.example": "", "notgmail.com": "", "127.0.0.1": "",
	} {
		if got := provider(host); got != want {
			t.Errorf("provider(%q) = %q, want %q", host, got, want)
		}
	}
	for _, tc := range []struct{ provider, want string }{
		{"google", "app password in $PREREAD_IMAP_PASSWORD, or use auth: xoauth2"},
		{"microsoft", "use auth: xoauth2"},
		{"fastmail", "app password"},
		{"", "check mailbox.username (preread@corp.example) and the password in $PREREAD_IMAP_PASSWORD"},
	} {
		if got := passwordHint(tc.provider, "mailbox", "preread@corp.example", "PREREAD_IMAP_PASSWORD"); !strings.Contains(got, tc.want) {
			t.Errorf("passwordHint(%q) = %q, want it to say %q", tc.provider, got, tc.want)
		}
	}
	if got := oauthHint("microsoft", "smtp", "preread@corp.example"); !strings.Contains(got, "SMTP.SendAsApp") {
		t.Errorf("oauthHint(microsoft, smtp) = %q, want the SMTP.SendAsApp permission", got)
	}
	cfg, err := config.Parse("c.yaml", []byte(oauthConfig("  password_env: P\n  separator: \"-\"", "  password_env: P")))
	if err != nil {
		t.Fatal(err)
	}
	if got := subaddressHint(cfg); !strings.Contains(got, "preread-status@corp.example and preread-agenda@corp.example") ||
		!strings.Contains(got, "Gmail delivers +tags") {
		t.Errorf("subaddressHint = %q, want the - separator and the Gmail note", got)
	}
}
