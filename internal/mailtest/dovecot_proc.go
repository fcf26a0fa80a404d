package mailtest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/preread/preread/internal/loopback"
)

// errAddrInUse marks a start that failed because a listener port was taken.
var errAddrInUse = errors.New("address already in use")

// dovecotProc is one run of the Dovecot master process. Dovecot runs in the
// foreground (-F) in its own process group, so every process it forks can be
// found and, if need be, killed after the master is gone.
type dovecotProc struct {
	cmd  *exec.Cmd
	pgid int
	done chan struct{} // closed once cmd.Wait has returned
	err  error         // cmd.Wait's result; read only after done is closed
}

// startLocked writes the configuration, starts the master process and waits
// until every listener greets. d.mu must be held.
func (d *Dovecot) startLocked() error {
	if d.proc != nil {
		return nil
	}
	conf, err := d.conf.render()
	if err != nil {
		return err
	}
	confPath := filepath.Join(d.dir, "dovecot.conf")
	if err := os.WriteFile(confPath, conf, 0o644); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	// A file, not a pipe: Dovecot's children inherit stdout/stderr, and a
	// pipe would keep exec.Cmd.Wait blocked while any of them lives.
	out, err := os.OpenFile(filepath.Join(d.dir, "dovecot.out"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("open output file: %w", err)
	}
	defer out.Close()

	cmd := exec.Command(DovecotBinary, "-F", "-c", confPath)
	cmd.Dir = d.dir
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid: true,
		// If the test binary dies without cleanup, shut Dovecot down too.
		Pdeathsig: syscall.SIGTERM,
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run %s: %w", DovecotBinary, err)
	}
	p := &dovecotProc{cmd: cmd, pgid: cmd.Process.Pid, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	d.proc = p

	if err := d.waitReady(p); err != nil {
		d.stopLocked()
		if strings.Contains(d.Log(), "Address already in use") {
			return fmt.Errorf("%w: %w", errAddrInUse, err)
		}
		return err
	}
	return nil
}

// waitReady waits, at most dovecotStartTimeout, until the IMAP listener
// sends its greeting and, with TLS, the implicit-TLS listener completes a
// verified handshake and greets as well.
func (d *Dovecot) waitReady(p *dovecotProc) error {
	deadline := time.Now().Add(dovecotStartTimeout)
	var lastErr error
	for {
		select {
		case <-p.done:
			return fmt.Errorf("dovecot exited during startup: %v", p.err)
		default:
		}
		lastErr = d.probe(deadline)
		if lastErr == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("dovecot not ready after %s: %w", dovecotStartTimeout, lastErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// probe dials the listeners once and reads their greetings.
func (d *Dovecot) probe(deadline time.Time) error {
	if err := readGreeting(d.Addr(), nil, deadline); err != nil {
		return err
	}
	if d.conf.TLS {
		cfg := &tls.Config{RootCAs: d.CertPool, ServerName: loopback.Host}
		if err := readGreeting(d.TLSAddr(), cfg, deadline); err != nil {
			return err
		}
	}
	return nil
}

// readGreeting connects to addr (over TLS when cfg is set) and checks for an
// IMAP "* OK" greeting, giving up at deadline or after two seconds.
func readGreeting(addr string, cfg *tls.Config, deadline time.Time) error {
	if d := time.Now().Add(2 * time.Second); d.Before(deadline) {
		deadline = d
	}
	dialer := &net.Dialer{Deadline: deadline}
	var conn net.Conn
	var err error
	if cfg != nil {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, cfg)
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("dial %s: %w", addr, err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(deadline); err != nil {
		return fmt.Errorf("greeting from %s: %w", addr, err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return fmt.Errorf("greeting from %s: %w", addr, err)
	}
	if !strings.HasPrefix(line, "* OK") {
		return fmt.Errorf("greeting from %s: unexpected %q", addr, line)
	}
	return nil
}

// stopLocked terminates the running master, if any: SIGTERM, a bounded wait,
// then SIGKILL for the whole process group. It also waits, bounded, for the
// master's children to go. d.mu must be held.
func (d *Dovecot) stopLocked() {
	p := d.proc
	if p == nil {
		return
	}
	d.proc = nil
	// The whole group: the master alone leaves logged-in imap processes
	// running until they notice it is gone, which takes seconds.
	_ = syscall.Kill(-p.pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(dovecotStopTimeout):
		_ = syscall.Kill(-p.pgid, syscall.SIGKILL)
		select {
		case <-p.done:
		case <-time.After(dovecotStopTimeout):
		}
	}
	deadline := time.Now().Add(dovecotStopTimeout)
	for groupAlive(p.pgid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(-p.pgid, syscall.SIGKILL)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// groupAlive reports whether a live (non-zombie) process is in process
// group pgid, by scanning /proc. Zombies are skipped because whether they
// are reaped depends on the init process of the machine, not on Dovecot.
func groupAlive(pgid int) bool {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// Fields after the parenthesised command: state ppid pgrp ...
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		if g, err := strconv.Atoi(f[2]); err == nil && g == pgid {
			return true
		}
	}
	return false
}

// safeDirRE matches paths that can be written into dovecot.conf unquoted.
var safeDirRE = regexp.MustCompile(`^[A-Za-z0-9/._-]+$`)

// sharedTempDir creates a 0755 temporary directory that Dovecot's
// unprivileged processes can reach: every ancestor must be traversable by
// others (t.TempDir is 0700, so it is not used), the path must need no
// quoting in the config, and it must be short enough for the unix socket
// paths under it. It tries $TMPDIR, /tmp and /var/tmp in turn.
func sharedTempDir(prefix string) (string, error) {
	var tried []string
	for _, parent := range []string{os.TempDir(), "/tmp", "/var/tmp"} {
		real, err := filepath.EvalSymlinks(parent)
		if err != nil || !safeDirRE.MatchString(real) || len(real) > 40 || !traversable(real) {
			tried = append(tried, parent)
			continue
		}
		dir, err := os.MkdirTemp(real, prefix)
		if err != nil {
			return "", fmt.Errorf("create temp dir: %w", err)
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			_ = os.RemoveAll(dir)
			return "", fmt.Errorf("create temp dir: %w", err)
		}
		return dir, nil
	}
	return "", fmt.Errorf("no world-traversable temp dir among %v", tried)
}

// traversable reports whether dir and all its ancestors are searchable by
// any user.
func traversable(dir string) bool {
	for {
		fi, err := os.Stat(dir)
		if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}

// ChildCPU is the CPU time (user and system) of the Dovecot processes that
// have exited so far: the imap session of a client that logged out counts
// once the master has reaped it. Benchmarks read it before and after a run
// to see the server's share of the work.
func (d *Dovecot) ChildCPU() (time.Duration, error) {
	d.mu.Lock()
	p := d.proc
	d.mu.Unlock()
	if p == nil {
		return 0, errors.New("dovecot is not running")
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which may hold spaces: state is the
	// first, cutime and cstime the 14th and 15th (proc(5)).
	i := bytes.LastIndex(stat, []byte(") "))
	if i < 0 {
		return 0, fmt.Errorf("unexpected /proc stat %q", stat)
	}
	fields := strings.Fields(string(stat[i+2:]))
	if len(fields) < 15 {
		return 0, fmt.Errorf("unexpected /proc stat %q", stat)
	}
	var ticks int64
	for _, f := range fields[13:15] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("unexpected /proc stat %q", stat)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / 100, nil // USER_HZ is 100 on Linux
}
