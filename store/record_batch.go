package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/preread/preread"
)

// RecordBatch commits the results of several messages in one transaction:
// for each, the message row with what it files and its reply, and the
// folder's last UID; the attempt noted for each ends. dup[i] says the
// i-th was recorded before (or earlier in the batch) and filed nothing
// now. Either all of the batch is committed or none of it.
//
// A pass records thousands of messages: the message rows and the status
// entries go in with one INSERT for many rows, not one for each.
func (db *DB) RecordBatch(ctx context.Context, folder string, ps []preread.Processed) (dup []bool, err error) {
	ctx = whole(ctx)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("record batch: %w", err)
	}
	defer tx.Rollback()
	f := &filing{tx: tx, now: formatTime(db.now()), ids: db.ids}
	if dup, err = f.duplicates(ctx, ps); err != nil {
		return nil, fmt.Errorf("record batch: %w", err)
	}
	var fresh []preread.Processed
	for i, p := range ps {
		if !dup[i] {
			fresh = append(fresh, p)
		}
	}
	if err := f.insertMessages(ctx, fresh); err != nil {
		return nil, fmt.Errorf("record batch: %w", err)
	}
	for _, p := range fresh {
		if err := f.apply(ctx, p); err != nil {
			return nil, fmt.Errorf("record %s: %w", p.Key, err)
		}
	}
	if err := f.finish(ctx); err != nil {
		return nil, fmt.Errorf("record batch: %w", err)
	}
	last := map[uint32]uint32{} // the batch's highest UID, by UIDVALIDITY
	recorded := map[uint32][]uint32{}
	for _, p := range ps {
		last[p.UIDValidity] = max(last[p.UIDValidity], p.UID)
		recorded[p.UIDValidity] = append(recorded[p.UIDValidity], p.UID)
	}
	for validity, uids := range recorded {
		if err := endAttempts(ctx, tx, validity, uids); err != nil {
			return nil, fmt.Errorf("record batch: %w", err)
		}
	}
	for validity, uid := range last {
		if err := advanceMailbox(ctx, tx, folder, validity, uid); err != nil {
			return nil, fmt.Errorf("record batch: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("record batch: %w", err)
	}
	return dup, nil
}

// duplicates tells which messages are recorded already: by their key, by
// what Forget left of it (a record it erased keeps only the hash of its
// key, so nothing of the sender comes back), or earlier in ps (the same
// message delivered twice).
func (f *filing) duplicates(ctx context.Context, ps []preread.Processed) ([]bool, error) {
	dup := make([]bool, len(ps))
	known := map[string]bool{}
	erased := make([]string, len(ps))
	for i, p := range ps {
		erased[i] = erasedKey(p.Key)
	}
	for start := 0; start < len(ps); start += rowsPerInsert {
		end := min(len(ps), start+rowsPerInsert)
		args := make([]any, 0, 2*(end-start))
		for i := start; i < end; i++ {
			args = append(args, ps[i].Key, erased[i])
		}
		keys, err := strings1(ctx, f.tx, `SELECT message_key FROM messages WHERE message_key IN (`+
			placeholders(len(args))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			known[k] = true
		}
	}
	for i, p := range ps {
		dup[i] = known[p.Key] || known[erased[i]]
		known[p.Key] = true
	}
	return dup, nil
}

// insertMessages adds the message rows of ps, none of them recorded.
func (f *filing) insertMessages(ctx context.Context, ps []preread.Processed) error {
	for chunk := range slices.Chunk(ps, rowsPerInsert) {
		args := make([]any, 0, 8*len(chunk))
		for _, p := range chunk {
			args = append(args, p.Key, p.UIDValidity, p.UID, p.Sender, p.MessageKind(), p.Outcome, p.Reason, f.now)
		}
		if _, err := f.tx.ExecContext(ctx, `
			INSERT INTO messages (message_key, uidvalidity, uid, sender, kind, outcome, reason, processed_at)
			VALUES `+rowsOf(len(chunk), 8), args...); err != nil {
			return err
		}
	}
	return nil
}

// finish writes what the filing gathered: the status entries.
func (f *filing) finish(ctx context.Context) error {
	for chunk := range slices.Chunk(f.statuses, rowsPerInsert) {
		var args []any
		for _, s := range chunk {
			args = append(args, s...)
		}
		if _, err := f.tx.ExecContext(ctx, insertStatus+rowsOf(len(chunk), len(chunk[0])), args...); err != nil {
			return err
		}
	}
	f.statuses = nil
	return nil
}

// insertStatus begins the INSERT of status entries; VALUES follow.
const insertStatus = `INSERT INTO status_entries (person_id, workday, text, yesterday, today, blockers, message_key, created_at) VALUES `

// rowsPerInsert is how many rows one INSERT of a batch adds: 8 values
// each, far under SQLite's limit of 32,766.
const rowsPerInsert = 128

// placeholders is n "?" separated by commas.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// rowsOf is the VALUES of n rows of cols values each: "(?, ?), (?, ?)".
func rowsOf(n, cols int) string {
	row := "(" + placeholders(cols) + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}
