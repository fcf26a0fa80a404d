package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/preread/preread"
)

// enqueue adds a rendered email to the outbox under its unique key (kind,
// recipient, period); an email already there is left alone, so each is
// rendered and sent once. The recipient must be an active person: nothing
// is ever queued for an address outside the directory.
func enqueue(ctx context.Context, tx *sql.Tx, r preread.Rendered, now string) error {
	_, err := enqueueChunk(ctx, tx, []preread.Rendered{r}, now)
	return err
}

// insertRaw keeps the bytes of the emails just queued at now (queued
// says how many rows that INSERT added), by their Message-IDs: an email
// whose key was queued already (the INSERT did nothing) has no row with
// its new Message-ID queued now, and adds nothing. Each row added gets its bytes, or the
// whole is an error: a queued email without them could never be sent.
func insertRaw(ctx context.Context, tx *sql.Tx, rs []preread.Rendered, now string, queued sql.Result) error {
	args := make([]any, 0, 2*len(rs)+1)
	for _, r := range rs {
		args = append(args, r.MessageID, r.Raw)
	}
	args = append(args, now)
	res, err := tx.ExecContext(ctx, `WITH v(message_id, raw) AS (VALUES `+rowsOf(len(rs), 2)+`)
		INSERT INTO outbox_raw (id, raw) SELECT o.id, v.raw FROM v JOIN outbox o ON o.message_id = v.message_id
		WHERE o.created_at = ? ON CONFLICT (id) DO NOTHING`, args...)
	if err != nil {
		return err
	}
	want, err := queued.RowsAffected()
	if err != nil {
		return err
	}
	if got, err := res.RowsAffected(); err != nil || got != want {
		return fmt.Errorf("%d emails queued but %d kept their bytes (%v)", want, got, err)
	}
	return nil
}

// SentEmail finds an email of ours by its Message-ID: what kind it was, to
// whom, and for what period. Replies point at it with In-Reply-To. The
// emails sent beside it are read with it (sentCache).
func (db *DB) SentEmail(ctx context.Context, messageID string) (preread.Email, error) {
	if e, ok := db.sent.get(messageID, db.now()); ok {
		return e, nil
	}
	var e preread.Email
	var id int64
	stmt, err := db.stmts.get(ctx, db.sql, `SELECT id, kind, recipient, period FROM outbox WHERE message_id = ?`)
	if err != nil {
		return e, fmt.Errorf("sent email %s: %w", messageID, err)
	}
	// One indexed row: not worth a goroutine watching ctx (whole).
	err = stmt.QueryRowContext(whole(ctx), messageID).Scan(&id, &e.Kind, &e.To, &e.Period)
	if err != nil {
		return e, fmt.Errorf("sent email %s: %w", messageID, notFound(err))
	}
	db.loadSentWindow(whole(ctx), id)
	return e, nil
}

// Enqueue adds one rendered email to the outbox; an email with the same
// key (kind, recipient, period) already there wins.
func (db *DB) Enqueue(ctx context.Context, r preread.Rendered) error {
	_, err := db.EnqueueAll(ctx, []preread.Rendered{r})
	return err
}

// enqueueRows is how many emails one INSERT of EnqueueAll adds: 7
// parameters each, well under SQLite's limit of 32,766.
const enqueueRows = 256

// EnqueueAll adds rendered emails to the outbox in one transaction, as
// Enqueue adds each (the recipients must be active people; an email whose
// key is already there is left out), with one INSERT for up to
// enqueueRows of them: the 09:00 prompts of 100,000 people took a
// transaction each. It returns how many were added.
func (db *DB) EnqueueAll(ctx context.Context, rs []preread.Rendered) (int, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	defer tx.Rollback()
	now := formatTime(db.now())
	added := 0
	for len(rs) > 0 {
		chunk := rs[:min(len(rs), enqueueRows)]
		rs = rs[len(chunk):]
		n, err := enqueueChunk(ctx, tx, chunk, now)
		if err != nil {
			return 0, err
		}
		added += n
	}
	return added, tx.Commit()
}

// enqueueChunk looks up the chunk's recipients and inserts it.
func enqueueChunk(ctx context.Context, tx *sql.Tx, rs []preread.Rendered, now string) (int, error) {
	args := make([]any, 0, len(rs))
	for _, r := range rs {
		args = append(args, preread.CanonicalAddress(r.Email.To))
	}
	rows, err := tx.QueryContext(ctx, `SELECT email, id FROM people WHERE active = 1 AND email IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	ids := make(map[string]int64, len(rs))
	for rows.Next() {
		var email string
		var id int64
		if err := rows.Scan(&email, &id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("enqueue: %w", err)
		}
		ids[email] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	args = args[:0]
	for _, r := range rs {
		to := preread.CanonicalAddress(r.Email.To)
		id, ok := ids[to]
		if !ok {
			return 0, fmt.Errorf("enqueue %s to %s: person %s: %w", r.Email.Kind, r.Email.To, r.Email.To, preread.ErrNotFound)
		}
		args = append(args, r.Email.Kind, id, to, r.Email.Period, r.MessageID, now, now)
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO outbox (kind, person_id, recipient, period, message_id, next_attempt_at, created_at)
		VALUES `+rowsOf(len(rs), 7)+`
		ON CONFLICT (kind, person_id, period) DO NOTHING`, args...)
	if err != nil {
		return 0, fmt.Errorf("enqueue %d emails: %w", len(rs), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if err := insertRaw(ctx, tx, rs, now, res); err != nil {
		return 0, fmt.Errorf("enqueue %d emails: %w", len(rs), err)
	}
	return int(n), nil
}

// OutboxEntry is one email in the outbox, without its bytes.
type OutboxEntry struct {
	ID        int64
	Kind      preread.EmailKind
	Recipient string
	Period    string
	MessageID string
	State     string // pending, sent, failed or dropped
	Attempts  int
	LastError string
}

// Outbox lists the emails in the given states (all when none), oldest first.
func (db *DB) Outbox(ctx context.Context, states ...string) ([]OutboxEntry, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT id, kind, recipient, period, message_id, state, attempts, last_error FROM outbox ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		var e OutboxEntry
		if err := rows.Scan(&e.ID, &e.Kind, &e.Recipient, &e.Period, &e.MessageID, &e.State, &e.Attempts, &e.LastError); err != nil {
			return nil, fmt.Errorf("list outbox: %w", err)
		}
		if len(states) == 0 || slices.Contains(states, e.State) {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}

// Queued reports whether the outbox already holds the email with this key
// (kind, recipient, period), sent or not.
func (db *DB) Queued(ctx context.Context, kind preread.EmailKind, recipient, period string) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `
		SELECT count(*) FROM outbox o JOIN people p ON p.id = o.person_id
		WHERE o.kind = ? AND p.email = ? AND o.period = ?`, kind, preread.CanonicalAddress(recipient), period).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("queued %s to %s: %w", kind, recipient, err)
	}
	return n > 0, nil
}

// Prompted lists which of the people (by address) had a daily prompt queued
// in [from, to), waiting or sent (one dropped or parked as failed never
// reached them), with when the first of those was queued. A team's digest
// counts on it: only people asked since the previous digest are expected
// in it.
func (db *DB) Prompted(ctx context.Context, emails []string, from, to time.Time) (map[string]time.Time, error) {
	if len(emails) == 0 {
		return map[string]time.Time{}, nil
	}
	args := []any{preread.KindPrompt,
		// A prompt's period is its person's day, at most a day off the instants.
		from.UTC().AddDate(0, 0, -1).Format(time.DateOnly), to.UTC().AddDate(0, 0, 1).Format(time.DateOnly),
		formatTime(from), formatTime(to)}
	for _, e := range emails {
		args = append(args, preread.CanonicalAddress(e))
	}
	return addressTimes(db.sql.QueryContext(ctx, `
		SELECT p.email, min(o.created_at) FROM outbox o JOIN people p ON p.id = o.person_id
		WHERE o.kind = ? AND o.period BETWEEN ? AND ? AND o.created_at >= ? AND o.created_at < ?
			AND o.state IN ('pending', 'sent') AND p.email IN (`+placeholders(len(emails))+`)
		GROUP BY p.email`, args...))
}

// addressTimes reads rows of an address and an instant into a map.
func addressTimes(rows *sql.Rows, err error) (map[string]time.Time, error) {
	if err != nil {
		return nil, fmt.Errorf("outbox times: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var email, at string
		if err := rows.Scan(&email, &at); err != nil {
			return nil, fmt.Errorf("outbox times: %w", err)
		}
		if out[email], err = parseTime(at); err != nil {
			return nil, fmt.Errorf("outbox times: %w", err)
		}
	}
	return out, rows.Err()
}
