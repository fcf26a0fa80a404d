package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/preread/preread"
)

// Writable checks that the database takes a write lock now (within the
// busy timeout), as /healthz reports.
func (db *DB) Writable(ctx context.Context) error {
	tx, err := db.sql.BeginTx(ctx, nil) // _txlock=immediate: this takes the write lock
	if err != nil {
		return fmt.Errorf("database not writable: %w", err)
	}
	return tx.Rollback()
}

// Backup writes a consistent copy of the live database to path (VACUUM
// INTO), mode 0600, while other connections go on reading and writing. Restoring is
// copying the file back while preread is stopped.
func (db *DB) Backup(ctx context.Context, path string) error {
	// The copy holds every token and note: it is created 0600 here, and
	// SQLite fills the empty file.
	if err := createPrivate(path); errors.Is(err, os.ErrExist) {
		return fmt.Errorf("backup: %s already exists; pick a new name", path)
	} else if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// OutboxStats counts the outbox by kind and state, and finds the oldest
// email that is due but not sent.
type OutboxStats struct {
	ByKindState map[[2]string]int // {kind, state} -> count
	Pending     int
	OldestDue   time.Time // zero when nothing is due
}

// OutboxStats reads the outbox's numbers for /metrics and /healthz.
func (db *DB) OutboxStats(ctx context.Context, now time.Time) (OutboxStats, error) {
	st := OutboxStats{ByKindState: map[[2]string]int{}}
	rows, err := db.sql.QueryContext(ctx, `SELECT kind, state, count(*) FROM outbox GROUP BY kind, state`)
	if err != nil {
		return st, fmt.Errorf("outbox stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, state string
		var n int
		if err := rows.Scan(&kind, &state, &n); err != nil {
			return st, fmt.Errorf("outbox stats: %w", err)
		}
		st.ByKindState[[2]string{kind, state}] = n
		if state == "pending" {
			st.Pending += n
		}
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	var oldest *string
	if err := db.sql.QueryRowContext(ctx, `SELECT min(created_at) FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?`,
		formatTime(now)).Scan(&oldest); err != nil {
		return st, fmt.Errorf("outbox stats: %w", err)
	}
	if oldest != nil {
		st.OldestDue, err = parseTime(*oldest)
	}
	return st, err
}

// MessageCounts counts the inbound messages recorded, by outcome.
func (db *DB) MessageCounts(ctx context.Context) (map[preread.Outcome]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT outcome, count(*) FROM messages GROUP BY outcome`)
	if err != nil {
		return nil, fmt.Errorf("message counts: %w", err)
	}
	defer rows.Close()
	out := map[preread.Outcome]int{}
	for rows.Next() {
		var o preread.Outcome
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return nil, fmt.Errorf("message counts: %w", err)
		}
		out[o] = n
	}
	return out, rows.Err()
}
