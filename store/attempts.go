package store

import (
	"context"
	"fmt"
	"strconv"

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
	// One statement for the chunk: a pass notes thousands at a time.
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO attempts (uidvalidity, uid, tries, alone) SELECT ?, value, 1, ? FROM json_each(?) WHERE true
		ON CONFLICT (uidvalidity, uid) DO UPDATE SET tries = tries + 1, alone = alone + excluded.alone`,
		uidValidity, aloneCount(alone), uidList(uids)); err != nil {
		return fmt.Errorf("start attempts: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("start attempts: %w", err)
	}
	return nil
}

// TakeBackAttempts undoes one StartAttempts (with the same alone) for
// messages whose bytes were never read after all: a pass found them over
// the size limit as the server began to send them (and reads them again
// from their parts, noted on their own), or the server refused them for
// now. What a message noted before stays.
func (db *DB) TakeBackAttempts(ctx context.Context, uidValidity uint32, uids []uint32, alone bool) error {
	if len(uids) == 0 {
		return nil
	}
	ctx = whole(ctx)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("take back attempts: %w", err)
	}
	defer tx.Rollback()
	list := uidList(uids)
	if _, err := tx.ExecContext(ctx, `UPDATE attempts SET tries = tries - 1, alone = max(alone - ?, 0)
		WHERE uidvalidity = ? AND uid IN (SELECT value FROM json_each(?))`, aloneCount(alone), uidValidity, list); err != nil {
		return fmt.Errorf("take back attempts: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM attempts WHERE uidvalidity = ? AND tries <= 0
		AND uid IN (SELECT value FROM json_each(?))`, uidValidity, list); err != nil {
		return fmt.Errorf("take back attempts: %w", err)
	}
	return tx.Commit()
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
	if err := endAttempts(ctx, tx, uidValidity, uids); err != nil {
		return fmt.Errorf("drop attempts: %w", err)
	}
	return tx.Commit()
}

// endAttempts removes the notes of messages whose results are recorded.
func endAttempts(ctx context.Context, tx querier, uidValidity uint32, uids []uint32) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM attempts WHERE uidvalidity = ? AND uid IN (SELECT value FROM json_each(?))`,
		uidValidity, uidList(uids))
	return err
}

// aloneCount is 1 for true: what alone adds to a message's reads alone.
func aloneCount(alone bool) int {
	if alone {
		return 1
	}
	return 0
}

// uidList writes UIDs as a JSON array, for json_each.
func uidList(uids []uint32) string {
	b := make([]byte, 0, 8*len(uids)+2)
	b = append(b, '[')
	for i, uid := range uids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(uid), 10)
	}
	return string(append(b, ']'))
}
