package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/preread/preread/config"
)

// script writes an executable shell script to dir.
func script(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestServersUseTheTokenCommand(t *testing.T) {
	dir := t.TempDir()
	script(t, dir, "imap-token.sh", "echo imap-token\n")
	script(t, dir, "smtp-token.sh", "echo smtp-token\n")
	file := filepath.Join(dir, "preread.yaml")
	text := `mailbox:
  imap: imap.gmail.com:993
  username: preread@corp.example
  address: preread@corp.example
  auth: xoauth2
  token_command: ./imap-token.sh
smtp:
  relay: smtp.gmail.com:465
  security: tls
  from: "preread <preread@corp.example>"
  username: preread@corp.example
  auth: oauthbearer
  token_command: ./smtp-token.sh
people:
  - email: carol@corp.example
`
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // the scripts are found next to the config, not in the working folder
	getenv := func(string) string { return "unused" }
	s, r := imapServer(cfg, getenv), relay(cfg, getenv)
	if s.Auth != "xoauth2" || s.Password != "" || r.Auth != "oauthbearer" || r.Password != "" || r.Username != "preread@corp.example" {
		t.Errorf("imapServer = %+v, relay = %+v; want OAuth logins without passwords", s, r)
	}
	for name, token := range map[string]func(context.Context, bool) (string, error){"imap-token": s.Token, "smtp-token": r.Token} {
		if got, err := token(t.Context(), false); err != nil || got != name {
			t.Errorf("Token() = %q, %v; want %q", got, err, name)
		}
	}
}
