package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/preread/preread"
)

// MessageRecord is what the store keeps of one inbound message: never its
// bytes, which stay in the mailbox.
type MessageRecord struct {
	ID          int64  // what `preread mail` shows and `preread mail refile` takes
	Key         string // Message-ID, "sha256:…" of the raw bytes, or "erased:…" (see Erased)
	UIDValidity uint32 // where it was read: its UID in the inbox, before it was moved
	UID         uint32
	Sender      string // the From address; "" once erased
	Kind        preread.AddressKind
	Outcome     preread.Outcome
	Reason      string
	At          time.Time // when it was first recorded
	Moved       bool      // it left the inbox for its outcome's folder
}

// Erased reports whether the record was erased by Forget: it keeps a hash
// of its key and its outcome, nothing that names the sender.
func (r MessageRecord) Erased() bool { return strings.HasPrefix(r.Key, erasedPrefix) }

// MessageFilter chooses messages to list; the zero value lists all.
type MessageFilter struct {
	Outcome preread.Outcome // only this outcome
	Since   time.Time       // only those recorded at or after this instant
	From    string          // only from this address (case-insensitive)
}

// messageColumns are the columns scanMessage reads, in its order.
const messageColumns = `id, message_key, uidvalidity, uid, sender, kind, outcome, reason, processed_at, moved_at IS NOT NULL`

// Messages lists the recorded messages that match f, newest first.
func (db *DB) Messages(ctx context.Context, f MessageFilter) ([]MessageRecord, error) {
	var where []string
	var args []any
	if f.Outcome != "" {
		where, args = append(where, "outcome = ?"), append(args, f.Outcome)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "processed_at >= ?"), append(args, formatTime(f.Since))
	}
	if f.From != "" {
		where, args = append(where, "sender = ? COLLATE NOCASE"), append(args, strings.TrimSpace(f.From))
	}
	query := "SELECT " + messageColumns + " FROM messages"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	out, err := scanMessages(db.sql.QueryContext(ctx, query+" ORDER BY processed_at DESC, id DESC", args...))
	if err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	return out, nil
}

// MessagesByID looks up recorded messages by the IDs `preread mail` shows,
// in the order asked. An ID with no record is an error that wraps
// preread.ErrNotFound and names it. This is how `mail refile` finds what to
// read again.
func (db *DB) MessagesByID(ctx context.Context, ids ...int64) ([]MessageRecord, error) {
	out := make([]MessageRecord, 0, len(ids))
	for _, id := range ids {
		recs, err := scanMessages(db.sql.QueryContext(ctx, "SELECT "+messageColumns+" FROM messages WHERE id = ?", id))
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", id, err)
		}
		if len(recs) == 0 {
			return nil, fmt.Errorf("message %d: %w", id, preread.ErrNotFound)
		}
		out = append(out, recs[0])
	}
	return out, nil
}

func scanMessages(rows *sql.Rows, err error) ([]MessageRecord, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MessageRecord
	for rows.Next() {
		var r MessageRecord
		var at string
		if err := rows.Scan(&r.ID, &r.Key, &r.UIDValidity, &r.UID, &r.Sender, &r.Kind, &r.Outcome, &r.Reason, &at, &r.Moved); err != nil {
			return nil, err
		}
		if r.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("message %d: %w", r.ID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Rerecord replaces the record of message id with p, the result of reading
// the same message again after the config changed (`preread mail refile`):
// its sender, kind, outcome and reason become p's, and what p files and its
// reply are committed with it, in one transaction. Record would instead
// call a second reading a duplicate and keep the first outcome.
//
// Only a rejected or failed message is read again: for one that was filed
// or ignored Rerecord changes nothing and returns an error wrapping
// preread.ErrDuplicate, so refiling twice files once. p.Key must be the
// recorded key. A record erased by Forget is never read again
// (preread.ErrErased); an unknown id wraps preread.ErrNotFound.
//
// The record keeps its ID, its first time, and its inbox UIDVALIDITY/UID
// and moved state: the message left the inbox long ago, and moving it
// between result folders is the caller's work.
func (db *DB) Rerecord(ctx context.Context, id int64, p preread.Processed) error {
	ctx = whole(ctx)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rerecord message %d: %w", id, err)
	}
	defer tx.Rollback()
	var key string
	var outcome preread.Outcome
	err = tx.QueryRowContext(ctx, "SELECT message_key, outcome FROM messages WHERE id = ?", id).Scan(&key, &outcome)
	switch {
	case err != nil:
		return fmt.Errorf("rerecord message %d: %w", id, notFound(err))
	case strings.HasPrefix(key, erasedPrefix):
		return fmt.Errorf("rerecord message %d: %w", id, preread.ErrErased)
	case key != p.Key:
		return fmt.Errorf("rerecord message %d: it is %s, not %s", id, key, p.Key)
	case outcome != preread.OutcomeRejected && outcome != preread.OutcomeFailed:
		return fmt.Errorf("rerecord message %d: %s before: %w", id, outcome, preread.ErrDuplicate)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE messages SET sender = ?, kind = ?, outcome = ?, reason = ? WHERE id = ?`,
		p.Sender, p.MessageKind(), p.Outcome, p.Reason, id); err != nil {
		return fmt.Errorf("rerecord message %d: %w", id, err)
	}
	f := &filing{tx: tx, now: formatTime(db.now()), ids: db.ids}
	if err := f.apply(ctx, p); err != nil {
		return fmt.Errorf("rerecord message %d: %w", id, err)
	}
	if err := f.finish(ctx); err != nil {
		return fmt.Errorf("rerecord message %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("rerecord message %d: %w", id, err)
	}
	return nil
}

// erasedPrefix starts the key of a record Forget erased.
const erasedPrefix = "erased:"

// erasedKey is what Forget leaves of a message key: a SHA-256 of it, so a
// message read again (a re-scan, or a copy put back in the inbox) is still
// known as recorded, while the key itself (a Message-ID names hosts, often
// the sender's) is gone.
func erasedKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return erasedPrefix + hex.EncodeToString(sum[:])
}
