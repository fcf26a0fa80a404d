package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/preread/preread"
)

// Why mail was dropped instead of sent.
const (
	DropByAdmin = "dropped by the admin"              // preread outbox drop
	DropRemoved = "person removed from the directory" // SyncDirectory
)

// dropStates are the states an email may be dropped from: never sent.
const dropStates = "('pending', 'failed')"

// historyHeader selects an email's header from its raw bytes (up to the
// blank line), so a history does not read every body.
const historyHeader = `(SELECT CASE WHEN instr(raw, X'0D0A0D0A') > 0 THEN substr(raw, 1, instr(raw, X'0D0A0D0A') + 1)
	ELSE substr(raw, 1, 4096) END FROM outbox_raw WHERE outbox_raw.id = outbox.id)`

// Drop takes a pending or failed email out of the outbox for good: it is
// never sent, and `outbox history` shows it dropped with the reason. An
// unknown ID wraps preread.ErrNotFound; a sent or already dropped email is
// an error that says so. An email a sender is handing to the relay at this
// very moment may still go out; it then shows as sent.
func (db *DB) Drop(ctx context.Context, id int64, reason string) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("drop email %d: %w", id, err)
	}
	defer tx.Rollback()
	var state string
	var sentAt sql.NullString
	if err := tx.QueryRowContext(ctx, "SELECT state, sent_at FROM outbox WHERE id = ?", id).Scan(&state, &sentAt); err != nil {
		return fmt.Errorf("drop email %d: no email with that ID: %w", id, notFound(err))
	}
	switch state {
	case "sent":
		return fmt.Errorf("drop email %d: it was already sent (%s)", id, sentAt.String)
	case "dropped":
		return fmt.Errorf("drop email %d: it was already dropped", id)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'dropped', dropped_at = ?, drop_reason = ? WHERE id = ?`,
		formatTime(db.now()), reason, id); err != nil {
		return fmt.Errorf("drop email %d: %w", id, err)
	}
	return tx.Commit()
}

// dropMailTo drops the unsent mail of a person leaving the directory: it is
// not sent to someone who is no longer there, nor retried forever.
func dropMailTo(ctx context.Context, tx *sql.Tx, personID int64, now string) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'dropped', dropped_at = ?, drop_reason = ?
		WHERE person_id = ? AND state IN `+dropStates, now, DropRemoved, personID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// SentRecord is one email in the outbox's history, whatever its state.
type SentRecord struct {
	ID        int64
	Kind      preread.EmailKind
	Recipient string
	Header    []byte // the email's header as rendered (its Subject is in there)
	State     string // pending, sent, failed or dropped
	Attempts  int
	Reason    string    // why it was dropped, else the last error from the relay
	Queued    time.Time // when it was queued
	Done      time.Time // when it was sent or dropped; zero otherwise
}

// OutboxHistory lists every email queued at or after since (all when
// zero), sent ones included, newest first.
func (db *DB) OutboxHistory(ctx context.Context, since time.Time) ([]SentRecord, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT id, kind, recipient, `+historyHeader+`, state, attempts,
			CASE state WHEN 'dropped' THEN drop_reason ELSE last_error END,
			created_at, COALESCE(sent_at, dropped_at, '')
		FROM outbox WHERE created_at >= ? ORDER BY created_at DESC, id DESC`, formatTime(since))
	if err != nil {
		return nil, fmt.Errorf("outbox history: %w", err)
	}
	defer rows.Close()
	var out []SentRecord
	for rows.Next() {
		var r SentRecord
		var queued, done string
		if err := rows.Scan(&r.ID, &r.Kind, &r.Recipient, &r.Header, &r.State, &r.Attempts, &r.Reason, &queued, &done); err != nil {
			return nil, fmt.Errorf("outbox history: %w", err)
		}
		if r.Queued, err = parseTime(queued); err != nil {
			return nil, fmt.Errorf("outbox history: email %d: %w", r.ID, err)
		}
		if done != "" {
			if r.Done, err = parseTime(done); err != nil {
				return nil, fmt.Errorf("outbox history: email %d: %w", r.ID, err)
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// KeepSentBytes is how long the bytes of a sent or dropped email are kept
// (outbox history shows their header); its row stays for good, so a reply
// still finds the email it answers, and its key is never queued twice. At
// company scale the bytes are most of the file: 100,000 digests of ~100 KB
// are 10 GB a day (BENCHMARKS.md, "A day").
const KeepSentBytes = 7 * 24 * time.Hour

// pruneChunk is how many emails PruneSentBytes looks at in one statement,
// and pruneMost how many it drops in one call: the first call on a big
// old file leaves the rest to the planner's next ticks.
const (
	pruneChunk = 1000
	pruneMost  = 50_000
)

// PruneSentBytes drops the bytes of emails sent or dropped before
// before, oldest first, at most pruneMost, and reports how many. It reads
// the kept bytes in queue order, a chunk at a time, and stops at a chunk
// of mail all queued since before: when there is nothing to drop it
// reads one chunk, and one email dated ahead (a clock set forward) does
// not stop it. Pending and failed mail keeps its bytes, whatever its age;
// the DELETE checks each email again, so one whose row changed (or whose
// id was reused) since it was read keeps them too.
func (db *DB) PruneSentBytes(ctx context.Context, before time.Time) (int, error) {
	cutoff := formatTime(before)
	n, after := 0, int64(0)
	for {
		rows, err := db.sql.QueryContext(ctx, `SELECT r.id, o.state IN ('sent', 'dropped'), o.created_at >= ?
			FROM outbox_raw r JOIN outbox o ON o.id = r.id WHERE r.id > ? ORDER BY r.id LIMIT ?`, cutoff, after, pruneChunk)
		var drop []any
		seen, old := 0, 0
		if err := eachRow(rows, err, func(r *sql.Rows) error {
			var ended, recent bool
			if err := r.Scan(&after, &ended, &recent); err != nil {
				return err
			}
			seen++
			if !recent {
				old++
				if ended {
					drop = append(drop, after)
				}
			}
			return nil
		}); err != nil {
			return n, fmt.Errorf("prune sent mail: %w", err)
		}
		if len(drop) > 0 {
			res, err := db.sql.ExecContext(ctx, `DELETE FROM outbox_raw WHERE id IN (`+placeholders(len(drop))+`)
				AND id IN (SELECT id FROM outbox WHERE state IN ('sent', 'dropped') AND coalesce(sent_at, dropped_at, created_at) < ?)`,
				append(drop, cutoff)...)
			if err != nil {
				return n, fmt.Errorf("prune sent mail: %w", err)
			}
			dropped, _ := res.RowsAffected()
			n += int(dropped)
		}
		if old == 0 || seen < pruneChunk || n >= pruneMost {
			return n, nil
		}
	}
}
