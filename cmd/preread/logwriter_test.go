package main

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLogWriterWritesLinesTogetherAndSoon(t *testing.T) {
	out := &syncBuilder{}
	l := newLogWriter(out, 200*time.Millisecond)
	for i := range 100 {
		l.Write([]byte("line " + strings.Repeat("x", i%7) + "\n"))
	}
	if got := out.String(); got != "" {
		t.Fatalf("written at once: %q", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(out.String(), "\n") < 100 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := strings.Count(out.String(), "\n"); n != 100 {
		t.Fatalf("after the flush delay: %d lines, want 100", n)
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	if out.writes != 1 {
		t.Errorf("100 lines took %d writes, want 1", out.writes)
	}
}

func TestLogWriterFlushesWhenFullAndOnFlush(t *testing.T) {
	out := &syncBuilder{}
	l := newLogWriter(out, time.Hour)
	line := []byte(strings.Repeat("y", 1023) + "\n")
	for range logMaxBuffer / len(line) {
		l.Write(line)
	}
	if got := len(out.String()); got != logMaxBuffer {
		t.Errorf("after %d bytes: %d written, want all of them", logMaxBuffer, got)
	}
	l.Write([]byte("last\n"))
	if err := l.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.String(), "last\n") {
		t.Errorf("Flush left the last line unwritten")
	}
}

// flakyWriter fails while full is set, as a full disk does.
type flakyWriter struct {
	syncBuilder
	full bool
}

func (f *flakyWriter) Write(p []byte) (int, error) {
	if f.full {
		return 0, errors.New("disk full")
	}
	return f.syncBuilder.Write(p)
}

func TestLogWriterReportsAWriteErrorAndGoesOn(t *testing.T) {
	out := &flakyWriter{full: true}
	l := newLogWriter(out, time.Hour)
	l.Write([]byte("lost\n"))
	if err := l.Flush(); err == nil {
		t.Fatal("Flush to a failing writer: no error")
	}
	out.full = false
	l.Write([]byte("after\n"))
	if err := l.Flush(); err != nil {
		t.Fatalf("Flush once the writer works again: %v", err)
	}
	if got := out.String(); got != "after\n" {
		t.Errorf("written after the failure: %q, want only the later line", got)
	}
}
