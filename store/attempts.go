package store

import (
	"context"
	"fmt"

	"github.com/preread/preread"
)

// StartAttempts notes, before their bytes are fetched, that a pass begins
// to read these messages, alone (one by one, after an earlier pass died
// on them) or in a batch. The note goes when the message's result is
// recorded, so one that outlives the pass names a message the process
// died on.
func (db *DB) StartAttempts(ctx context.Context, uidValidity uint32, uids []uint32, alone bool) error {
	ctx = whole(ctx)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("start attempts: %w", err)
	}
	defer tx.Rollback()
	one := 0
	if alone {
		one = 1
	}
	for _, uid := range uids {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO attempts (uidvalidity, uid, tries, alone) VALUES (?, ?, 1, ?)
			ON CONFLICT (uidvalidity, uid) DO UPDATE SET tries = tries + 1, alone = alone + excluded.alone`,
			uidValidity, uid, one); err != nil {
			return fmt.Errorf("start attempts: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("start attempts: %w", err)
	}
	return nil
}

// Attempts returns the messages of a UIDVALIDITY that a pass began to read
// and never recorded: those the process died on.
func (db *DB) Attempts(ctx context.Context, uidValidity uint32) (map[uint32]preread.Attempt, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT uid, tries, alone FROM attempts WHERE uidvalidity = ?`, uidValidity)
	if err != nil {
		return nil, fmt.Errorf("attempts: %w", err)
	}
	defer rows.Close()
	out := map[uint32]preread.Attempt{}
	for rows.Next() {
		var uid uint32
		var a preread.Attempt
		if err := rows.Scan(&uid, &a.Tries, &a.Alone); err != nil {
			return nil, fmt.Errorf("attempts: %w", err)
		}
		out[uid] = a
	}
	return out, rows.Err()
}

// DropAttempts forgets the notes of messages that left the folder some
// other way, and of every other UIDVALIDITY.
func (db *DB) DropAttempts(ctx context.Context, uidValidity uint32, uids []uint32) error {
	ctx = whole(ctx)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("drop attempts: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM attempts WHERE uidvalidity != ?`, uidValidity); err != nil {
		return fmt.Errorf("drop attempts: %w", err)
	}
	for _, uid := range uids {
		if err := endAttempt(ctx, tx, uidValidity, uid); err != nil {
			return fmt.Errorf("drop attempts: %w", err)
		}
	}
	return tx.Commit()
}

// endAttempt removes a message's note: its result is recorded.
func endAttempt(ctx context.Context, tx querier, uidValidity, uid uint32) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM attempts WHERE uidvalidity = ? AND uid = ?`, uidValidity, uid)
	return err
}
