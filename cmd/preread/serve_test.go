package main

import (
	"context"
	"fmt"
	"io"
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

func TestServeRunsEverythingAndStopsGracefully(t *testing.T) {
	w := newServeWorld(t)
	d, smtp, dir, file := w.d, w.smtp, w.dir, w.file
	_, stop := serveHere(t, map[string]string{"TEST_IMAP_PASSWORD": mailtest.DefaultPassword}, "--config", file, "--tick", "1s")
	// The scheduler's first tick welcomes both people.
	smtp.WaitFor(t, 2, 20*time.Second)

	// An untagged message from Alice (authenticated by her token) gets one
	// help reply through the outbox.
	token := storetest.Token(t, filepath.Join(dir, "preread.db"), "alice@corp.example")
	msg := "From: alice@corp.example\r\nTo: preread+misc." + token + "@corp.example\r\nSubject: hello\r\nMessage-ID: <serve-1@corp.example>\r\n\r\nwhat is this?\r\n"
	d.Append(t, mailtest.DefaultUser, "INBOX", []byte(msg))
	helpReplies := func() int {
		n := 0
		for _, m := range smtp.Messages() {
			if strings.Contains(string(m.Data), "could not tell what your email was for") && m.To[0] == "alice@corp.example" {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(20 * time.Second)
	for helpReplies() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if helpReplies() != 1 {
		t.Fatalf("no help reply to alice within 20s")
	}
	// SIGTERM: serve stops within its grace period and exits 0.
	if code := stop(); code != 0 {
		t.Errorf("serve exited with %d after SIGTERM, want 0", code)
	}
	// Whatever else was due on today's real clock went out once each.
	seen := map[string]bool{}
	for _, m := range smtp.Messages() {
		id := messageIDOf(string(m.Data))
		if seen[id] {
			t.Errorf("%s sent twice", id)
		}
		seen[id] = true
	}
	if helpReplies() != 1 {
		t.Errorf("%d help replies, want 1", helpReplies())
	}
}

// serveHere runs `preread serve` with args in this process. stop ends it
// as SIGTERM does and returns its exit status once it is done (-1 if it
// outlives its grace period); the test's end stops it too. logs is what
// it wrote on stderr.
func serveHere(t *testing.T, env map[string]string, args ...string) (logs *syncBuilder, stop func() int) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	logs = &syncBuilder{}
	go func() {
		e := &cliEnv{stdout: io.Discard, stderr: logs, getenv: func(k string) string { return env[k] }}
		done <- runCLI(ctx, e, append([]string{"serve"}, args...))
	}()
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(shutdownGrace + 5*time.Second):
				t.Error("serve did not stop within its grace period")
			}
		})
		return code
	}
	t.Cleanup(func() { stop() })
	return logs, stop
}

func messageIDOf(raw string) string {
	for _, line := range strings.Split(raw, "\r\n") {
		if strings.HasPrefix(strings.ToLower(line), "message-id:") {
			return strings.TrimSpace(line[len("message-id:"):])
		}
	}
	return ""
}

// freeAddr is a loopback address with a port nobody listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// serveWorld is what the serve tests start from: a Dovecot, a relay, and
// serveConfig's file for them in dir, with /healthz on listen.
type serveWorld struct {
	d                 *mailtest.Dovecot
	smtp              *mailtest.SMTPServer
	dir, listen, file string
}

func newServeWorld(t *testing.T) serveWorld {
	t.Helper()
	w := serveWorld{d: mailtest.StartDovecot(t, mailtest.DovecotOptions{}), smtp: mailtest.StartSMTP(t, mailtest.SMTPOptions{}),
		dir: t.TempDir(), listen: freeAddr(t)}
	w.file = serveConfig(t, w.dir, w.listen, w.d, w.smtp)
	return w
}

// serveConfig writes the config serve tests share: Carol and her report
// Alice, the mailbox on d, the relay smtp, /healthz on listen.
func serveConfig(t *testing.T, dir, listen string, d *mailtest.Dovecot, smtp *mailtest.SMTPServer) string {
	t.Helper()
	cfg := fmt.Sprintf(`listen: %s
mailbox:
  imap: %s
  security: none
  username: %s
  password_env: TEST_IMAP_PASSWORD
  address: preread@corp.example
smtp:
  relay: %s
  security: none
  from: "preread <preread@corp.example>"
`, listen, d.Addr(), mailtest.DefaultUser, smtp.Addr()) + carolAndAlice
	file := filepath.Join(dir, "preread.yaml")
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}
