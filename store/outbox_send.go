package store

import (
	"context"
	"fmt"
	"time"

	"github.com/preread/preread"
)

// claimFor is how long a sender holds the email it is sending: another
// process flushing the same outbox (`preread run` beside `serve`) skips it,
// and if the sender dies it is due again after this. It is longer than
// one SMTP transaction can take.
const claimFor = 2 * time.Minute

// Due lists up to limit pending emails whose next attempt is due at now,
// oldest first, with their bytes. A sender claims each one (Claim) just
// before sending it.
func (db *DB) Due(ctx context.Context, now time.Time, limit int) ([]preread.Outgoing, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT o.id, o.kind, o.recipient, o.message_id, r.raw, o.attempts, coalesce(t.token, '')
		FROM outbox o JOIN outbox_raw r ON r.id = o.id LEFT JOIN bounce_tokens t ON t.person_id = o.person_id
		WHERE o.state = 'pending' AND o.next_attempt_at <= ?
		ORDER BY o.next_attempt_at, o.id LIMIT ?`, formatTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("due mail: %w", err)
	}
	defer rows.Close()
	var out []preread.Outgoing
	for rows.Next() {
		var o preread.Outgoing
		if err := rows.Scan(&o.ID, &o.Kind, &o.To, &o.MessageID, &o.Raw, &o.Attempts, &o.Token); err != nil {
			return nil, fmt.Errorf("due mail: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Claim takes one due email for sending: false when it is no longer due
// (another sender took it, or it was sent). Only the email in flight is
// held, so a crash delays just that one by claimFor.
func (db *DB) Claim(ctx context.Context, id int64, now time.Time) (bool, error) {
	db.sending.Lock()
	defer db.sending.Unlock()
	res, err := db.sql.ExecContext(ctx, `UPDATE outbox SET next_attempt_at = ?
		WHERE id = ? AND state = 'pending' AND next_attempt_at <= ?`, formatTime(now.Add(claimFor)), id, formatTime(now))
	if err != nil {
		return false, fmt.Errorf("claim mail %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// NextDue says when the earliest pending email is due; zero when none is
// pending.
func (db *DB) NextDue(ctx context.Context) (time.Time, error) {
	var next *string
	if err := db.sql.QueryRowContext(ctx, `SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending'`).Scan(&next); err != nil {
		return time.Time{}, fmt.Errorf("next due mail: %w", err)
	}
	if next == nil {
		return time.Time{}, nil
	}
	return parseTime(*next)
}

// MarkSent records that the relay accepted an email.
func (db *DB) MarkSent(ctx context.Context, id int64) error {
	db.sending.Lock()
	defer db.sending.Unlock()
	return db.setOutbox(ctx, `UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`,
		formatTime(db.now()), id)
}

// MarkSentClaim records that the relay accepted one email and claims the
// next for the same connection, in one transaction: what MarkSent and
// Claim do, at half the commits, for a burst of many thousands.
func (db *DB) MarkSentClaim(ctx context.Context, sent, next int64, now time.Time) (bool, error) {
	db.sending.Lock()
	defer db.sending.Unlock()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("mark mail %d sent: %w", sent, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`,
		formatTime(db.now()), sent); err != nil {
		return false, fmt.Errorf("mark mail %d sent: %w", sent, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET next_attempt_at = ?
		WHERE id = ? AND state = 'pending' AND next_attempt_at <= ?`, formatTime(now.Add(claimFor)), next, formatTime(now))
	if err != nil {
		return false, fmt.Errorf("claim mail %d: %w", next, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim mail %d: %w", next, err)
	}
	return n == 1, tx.Commit()
}

// MarkRetry records a temporary failure and when to try again.
func (db *DB) MarkRetry(ctx context.Context, id int64, next time.Time, reason string) error {
	db.sending.Lock()
	defer db.sending.Unlock()
	return db.setOutbox(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?`,
		formatTime(next), reason, id)
}

// MarkFailed parks an email the relay refused for good, with the reason;
// `preread outbox retry` sends it again. An email dropped meanwhile stays
// dropped.
func (db *DB) MarkFailed(ctx context.Context, id int64, reason string) error {
	db.sending.Lock()
	defer db.sending.Unlock()
	return db.setOutbox(ctx, `UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?
		WHERE id = ? AND state = 'pending'`, reason, id)
}

// Retry puts a failed email back in line to be sent now, with the same
// bytes and Message-ID.
func (db *DB) Retry(ctx context.Context, id int64) error {
	res, err := db.sql.ExecContext(ctx, `UPDATE outbox SET state = 'pending', next_attempt_at = ? WHERE id = ? AND state = 'failed'`,
		formatTime(db.now()), id)
	if err != nil {
		return fmt.Errorf("retry %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("retry %d: no failed email with that ID: %w", id, preread.ErrNotFound)
	}
	return nil
}

func (db *DB) setOutbox(ctx context.Context, query string, args ...any) error {
	if _, err := db.sql.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("update outbox: %w", err)
	}
	return nil
}
