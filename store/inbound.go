package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/preread/preread"
)

// MailboxState returns the UIDVALIDITY and the last UID handled in folder;
// zeros when the folder was never read.
func (db *DB) MailboxState(ctx context.Context, folder string) (uidValidity, lastUID uint32, err error) {
	err = db.sql.QueryRowContext(ctx, "SELECT uidvalidity, last_uid FROM mailbox_state WHERE folder = ?", folder).
		Scan(&uidValidity, &lastUID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("mailbox state of %s: %w", folder, err)
	}
	return uidValidity, lastUID, nil
}

// Processed looks up the recorded result of a message by its key. A
// record Forget erased is found by the hash it keeps, with no sender.
func (db *DB) Processed(ctx context.Context, key string) (preread.Processed, error) {
	p := preread.Processed{Key: key}
	err := db.sql.QueryRowContext(ctx, `
		SELECT uidvalidity, uid, sender, kind, outcome, reason FROM messages WHERE message_key IN (?, ?)`, key, erasedKey(key)).
		Scan(&p.UIDValidity, &p.UID, &p.Sender, &p.Kind, &p.Outcome, &p.Reason)
	if err != nil {
		return p, fmt.Errorf("message %s: %w", key, notFound(err))
	}
	return p, nil
}

// Unmoved lists the messages of a UIDVALIDITY that were committed but not
// yet moved out of the folder, by outcome: the work a crash left behind.
func (db *DB) Unmoved(ctx context.Context, uidValidity uint32) (map[preread.Outcome][]uint32, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT outcome, uid FROM messages WHERE moved_at IS NULL AND uidvalidity = ? AND uid > 0 ORDER BY uid`, uidValidity)
	if err != nil {
		return nil, fmt.Errorf("unmoved messages: %w", err)
	}
	defer rows.Close()
	out := map[preread.Outcome][]uint32{}
	for rows.Next() {
		var o preread.Outcome
		var uid uint32
		if err := rows.Scan(&o, &uid); err != nil {
			return nil, fmt.Errorf("unmoved messages: %w", err)
		}
		out[o] = append(out[o], uid)
	}
	return out, rows.Err()
}

// MarkMoved records that these messages left the folder.
func (db *DB) MarkMoved(ctx context.Context, uidValidity uint32, uids []uint32) error {
	ctx = whole(ctx)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark moved: %w", err)
	}
	defer tx.Rollback()
	now := formatTime(db.now())
	for _, r := range uidRuns(uids) {
		if _, err := tx.ExecContext(ctx, `UPDATE messages SET moved_at = ? WHERE uidvalidity = ? AND uid BETWEEN ? AND ? AND moved_at IS NULL`,
			now, uidValidity, r[0], r[1]); err != nil {
			return fmt.Errorf("mark moved: %w", err)
		}
	}
	return tx.Commit()
}

// uidRuns turns UIDs into runs of consecutive ones, {first, last} each, so
// a moved batch is marked with a statement or a few.
func uidRuns(uids []uint32) [][2]uint32 {
	sorted := slices.Clone(uids)
	slices.Sort(sorted)
	var runs [][2]uint32
	for _, u := range sorted {
		if n := len(runs); n > 0 && runs[n-1][1]+1 >= u {
			runs[n-1][1] = u
			continue
		}
		runs = append(runs, [2]uint32{u, u})
	}
	return runs
}

// Record commits the result of one message read from folder: the message
// row, what it files, its reply for the outbox, and the folder's last UID,
// all in one transaction. A message whose key is already recorded files
// nothing again; Record then reports preread.ErrDuplicate.
func (db *DB) Record(ctx context.Context, folder string, p preread.Processed) error {
	dup, err := db.RecordBatch(ctx, folder, []preread.Processed{p})
	if err != nil {
		return err
	}
	if dup[0] {
		return fmt.Errorf("record %s: %w", p.Key, preread.ErrDuplicate)
	}
	return nil
}

// apply files what a message files and queues its reply.
func (f *filing) apply(ctx context.Context, p preread.Processed) error {
	if err := f.file(ctx, p); err != nil {
		return err
	}
	if p.Reply != nil {
		if err := enqueue(ctx, f.tx, *p.Reply, f.now); err != nil {
			return fmt.Errorf("reply: %w", err)
		}
	}
	return nil
}

// advanceMailbox moves the folder's last UID forward (a new UIDVALIDITY
// starts it again).
func advanceMailbox(ctx context.Context, tx *sql.Tx, folder string, uidValidity, uid uint32) error {
	if uidValidity == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO mailbox_state (folder, uidvalidity, last_uid) VALUES (?, ?, ?)
		ON CONFLICT (folder) DO UPDATE SET
			last_uid = CASE WHEN uidvalidity = excluded.uidvalidity THEN max(last_uid, excluded.last_uid) ELSE excluded.last_uid END,
			uidvalidity = excluded.uidvalidity`,
		folder, uidValidity, uid)
	return err
}

// SetMailboxState records a folder's UIDVALIDITY and last UID; a pass that
// finds a new UIDVALIDITY resets the position to rescan.
func (db *DB) SetMailboxState(ctx context.Context, folder string, uidValidity, lastUID uint32) error {
	_, err := db.sql.ExecContext(ctx, `
		INSERT INTO mailbox_state (folder, uidvalidity, last_uid) VALUES (?, ?, ?)
		ON CONFLICT (folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid`,
		folder, uidValidity, lastUID)
	if err != nil {
		return fmt.Errorf("set mailbox state of %s: %w", folder, err)
	}
	return nil
}

// MessageKeys returns the keys of the recorded messages with these UIDs
// that are not noted moved (those a move is about), in one query on the
// index of unmoved messages.
func (db *DB) MessageKeys(ctx context.Context, uidValidity uint32, uids []uint32) (map[uint32]string, error) {
	out := map[uint32]string{}
	rows, err := db.sql.QueryContext(ctx, `SELECT uid, message_key FROM messages
		WHERE uidvalidity = ? AND moved_at IS NULL AND uid IN (SELECT value FROM json_each(?))`, uidValidity, uidList(uids))
	err = eachRow(rows, err, func(r *sql.Rows) error {
		var uid uint32
		var key string
		err := r.Scan(&uid, &key)
		out[uid] = key
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("message keys: %w", err)
	}
	return out, nil
}
