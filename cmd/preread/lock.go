package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// lockDatabase keeps a second `preread serve` off the database: two would
// schedule and send side by side. It takes an exclusive lock (flock) on
// DATABASE.lock, created 0600 beside the database, and writes this
// process's id in it for the refusal to name. The lock is the kernel's:
// it goes with the process however it ends, so a killed serve leaves
// nothing to clean up. The other commands (ingest --once, run, backup…)
// take no lock: they are made to run beside serve.
func lockDatabase(database string) (unlock func(), err error) {
	path := database + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the database: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("lock the database: flock %s: %w", path, err)
		}
		holder := "another process"
		if pid := readPID(f); pid != 0 {
			holder = "process " + strconv.Itoa(pid)
		}
		return nil, fmt.Errorf("%s is in use by another preread serve (held by %s, which locks %s): stop it first; "+
			"ingest --once, run and the other commands work beside it", database, holder, path)
	}
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock the database: write %s: %w", path, err)
	}
	return func() { f.Close() }, nil // closing the file lets go of the lock
}

// readPID reads the process id the lock's holder wrote; 0 when there is
// none yet.
func readPID(f *os.File) int {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 32))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}
