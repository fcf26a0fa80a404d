package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// One serve per database: a second exits 1 naming the first, while run
// and ingest --once go on working beside it. Its files are 0600.
func TestServeLocksTheDatabase(t *testing.T) {
	mailtest.UsualUmask(t)
	w := newServeWorld(t)
	dir, file := w.dir, w.file
	env := []string{"TEST_IMAP_PASSWORD=" + mailtest.DefaultPassword}
	first := start(t, env, "serve", "--config", file, "--tick", "1s")
	first.waitLog(`"msg":"serving"`, time.Minute)

	db := filepath.Join(dir, "preread.db")
	for _, f := range []string{db, db + "-wal", db + "-shm", db + ".lock"} {
		mailtest.WantMode(t, f, 0o600)
	}
	second := start(t, env, "serve", "--config", file, "--tick", "1s")
	if code := second.wait(time.Minute); code != 1 {
		t.Errorf("a second serve exited %d, want 1", code)
	}
	want := "preread serve: " + db + " is in use by another preread serve (held by process " + strconv.Itoa(first.cmd.Process.Pid) + ","
	if out := second.out.String(); !strings.Contains(out, want) || strings.Contains(out, `"msg":"serving"`) {
		t.Errorf("second serve said:\n%s\nwant %q and nothing served", out, want)
	}
	// The commands made to run beside serve take no lock.
	at := time.Date(2026, 11, 9, 9, 30, 0, 0, time.UTC).Format(time.RFC3339)
	genv := map[string]string{"TEST_IMAP_PASSWORD": mailtest.DefaultPassword}
	if code, out, errOut := cliWithEnv(t, genv, "run", "prompts", "--config", file, "--at", at); code != 0 {
		t.Errorf("run beside serve = %d, %q, %q", code, out, errOut)
	}
	if code, out, errOut := cliWithEnv(t, genv, "ingest", "--config", file, "--once"); code != 0 {
		t.Errorf("ingest --once beside serve = %d, %q, %q", code, out, errOut)
	}
	_ = first.cmd.Process.Signal(syscall.SIGTERM)
	if code := first.wait(shutdownGrace + 5*time.Second); code != 0 {
		t.Errorf("serve exited %d after SIGTERM, want 0", code)
	}
	// Its lock went with it.
	again := start(t, env, "serve", "--config", file, "--tick", "1s")
	again.waitLog(`"msg":"serving"`, time.Minute)
}

// SIGHUP makes serve read its config again: a new person is synced,
// welcomed and their mail filed at once; a config with problems is refused
// with them logged, and serve goes on with the one it had.
func TestServeReloadsOnSIGHUP(t *testing.T) {
	w := newServeWorld(t)
	d, smtp, dir, listen, file := w.d, w.smtp, w.dir, w.listen, w.file
	p := start(t, []string{"TEST_IMAP_PASSWORD=" + mailtest.DefaultPassword}, "serve", "--config", file, "--tick", "1h")
	p.waitLog(`"msg":"serving"`, time.Minute)
	smtp.WaitFor(t, 2, 20*time.Second) // Carol's and Alice's welcomes
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	hup := func(config string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
	}
	withBob := strings.Replace(string(original), "pairs:\n", "  - email: bob@corp.example\n    name: Bob Builder\npairs:\n", 1) +
		"  - manager: carol@corp.example\n    report: bob@corp.example\n    meets: weekly wed 10:00\n"
	hup(withBob)
	p.waitLog(`"msg":"config reloaded"`, 20*time.Second)
	for _, want := range []string{`"change":"added person bob@corp.example"`, `"change":"added pair carol@corp.example:bob@corp.example"`} {
		if !strings.Contains(p.out.String(), want) {
			t.Errorf("reload log lacks %s", want)
		}
	}
	// Bob's welcome goes at once (the tick is an hour), and his mail is
	// filed by the classifier of the new directory.
	welcomed := smtp.WaitFor(t, 3, 20*time.Second)
	if to := welcomed[2].To; len(to) != 1 || to[0] != "bob@corp.example" {
		t.Errorf("third email to %v, want Bob's welcome", to)
	}
	dbFile := filepath.Join(dir, "preread.db")
	token := storetest.Token(t, dbFile, "bob@corp.example")
	status := func(id string) []byte {
		return []byte("From: bob@corp.example\r\nTo: preread+status." + token + "@corp.example\r\nSubject: status\r\n" +
			"Message-ID: <" + id + "@corp.example>\r\n\r\nToday: " + id + "\r\n")
	}
	filed := func(text string) func() bool {
		return func() bool {
			nb, err := storetest.OpenAt(t, dbFile, store.Options{}).Notebook(t.Context(), "")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range nb.Status {
				if s.Person == "bob@corp.example" && strings.Contains(s.Text, text) {
					return true
				}
			}
			return false
		}
	}
	d.Append(t, mailtest.DefaultUser, "INBOX", status("reload-1"))
	waitFor(t, "Bob's status filed", 20*time.Second, filed("reload-1"))

	// A config with a mistake (and without Bob): refused, logged with its
	// line, and the running directory, Bob in it, stays.
	broken := strings.Replace(string(original), "meets: weekly tue 10:00", "meets: fortnightly", 1)
	hup(broken)
	p.waitLog(`"msg":"config not reloaded: the running one stays"`, 20*time.Second)
	if !strings.Contains(p.out.String(), "preread.yaml:") || !strings.Contains(p.out.String(), "pairs[0].meets") {
		t.Errorf("the refusal does not name the problem's line and field:\n%s", tail(p.out.String(), 5))
	}
	if code, body := get(t, listen, "/healthz"); code != 200 {
		t.Errorf("/healthz after a refused reload = %d\n%s", code, body)
	}
	d.Append(t, mailtest.DefaultUser, "INBOX", status("reload-2"))
	waitFor(t, "Bob's status filed after the refused reload", 20*time.Second, filed("reload-2"))
	if strings.Contains(p.out.String(), "removed person bob") || strings.Contains(p.out.String(), "deactivated person bob") {
		t.Errorf("the refused config was applied:\n%s", p.out.String())
	}

	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(shutdownGrace + 5*time.Second); code != 0 {
		t.Errorf("serve exited %d after SIGTERM, want 0", code)
	}
}

// Reloads while the watcher files mail and the scheduler ticks each
// second, in this process, so the race detector sees the directory change
// hands with them.
func TestReloadBesideRunningWork(t *testing.T) {
	w := newServeWorld(t)
	d, smtp, dir, file := w.d, w.smtp, w.dir, w.file
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	withBob := strings.Replace(string(original), "pairs:\n", "  - email: bob@corp.example\npairs:\n", 1)
	logs, _ := serveHere(t, map[string]string{"TEST_IMAP_PASSWORD": mailtest.DefaultPassword}, "--config", file, "--tick", "1s")
	reloads := func() int { return strings.Count(logs.String(), `"msg":"config reloaded"`) }
	smtp.WaitFor(t, 2, 20*time.Second) // serving: SIGHUP is serve's now, not the default that ends the process
	token := storetest.Token(t, filepath.Join(dir, "preread.db"), "alice@corp.example")
	for i := range 6 {
		config := withBob
		if i%2 == 1 {
			config = string(original)
		}
		if err := os.WriteFile(file, []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
		d.Append(t, mailtest.DefaultUser, "INBOX", []byte(fmt.Sprintf("From: alice@corp.example\r\nTo: preread+status.%s@corp.example\r\n"+
			"Subject: status\r\nMessage-ID: <race-%d@corp.example>\r\n\r\nToday: %d\r\n", token, i, i)))
		if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		waitFor(t, fmt.Sprintf("reload %d", i+1), 20*time.Second, func() bool { return reloads() == i+1 })
	}
	waitFor(t, "the six messages filed", 20*time.Second, func() bool { return strings.Count(logs.String(), `"outcome":"filed"`) >= 6 })
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
