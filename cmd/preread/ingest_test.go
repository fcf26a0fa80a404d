package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store/storetest"
)

// testConfig writes a config for a mailbox on imapAddr and returns its path.
func testConfig(t *testing.T, dir, imapAddr string) string {
	t.Helper()
	cfg := fmt.Sprintf(`mailbox:
  imap: %s
  security: none
  username: %s
  password_env: TEST_IMAP_PASSWORD
  address: preread@corp.example
  authserv_id: mx.corp.example
smtp:
  relay: 127.0.0.1:2525
  security: none
  from: "preread <preread@corp.example>"
people:
  - email: carol@corp.example
  - email: alice@corp.example
    timezone: America/New_York
pairs:
  - manager: carol@corp.example
    report: alice@corp.example
    meets: weekly tue 10:00
`, imapAddr, mailtest.DefaultUser)
	file := filepath.Join(dir, "preread.yaml")
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func cliWithEnv(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	return cliContext(t.Context(), env, args...)
}

// cliContext runs a command line until it ends or ctx is cancelled (as
// SIGTERM does in main).
func cliContext(ctx context.Context, env map[string]string, args ...string) (int, string, string) {
	var out, errOut syncBuilder
	e := &cliEnv{stdout: &out, stderr: &errOut, getenv: func(k string) string { return env[k] }}
	code := runCLI(ctx, e, args)
	return code, out.String(), errOut.String()
}

// syncBuilder is a strings.Builder safe for the goroutines of serve. It
// counts the writes.
type syncBuilder struct {
	mu     sync.Mutex
	b      strings.Builder
	writes int
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// ingestWorld is Dovecot with testConfig on it, after a first ingest that
// created the database: the config file, the command environment and
// Alice's token.
func ingestWorld(t *testing.T) (d *mailtest.Dovecot, file string, env map[string]string, aliceToken string) {
	t.Helper()
	d = mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	dir := t.TempDir()
	file = testConfig(t, dir, d.Addr())
	env = map[string]string{"TEST_IMAP_PASSWORD": mailtest.DefaultPassword}
	if code, _, errOut := cliWithEnv(t, env, "ingest", "--config", file, "--once"); code != 0 {
		t.Fatalf("ingest on an empty mailbox = %d, %s", code, errOut)
	}
	return d, file, env, storetest.Token(t, filepath.Join(dir, "preread.db"), "alice@corp.example")
}

func TestIngestOnceAndExport(t *testing.T) {
	d, file, env, token := ingestWorld(t)
	msg := "From: Alice <alice@corp.example>\r\nTo: preread+agenda." + token + "@corp.example\r\n" +
		"Subject: career chat\r\nMessage-ID: <cli-1@corp.example>\r\nDate: Tue, 24 Nov 2026 10:00:00 -0500\r\n\r\n" +
		"Could we talk about my next step? #growth\r\n"
	d.Append(t, mailtest.DefaultUser, "INBOX", []byte(msg))

	code, out, errOut := cliWithEnv(t, env, "ingest", "--config", file, "--once")
	if code != 0 || !strings.Contains(out, "1 message: 1 filed, 0 ignored, 0 rejected, 0 failed") {
		t.Fatalf("ingest = %d, %q, %q; want one filed", code, out, errOut)
	}
	code, out, errOut = cliWithEnv(t, env, "export", "--config", file)
	if code != 0 {
		t.Fatalf("export = %d, %s", code, errOut)
	}
	var got struct {
		Status []map[string]any `json:"status"`
		Agenda []map[string]any `json:"agenda"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	want := map[string]any{"manager": "carol@corp.example", "report": "alice@corp.example", "from": "alice@corp.example",
		"category": "growth", "subject": "career chat", "text": "Could we talk about my next step?", "note": "",
		"forwarded": nil, "state": "open", "message_id": "<cli-1@corp.example>"}
	// When it was raised is the time it was filed; it is open, so never closed.
	if len(got.Agenda) == 1 {
		if created, _ := got.Agenda[0]["created"].(string); created == "" || got.Agenda[0]["closed"] != "" {
			t.Errorf("export's item: created %q, closed %q; want a time and \"\"", created, got.Agenda[0]["closed"])
		} else if _, err := time.Parse(time.RFC3339, created); err != nil {
			t.Errorf("export's item: created %q: %v", created, err)
		}
		delete(got.Agenda[0], "created")
		delete(got.Agenda[0], "closed")
	}
	if len(got.Agenda) != 1 || fmt.Sprint(got.Agenda[0]) != fmt.Sprint(want) || got.Status == nil {
		t.Errorf("export = %s\nwant one agenda item %v and an empty status list", out, want)
	}
	code, out, _ = cliWithEnv(t, env, "export", "--config", file, "--format", "markdown", "--pair", "carol@corp.example:alice@corp.example")
	if code != 0 || !strings.Contains(out, "- [open] **growth** (from alice@corp.example): career chat: Could we talk about my next step?") {
		t.Errorf("export markdown = %d\n%s", code, out)
	}
}

func TestIngestOnceFailsClearly(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := closed.Addr().String()
	closed.Close()
	cases := []struct {
		name, addr, password, want string
	}{
		{"unreachable", deadAddr, mailtest.DefaultPassword, "connect to " + deadAddr},
		{"wrong password", d.Addr(), "wrong", "log in to " + d.Addr()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := testConfig(t, t.TempDir(), tc.addr)
			code, _, errOut := cliWithEnv(t, map[string]string{"TEST_IMAP_PASSWORD": tc.password}, "ingest", "--config", file, "--once")
			if code != 1 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "preread check --connect") {
				t.Errorf("ingest = %d, %q; want 1 and %q with what to check", code, errOut, tc.want)
			}
		})
	}
}

// TestExportKeepsAForwardsNote: an agenda item forwarded with a note keeps
// the note, its subject and the forwarded message's From, Date and Subject
// in both exports.
func TestExportKeepsAForwardsNote(t *testing.T) {
	d, file, env, token := ingestWorld(t)
	d.Append(t, mailtest.DefaultUser, "INBOX", []byte("From: Alice <alice@corp.example>\r\nTo: preread+agenda."+token+"@corp.example\r\n"+
		"Subject: Fwd: Q3 review notes\r\nMessage-ID: <fwd-1@corp.example>\r\nDate: Tue, 24 Nov 2026 10:00:00 -0500\r\n\r\n"+
		"Can we go over the second point?\r\n\r\n---------- Forwarded message ---------\r\nFrom: Dana Scully <dana@partner.example>\r\n"+
		"Date: Mon, 23 Nov 2026 16:10\r\nSubject: Q3 review notes\r\nTo: Alice <alice@corp.example>\r\n\r\n"+
		"1. Great work on the importer.\r\n2. Talk to the platform team earlier.\r\n"))
	if code, out, errOut := cliWithEnv(t, env, "ingest", "--config", file, "--once"); code != 0 || !strings.Contains(out, "1 filed") {
		t.Fatalf("ingest = %d, %q, %q", code, out, errOut)
	}
	code, out, _ := cliWithEnv(t, env, "export", "--config", file)
	var got struct {
		Agenda []struct {
			Subject, Text, Note string
			Forwarded           *struct{ From, Date, Subject string }
		} `json:"agenda"`
	}
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || len(got.Agenda) != 1 {
		t.Fatalf("export = %d, %v\n%s", code, err, out)
	}
	a := got.Agenda[0]
	if a.Note != "Can we go over the second point?" || a.Forwarded == nil || a.Forwarded.From != "Dana Scully <dana@partner.example>" ||
		a.Forwarded.Subject != "Q3 review notes" || a.Forwarded.Date == "" || !strings.Contains(a.Text, "Talk to the platform team") {
		t.Errorf("export's item = %+v (forwarded %+v), want the note beside the forwarded message", a, a.Forwarded)
	}
	code, out, _ = cliWithEnv(t, env, "export", "--config", file, "--format", "markdown")
	for _, want := range []string{"alice@corp.example's note: Can we go over the second point?", "forwarded: from Dana Scully &lt;dana@partner.example&gt;, Mon, 23 Nov 2026 16:10, subject Q3 review notes"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("export markdown lacks %q:\n%s", want, out)
		}
	}
}
