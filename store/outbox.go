package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/preread/preread"
)

// enqueue adds a rendered email to the outbox under its unique key (kind,
// recipient, period); an email already there is left alone, so each is
// rendered and sent once. The recipient must be an active person: nothing
// is ever queued for an address outside the directory.
func enqueue(ctx context.Context, tx *sql.Tx, r preread.Rendered, now string) error {
	person, err := activePersonID(ctx, tx, r.Email.To)
	if err != nil {
		return fmt.Errorf("enqueue %s to %s: %w", r.Email.Kind, r.Email.To, err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO outbox (kind, person_id, recipient, period, message_id, raw, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, person_id, period) DO NOTHING`,
		r.Email.Kind, person, preread.CanonicalAddress(r.Email.To), r.Email.Period, r.MessageID, r.Raw, now, now)
	if err != nil {
		return fmt.Errorf("enqueue %s to %s: %w", r.Email.Kind, r.Email.To, err)
	}
	return nil
}

// SentEmail finds an email of ours by its Message-ID: what kind it was, to
// whom, and for what period. Replies point at it with In-Reply-To.
func (db *DB) SentEmail(ctx context.Context, messageID string) (preread.Email, error) {
	var e preread.Email
	err := db.sql.QueryRowContext(ctx, `SELECT kind, recipient, period FROM outbox WHERE message_id = ?`, messageID).
		Scan(&e.Kind, &e.To, &e.Period)
	if err != nil {
		return e, fmt.Errorf("sent email %s: %w", messageID, notFound(err))
	}
	return e, nil
}
