package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/preread/preread"
)

// RefuseMoves records that the server refused to copy messages to folder,
// and when to try again: a minute after the first refusal, doubling up to
// an hour.
func (db *DB) RefuseMoves(ctx context.Context, folder, reason string) (preread.MoveRefusal, error) {
	ctx = whole(ctx)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return preread.MoveRefusal{}, fmt.Errorf("refuse moves: %w", err)
	}
	defer tx.Rollback()
	now := db.now()
	r := preread.MoveRefusal{Folder: folder, Reason: reason, Since: now}
	var since string
	err = tx.QueryRowContext(ctx, `SELECT attempts, since FROM move_refusals WHERE folder = ?`, folder).Scan(&r.Attempts, &since)
	switch {
	case err == nil:
		if r.Since, err = parseTime(since); err != nil {
			return r, fmt.Errorf("refuse moves: %w", err)
		}
	case !errors.Is(err, sql.ErrNoRows):
		return r, fmt.Errorf("refuse moves: %w", err)
	}
	r.Attempts++
	r.NextTry = now.Add(moveBackoff(r.Attempts))
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO move_refusals (folder, reason, attempts, since, next_try) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (folder) DO UPDATE SET reason = excluded.reason, attempts = excluded.attempts, next_try = excluded.next_try`,
		folder, reason, r.Attempts, formatTime(r.Since), formatTime(r.NextTry)); err != nil {
		return r, fmt.Errorf("refuse moves: %w", err)
	}
	return r, tx.Commit()
}

// moveBackoff is the wait after the nth refusal in a row.
func moveBackoff(n int) time.Duration {
	return min(time.Minute<<min(n-1, 6), time.Hour)
}

// MovesAccepted forgets a folder's refusals: a copy to it worked.
func (db *DB) MovesAccepted(ctx context.Context, folder string) error {
	if _, err := db.sql.ExecContext(ctx, `DELETE FROM move_refusals WHERE folder = ?`, folder); err != nil {
		return fmt.Errorf("moves accepted: %w", err)
	}
	return nil
}

// MoveRefusals lists the folders whose copies the server refuses now.
func (db *DB) MoveRefusals(ctx context.Context) ([]preread.MoveRefusal, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT folder, reason, attempts, since, next_try FROM move_refusals ORDER BY folder`)
	if err != nil {
		return nil, fmt.Errorf("move refusals: %w", err)
	}
	defer rows.Close()
	var out []preread.MoveRefusal
	for rows.Next() {
		var r preread.MoveRefusal
		var since, next string
		if err := rows.Scan(&r.Folder, &r.Reason, &r.Attempts, &since, &next); err != nil {
			return nil, fmt.Errorf("move refusals: %w", err)
		}
		if r.Since, err = parseTime(since); err != nil {
			return nil, fmt.Errorf("move refusals: %w", err)
		}
		if r.NextTry, err = parseTime(next); err != nil {
			return nil, fmt.Errorf("move refusals: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
