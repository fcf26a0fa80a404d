// Package e2e runs the built preread binary against a real Dovecot and a
// capturing SMTP relay: two simulated weeks of a team, and the faults the
// design promises to survive (SIGKILL, a restarted mailbox, a refusing
// relay, huge and automated mail). It holds tests only.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	mailtest.RemoveBinaries()
	os.Exit(code)
}

// binary builds ./cmd/preread once per test run, without the race detector
// (which only the test process needs), and returns its path. E2E_PREREAD_BIN
// names a binary built elsewhere to test instead.
func binary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("E2E_PREREAD_BIN"); bin != "" {
		return bin
	}
	return mailtest.Binary(t, "github.com/preread/preread/cmd/preread")
}

// commandContext is exec.CommandContext for a preread process: it dies with
// the test process, and is killed (not left running) when ctx ends.
func commandContext(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// serveProc is one running `preread serve`.
type serveProc struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	log  *lockedBuffer
	done chan struct{} // closed when the process has exited
	err  error         // Wait's result, once done is closed
}

// serve starts `preread serve` with the world's config on a clock that
// starts at clock, the scheduler looking every tick. It is killed on
// cleanup if still running.
func (w *world) serve(clock time.Time, tick time.Duration) *serveProc {
	w.t.Helper()
	w.serves++
	args := []string{"serve", "--config", w.config, "--tick", tick.String()}
	if !clock.IsZero() {
		args = append(args, "--clock", clock.UTC().Format(time.RFC3339))
	}
	cmd := commandContext(context.Background(), binary(w.t), args...)
	cmd.Env = env()
	p := &serveProc{t: w.t, name: fmt.Sprintf("serve #%d", w.serves), cmd: cmd, log: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		w.t.Fatalf("start %s: %v", p.name, err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	idx := w.serves
	w.t.Cleanup(func() {
		p.kill()
		if w.t.Failed() && w.serves == idx { // the last one is the one that matters
			w.t.Logf("%s log:\n%s", p.name, tail(p.log.String(), 60))
		}
	})
	return p
}

// exited reports whether the process has ended.
func (p *serveProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill ends the process with SIGKILL, as a crash or the OOM killer would,
// and waits for it.
func (p *serveProc) kill() {
	if p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		p.t.Errorf("%s: still running 10s after SIGKILL", p.name)
	}
}

// stop sends SIGTERM and waits, bounded, for a clean exit (status 0).
func (p *serveProc) stop() {
	p.t.Helper()
	if p.exited() {
		p.t.Fatalf("%s exited on its own (%v):\n%s", p.name, p.err, tail(p.log.String(), 40))
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.kill()
		p.t.Fatalf("%s: not stopped 30s after SIGTERM:\n%s", p.name, tail(p.log.String(), 40))
	}
	if p.err != nil {
		p.t.Fatalf("%s: exit after SIGTERM: %v\n%s", p.name, p.err, tail(p.log.String(), 40))
	}
}

// ready waits until the process says it is serving: past opening the
// database, the directory sync and the first scheduler pass.
func (p *serveProc) ready() {
	p.t.Helper()
	waitUntil(p.t, p.name+" serving", time.Minute, func() bool {
		p.alive()
		log := p.log.String()
		return strings.Contains(log, `"msg":"serving"`) || strings.Contains(log, "msg=serving")
	})
}

// alive fails the test when the process ended on its own.
func (p *serveProc) alive() {
	p.t.Helper()
	if p.exited() {
		p.t.Fatalf("%s exited on its own (%v):\n%s", p.name, p.err, tail(p.log.String(), 40))
	}
}

// lockedBuffer collects a process's output; Wait's copying goroutine and
// the test read it concurrently.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
