package main

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store/storetest"
)

// get fetches a path from the HTTP listener.
func get(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func metricValue(body, name string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` ([0-9.e+-]+)$`).FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

func TestHealthAndMetrics(t *testing.T) {
	w := newServeWorld(t)
	d, dir, listen, file := w.d, w.dir, w.listen, w.file
	serveHere(t, map[string]string{"TEST_IMAP_PASSWORD": mailtest.DefaultPassword}, "--config", file, "--tick", "1s", "--mailbox-grace", "2s")
	waitFor(t, "healthy", 20*time.Second, func() bool { code, _ := get(t, listen, "/healthz"); return code == 200 })
	waitFor(t, "connected and synced", 20*time.Second, func() bool {
		_, m := get(t, listen, "/metrics")
		return metricValue(m, "preread_imap_connected") == 1 && metricValue(m, "preread_mailbox_last_sync_timestamp_seconds") > 0
	})

	// Mail filed and sent moves the counters.
	token := storetest.Token(t, filepath.Join(dir, "preread.db"), "alice@corp.example")
	d.Append(t, mailtest.DefaultUser, "INBOX", []byte("From: alice@corp.example\r\nTo: preread+status."+token+
		"@corp.example\r\nSubject: status\r\nMessage-ID: <h1@corp.example>\r\n\r\nToday: metrics\r\n"))
	d.Append(t, mailtest.DefaultUser, "INBOX", []byte("From: mallory@evil.example\r\nTo: preread@corp.example\r\nSubject: hi\r\nMessage-ID: <h2@evil.example>\r\n\r\nhi\r\n"))
	waitFor(t, "counters moved", 20*time.Second, func() bool {
		_, m := get(t, listen, "/metrics")
		return metricValue(m, `preread_messages_total{outcome="filed"}`) == 1 &&
			metricValue(m, `preread_messages_total{outcome="rejected"}`) == 1 &&
			metricValue(m, `preread_emails{kind="welcome",state="sent"}`) == 2
	})

	// Dovecot stops: unhealthy, and the body says it is the mailbox.
	d.Stop()
	waitFor(t, "unhealthy without the mailbox", 30*time.Second, func() bool {
		code, body := get(t, listen, "/healthz")
		return code == 503 && strings.Contains(body, "mailbox: FAIL") && strings.Contains(body, "database: ok")
	})
	d.Restart(t)
	waitFor(t, "healthy again", 60*time.Second, func() bool { code, _ := get(t, listen, "/healthz"); return code == 200 })
}

// A server that refuses the login (here: the password changed on it) is
// no passing outage: /healthz fails at once, however long the grace, and
// the log says "login refused", not that the connection was lost. Log
// durations are text in JSON too.
func TestLoginRefusedFailsHealthAtOnce(t *testing.T) {
	w := newServeWorld(t)
	d, listen, file := w.d, w.listen, w.file
	logs, stop := serveHere(t, map[string]string{"TEST_IMAP_PASSWORD": mailtest.DefaultPassword},
		"--config", file, "--tick", "1s", "--mailbox-grace", "1h")
	waitFor(t, "healthy", 20*time.Second, func() bool { code, _ := get(t, listen, "/healthz"); return code == 200 })

	d.SetPassword(t, mailtest.DefaultUser, "changed by the admin")
	d.Restart(t) // the session ends; the next login is refused
	var body string
	waitFor(t, "unhealthy on the refused login", 20*time.Second, func() bool {
		var code int
		code, body = get(t, listen, "/healthz")
		return code == 503
	})
	if !strings.Contains(body, "mailbox: FAIL: "+d.Addr()+" refused the login") || !strings.Contains(body, "AUTHENTICATIONFAILED") {
		t.Errorf("/healthz =\n%s\nwant the mailbox failed for the refused login", body)
	}
	stop()
	var refused, lost int
	for _, line := range strings.Split(logs.String(), "\n") {
		switch {
		case strings.Contains(line, `"msg":"login refused"`):
			refused++
			if !strings.Contains(line, `"level":"ERROR"`) || !regexp.MustCompile(`"retry_in":"[0-9.]+m?s"`).MatchString(line) {
				t.Errorf("log line %s: want an error with retry_in as text", line)
			}
		case strings.Contains(line, "connection lost") && strings.Contains(line, "AUTHENTICATIONFAILED"):
			lost++
		}
	}
	if refused == 0 || lost != 0 {
		t.Errorf("%d lines say login refused, %d call the refusal a lost connection; want some and none:\n%s", refused, lost, logs.String())
	}
	if !strings.Contains(logs.String(), `"tick":"1s"`) || !strings.Contains(logs.String(), `"grace":"20s"`) {
		t.Errorf("log: want the durations tick and grace as text:\n%s", logs.String())
	}
}

// A result folder the server refuses to write makes /healthz fail with the
// folder and the server's reason, while the mail is still filed.
func TestRefusedMovesFailHealth(t *testing.T) {
	w := newServeWorld(t)
	d, dir, listen, file := w.d, w.dir, w.listen, w.file
	serveHere(t, map[string]string{"TEST_IMAP_PASSWORD": mailtest.DefaultPassword}, "--config", file, "--tick", "1s")
	waitFor(t, "healthy", 20*time.Second, func() bool { code, _ := get(t, listen, "/healthz"); return code == 200 })
	d.RefuseWrites(t, mailtest.DefaultUser, "preread/Processed")
	token := storetest.Token(t, filepath.Join(dir, "preread.db"), "alice@corp.example")
	d.Append(t, mailtest.DefaultUser, "INBOX", []byte("From: alice@corp.example\r\nTo: preread+status."+token+
		"@corp.example\r\nSubject: status\r\nMessage-ID: <refused@corp.example>\r\n\r\nToday: quota\r\n"))
	var body string
	waitFor(t, "unhealthy on the refused move", 20*time.Second, func() bool {
		var code int
		code, body = get(t, listen, "/healthz")
		return code == 503
	})
	if !strings.Contains(body, "moves: FAIL: the server refuses copies to preread/Processed since ") || !strings.Contains(body, "mailbox: ok") {
		t.Errorf("/healthz = %q, want the refused folder and the mailbox ok", body)
	}
	if got := len(d.Messages(t, mailtest.DefaultUser, "INBOX")); got != 1 {
		t.Errorf("INBOX holds %d messages, want the filed one waiting", got)
	}
	if _, m := get(t, listen, "/metrics"); metricValue(m, `preread_move_refusals{folder="preread/Processed"}`) != 1 {
		t.Errorf("/metrics lacks preread_move_refusals{folder=\"preread/Processed\"} 1")
	}
}
