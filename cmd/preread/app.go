package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/config"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/store"
)

// app is a command's view of preread: the checked config, the open
// database with the directory synced into it, a logger and the clock.
type app struct {
	cfg    *config.File
	db     *store.DB
	log    *slog.Logger
	logOut *logWriter // the log's lines on their way to stderr; nil on a terminal
	now    func() time.Time
	env    *cliEnv

	// The directory as last synced, and the inbound processing built on
	// it: serve's reload replaces both (reload.go).
	dir  atomic.Pointer[preread.Directory]
	proc currentProcessor
	// schedules reads the pairs' calendars, each part parsed once.
	schedules mailin.Schedules
}

// openApp loads the config, opens the database and syncs the directory.
func openApp(ctx context.Context, env *cliEnv, file string) (*app, error) {
	return openAppAt(ctx, env, file, time.Now)
}

// openAppAt is openApp on another clock (`run --at`, tests).
func openAppAt(ctx context.Context, env *cliEnv, file string, now func() time.Time) (*app, error) {
	cfg, err := config.Load(file)
	if err != nil {
		return nil, err
	}
	return newApp(ctx, env, cfg, now)
}

// newApp is openApp on a config already loaded.
func newApp(ctx context.Context, env *cliEnv, cfg *config.File, now func() time.Time) (*app, error) {
	a := &app{cfg: cfg, env: env, now: now}
	if isTerminal(env.stderr) {
		a.log = newLogger(env.stderr, env.logFormat)
	} else {
		// A file or a pipe: the lines can wait a moment and go in fewer writes.
		a.logOut = newLogWriter(env.stderr, logFlushAfter)
		a.log = newLogger(a.logOut, env.logFormat)
	}
	var err error
	a.db, err = store.Open(ctx, cfg.Database, store.Options{Now: a.now})
	if err != nil {
		a.flushLog()
		return nil, err
	}
	rep, err := a.db.SyncDirectory(ctx, cfg.Directory)
	if err != nil {
		a.db.Close()
		a.flushLog()
		return nil, err
	}
	for _, c := range rep.Changes {
		a.log.Info("directory", "change", c)
	}
	a.setDirectory(cfg.Directory)
	fitGCLimit()
	return a, nil
}

// Close closes the database and writes the last log lines.
func (a *app) Close() error {
	err := a.db.Close()
	a.flushLog()
	return err
}

// logFlushAfter is how long a log line may wait before it is written.
const logFlushAfter = 50 * time.Millisecond

func (a *app) flushLog() {
	if a.logOut != nil {
		a.logOut.Flush()
	}
}

// newLogger logs in the given format; by default text to a terminal and
// JSON otherwise. Durations are written as Go writes them ("1m0s"), in
// JSON too, where slog would write nanoseconds.
func newLogger(w io.Writer, format string) *slog.Logger {
	opts := &slog.HandlerOptions{ReplaceAttr: durationText}
	if format == "text" || (format == "" && isTerminal(w)) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// durationText writes a time.Duration attribute as text.
func durationText(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().String())
	}
	return a
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress prints "label done/total" on one terminal line; on anything
// else it prints nothing, as the log says the same.
func progress(w io.Writer, label string) func(done, total int) {
	if !isTerminal(w) {
		return nil
	}
	return func(done, total int) {
		fmt.Fprintf(w, "\r%s %d/%d", label, done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
