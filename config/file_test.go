package config_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/preread/preread/config"
	"github.com/preread/preread/internal/mailtest"
)

// writeConfig writes text as c.yaml in a new folder and returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestConfigOneDocument(t *testing.T) {
	example := string(config.Example())
	lines := strings.Count(example, "\n")
	cases := []struct {
		name, text, want string
	}{
		{"second document", example + "---\nlisten: 0.0.0.0:80\n",
			"c.yaml:" + strconv.Itoa(lines+1) + ": yaml: a second YAML document starts here"},
		{"broken second document", example + "---\nlisten: [\n", "c.yaml:" + strconv.Itoa(lines+2) + ": yaml: "},
	}
	for _, tc := range cases {
		_, err := config.Load(writeConfig(t, tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%s) = %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	// A trailing --- with nothing after it loses nothing.
	if _, err := config.Load(writeConfig(t, example+"---\n")); err != nil {
		t.Errorf("Load(example with a trailing ---) = %v, want it accepted", err)
	}
}

func TestConfigOver64MBIsRefused(t *testing.T) {
	file := writeConfig(t, "")
	// A sparse file: the size is what counts, before anything is read.
	if err := os.Truncate(file, config.MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	_, err := config.Load(file)
	if err == nil || !strings.Contains(err.Error(), "over the limit of 64 MB") {
		t.Errorf("Load(64 MB + 1 byte) = %v, want it refused for its size", err)
	}
	if _, err := config.Parse("c.yaml", make([]byte, config.MaxFileSize+1)); err == nil || !strings.Contains(err.Error(), "64 MB") {
		t.Errorf("Parse(64 MB + 1 byte) = %v, want it refused for its size", err)
	}
}

// A secret written where the name of its variable belongs is never
// repeated in a problem, nor in the auth field.
func TestConfigProblemsNeverRepeatASecret(t *testing.T) {
	example := string(config.Example())
	for _, secret := range []string{"imap-secret-1", "hunter 2", "pa$$word"} {
		text := strings.Replace(example, "password_env: PREREAD_IMAP_PASSWORD", "password_env: "+secret, 1)
		_, err := config.Parse("c.yaml", []byte(text))
		if err == nil || !strings.Contains(err.Error(), "mailbox.password_env: want the name of an environment variable") ||
			strings.Contains(err.Error(), secret) {
			t.Errorf("Parse(password_env: %s) = %v, want the problem without the value", secret, err)
		}
	}
	text := strings.Replace(example, "password_env: PREREAD_IMAP_PASSWORD", "auth: Sup3rSecret", 1)
	_, err := config.Parse("c.yaml", []byte(text))
	if err == nil || !strings.Contains(err.Error(), "mailbox.auth: want password, xoauth2 or oauthbearer") || strings.Contains(err.Error(), "Sup3rSecret") {
		t.Errorf("Parse(auth: Sup3rSecret) = %v, want the problem without the value", err)
	}
	// A name that could be a variable but is written like a password is
	// not repeated when it is missing from the environment either.
	text = strings.Replace(example, "password_env: PREREAD_IMAP_PASSWORD", "password_env: hunter2isMyPassword", 1)
	cfg, err := config.Parse("c.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	missing := cfg.MissingEnv(func(string) string { return "" })
	if len(missing) != 2 || missing[0].Field != "mailbox.password_env" || strings.Contains(missing[0].Msg, "hunter2") ||
		missing[1].Msg != "environment variable PREREAD_SMTP_PASSWORD is not set" {
		t.Errorf("MissingEnv() = %+v, want both, the first without its name", missing)
	}
}

func TestConfigCAFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("ca.pem", append(append([]byte("# our CA\n"), mailtest.SelfSignedPEM(t)...), mailtest.SelfSignedPEM(t)...))
	write("key.pem", []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
	write("notes.txt", []byte("not a certificate\n"))
	example := string(config.Example())
	withCA := func(mailbox, smtp string) string {
		text := strings.Replace(example, "  folder: INBOX ", "  ca_file: "+mailbox+"\n  folder: INBOX ", 1)
		return strings.Replace(text, "  from: \"preread", "  ca_file: "+smtp+"\n  from: \"preread", 1)
	}
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte(withCA("ca.pem", filepath.Join(dir, "ca.pem"))), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if m, s := cfg.Mailbox.CA, cfg.SMTP.CA; m.File != filepath.Join(dir, "ca.pem") || len(m.Certs) != 2 || s.File != m.File || len(s.Certs) != 2 {
		t.Errorf("CA = %s (%d certificates), %s (%d); want ca.pem beside the config, with two", m.File, len(m.Certs), s.File, len(s.Certs))
	}
	if cfg, _ := config.Parse(file, config.Example()); cfg.Mailbox.CA.File != "" || cfg.SMTP.CA.Certs != nil {
		t.Errorf("CA without ca_file = %+v, want none", cfg.Mailbox.CA)
	}
	mailboxLine := lineOf(t, []byte(withCA("x", "y")), "ca_file: x")
	smtpLine := lineOf(t, []byte(withCA("x", "y")), "ca_file: y")
	cases := []struct{ mailbox, smtp, want string }{
		{"missing.pem", "ca.pem", strconv.Itoa(mailboxLine) + ": mailbox.ca_file: open " + filepath.Join(dir, "missing.pem") + ": no such file"},
		{"ca.pem", "notes.txt", strconv.Itoa(smtpLine) + ": smtp.ca_file: " + filepath.Join(dir, "notes.txt") + " holds no PEM certificate"},
		{"key.pem", "ca.pem", strconv.Itoa(mailboxLine) + ": mailbox.ca_file: " + filepath.Join(dir, "key.pem") + " holds a PRIVATE KEY, not only certificates"},
	}
	for _, tc := range cases {
		if err := os.WriteFile(file, []byte(withCA(tc.mailbox, tc.smtp)), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := config.Load(file)
		if err == nil || !strings.Contains(err.Error(), "c.yaml:"+tc.want) || strings.Count(err.Error(), "\n") != 0 {
			t.Errorf("Load(ca_file %s, %s) = %v, want one problem: %q", tc.mailbox, tc.smtp, err, tc.want)
		}
	}
}
