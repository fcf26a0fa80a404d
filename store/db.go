// Package store keeps preread's state in one SQLite file: the directory
// synced from the config, the notebook filed from mail, the record of every
// inbound message, and the outbox of every email to send.
//
// It owns the schema, its migrations and every query. It does not decide
// what is due, what a message means or how an email looks.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver
	"github.com/preread/preread"
)

// DB is an open preread database.
type DB struct {
	sql *sql.DB
	now func() time.Time
	ids *idCache // of active people and pairs, for filing

	stmts stmtCache // statements run once a message, prepared once
	sent  sentCache // our emails by Message-ID, for SentEmail

	// sending lets one sender connection at a time write the outbox: SQLite
	// takes one writer, and the others would wait in its busy handler,
	// which sleeps a millisecond or more each time it finds the lock held.
	sending sync.Mutex
}

// Options tune Open. The zero value is fine.
type Options struct {
	Now func() time.Time // the clock; time.Now when nil
}

// Open opens (creating if needed) the database file at path and brings its
// schema up to date. The file and its -wal and -shm are made 0600 first
// (files.go).
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if err := ensurePrivate(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_stmt_cache_size", "64") // hot statements are prepared once per connection
	// Every write transaction takes the write lock up front, so a read
	// followed by a write waits for the busy timeout instead of failing.
	q.Set("_txlock", "immediate")
	sqldb, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := migrate(ctx, sqldb); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// Fresh statistics for the query planner where the tables grew or
	// shrank a lot since the last (SQLite's advice for 3.46 and later,
	// bounded by analysis_limit): without them it reads every status
	// entry for StatusFiledSince rather than use its index (BENCHMARKS.md).
	if _, err := sqldb.ExecContext(ctx, "PRAGMA analysis_limit=400; PRAGMA optimize=0x10002"); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: optimize: %w", path, err)
	}
	db := &DB{sql: sqldb, now: opts.Now, ids: newIDCache()}
	if db.now == nil {
		db.now = time.Now
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.stmts.close()
	return db.sql.Close()
}

// timeFormat is how instants are stored: UTC, fixed width, so text order is
// time order.
const timeFormat = "2006-01-02T15:04:05.000Z"

// whole keeps ctx's values but not its cancellation, for a transaction of
// many small statements that takes milliseconds: once begun it runs to its
// end, where a cancel would only roll it back. The driver then also runs
// each statement on the caller's goroutine instead of starting one to
// watch for the cancel.
func whole(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// notFound turns sql.ErrNoRows into preread.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return preread.ErrNotFound
	}
	return err
}

func parseTime(s string) (time.Time, error) { return time.Parse(timeFormat, s) }
