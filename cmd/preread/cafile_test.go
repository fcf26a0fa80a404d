package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
)

// A mailbox and a relay whose certificates come from a private CA (the
// harness's own) are reached with ca_file, by check --connect, ingest
// (mailin's dial) and run (mailout's), and refused without it.
func TestCAFile(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{TLS: true})
	relay := mailtest.StartSMTP(t, mailtest.SMTPOptions{TLS: true})
	dir := t.TempDir()
	imapCA, smtpCA := filepath.Join(dir, "imap-ca.pem"), filepath.Join(dir, "smtp-ca.pem")
	for file, pem := range map[string][]byte{imapCA: d.CertPEM, smtpCA: relay.CertPEM} {
		if err := os.WriteFile(file, pem, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	password := "password_env: TEST_IMAP_PASSWORD"

	without := connectConfig(t, imapSection(d.TLSAddr(), "tls", password), smtpSection(relay.Addr(), "starttls"))
	code, out, _ := checkConnect(t, without, mailtest.DefaultPassword)
	mailtest.WantLines(t, out,
		`^FAIL imap tls: .*certificate.*; fix: .*name that CA's PEM file in mailbox\.ca_file`,
		`^FAIL smtp tls: .*certificate.*; fix: .*name that CA's PEM file in smtp\.ca_file`)
	if code != 1 {
		t.Errorf("check --connect without ca_file = %d, want 1", code)
	}

	// The relay's CA for the mailbox: still not trusted.
	wrong := connectConfig(t, imapSection(d.TLSAddr(), "tls", password, "ca_file: "+smtpCA), smtpSection(relay.Addr(), "starttls"))
	if code, out, _ := checkConnect(t, wrong, mailtest.DefaultPassword); code != 1 || !strings.Contains(out, "FAIL imap tls") {
		t.Errorf("check --connect with another CA = %d, want 1 and imap tls failed", code)
	}

	file := connectConfig(t, imapSection(d.TLSAddr(), "tls", password, "ca_file: "+imapCA),
		smtpSection(relay.Addr(), "starttls", "ca_file: "+smtpCA))
	code, out, _ = checkConnect(t, file, mailtest.DefaultPassword)
	if code != 0 {
		t.Fatalf("check --connect with ca_file = %d, want 0", code)
	}
	mailtest.WantLines(t, out, `^ok   imap tls: TLS 1\.[23], certificate for localhost issued by localhost`, `^ok   imap login: `,
		`^ok   smtp tls: STARTTLS, TLS 1\.[23], certificate for localhost`, `^ok   smtp auth: `)

	env := map[string]string{"TEST_IMAP_PASSWORD": mailtest.DefaultPassword}
	if code, out, errOut := cliWithEnv(t, env, "ingest", "--config", file, "--once"); code != 0 || !strings.Contains(out, "0 messages") {
		t.Errorf("ingest --once over TLS with ca_file = %d, %q, %q", code, out, errOut)
	}
	at := time.Date(2026, 11, 7, 12, 0, 0, 0, time.UTC).Format(time.RFC3339) // a Saturday: the welcomes
	if code, out, errOut := cliWithEnv(t, env, "run", "prompts", "--config", file, "--at", at); code != 0 || !strings.Contains(out, "2 sent") {
		t.Errorf("run over STARTTLS with ca_file = %d, %q, %q", code, out, errOut)
	}
	if n := len(relay.Messages()); n != 2 {
		t.Errorf("the relay got %d emails, want the 2 welcomes", n)
	}
}
