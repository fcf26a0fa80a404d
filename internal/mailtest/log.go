package mailtest

import (
	"io"
	"strings"
	"sync"
	"testing"
)

// LogTo is a writer for a component's log (slog, log.Logger) that sends
// each line to the test log, until the test ends: a server goroutine that
// logs after that would otherwise panic the test binary.
func LogTo(t testing.TB) io.Writer { return newTestLog(t) }

// testLog forwards lines to t.Log until stopped (at the test's cleanup,
// or earlier by the server that owns it).
type testLog struct {
	t testing.TB

	mu      sync.Mutex
	stopped bool
}

func newTestLog(t testing.TB) *testLog {
	l := &testLog{t: t}
	t.Cleanup(l.stop)
	return l
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Log(strings.TrimSuffix(string(p), "\n"))
	}
	return len(p), nil
}

func (l *testLog) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
}
