package main

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
)

// What only a process of its own shows (signals, locks between processes)
// is tested on the built binary.

func TestMain(m *testing.M) {
	code := m.Run()
	mailtest.RemoveBinaries()
	os.Exit(code)
}

// proc is one run of the binary.
type proc struct {
	t    *testing.T
	cmd  *exec.Cmd
	out  *syncBuilder // stdout and stderr
	done chan struct{}
}

// start runs the binary with args and the extra environment variables
// env; it is killed at the test's end if still running.
func start(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(mailtest.Binary(t, "github.com/preread/preread/cmd/preread"), args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p := &proc{t: t, cmd: cmd, out: &syncBuilder{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		if !p.exited() {
			_ = cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("%s output:\n%s", strings.Join(args, " "), p.out.String())
		}
	})
	return p
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// wait waits, bounded, for the process to end and returns its exit status.
func (p *proc) wait(timeout time.Duration) int {
	p.t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(timeout):
		p.t.Fatalf("%s: still running after %s", p.cmd.Args, timeout)
		return -1
	}
}

// waitLog waits until the output holds s, failing if the process ends first.
func (p *proc) waitLog(s string, timeout time.Duration) {
	p.t.Helper()
	waitFor(p.t, "log "+s, timeout, func() bool {
		if strings.Contains(p.out.String(), s) {
			return true
		}
		if p.exited() {
			p.t.Fatalf("%s ended before logging %s", p.cmd.Args, s)
		}
		return false
	})
}
