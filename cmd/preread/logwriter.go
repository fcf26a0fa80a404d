package main

import (
	"io"
	"sync"
	"time"
)

// logWriter gathers log lines into fewer writes. A pass logs a line per
// message, and on a VM a write(2) per line cost about as much CPU as
// filing the message. Lines reach w at most flushAfter after they were
// logged, at once when logMaxBuffer bytes wait, and on Flush (a command's
// end). Only a kill can lose lines, those of the last flushAfter.
type logWriter struct {
	w          io.Writer
	flushAfter time.Duration

	mu    sync.Mutex
	buf   []byte
	timer *time.Timer // pending flush; nil when buf is empty
}

// logMaxBuffer is how many bytes of lines wait at most.
const logMaxBuffer = 64 << 10

func newLogWriter(w io.Writer, flushAfter time.Duration) *logWriter {
	return &logWriter{w: w, flushAfter: flushAfter}
}

// Write keeps p for a later write; slog writes one whole line per call.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	if len(l.buf) >= logMaxBuffer {
		return len(p), l.flushLocked()
	}
	if l.timer == nil {
		l.timer = time.AfterFunc(l.flushAfter, func() { l.Flush() })
	}
	return len(p), nil
}

// Flush writes what waits. Lines a failed write could not take are
// dropped, as a direct write would have lost them; the next try starts
// afresh, so a full disk that frees up gets the lines after it.
func (l *logWriter) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.flushLocked()
}

func (l *logWriter) flushLocked() error {
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	if len(l.buf) == 0 {
		return nil
	}
	_, err := l.w.Write(l.buf)
	l.buf = l.buf[:0]
	return err
}
