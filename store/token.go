package store

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/preread/preread"
)

// tokenEncoding writes tokens in lower-case base32 without padding: safe in
// a sub-address, and unchanged by servers that fold the local part's case.
var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newToken makes an 80-bit random reply token.
func newToken() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("new token: %w", err)
	}
	return strings.ToLower(tokenEncoding.EncodeToString(b)), nil
}

// Token returns the current reply token of the person with this address.
func (db *DB) Token(ctx context.Context, email string) (string, error) {
	var token string
	err := db.sql.QueryRowContext(ctx, `
		SELECT t.token FROM tokens t JOIN people p ON p.id = t.person_id
		WHERE p.email = ? AND t.revoked_at IS NULL`, preread.CanonicalAddress(email)).Scan(&token)
	if err != nil {
		return "", fmt.Errorf("token of %s: %w", email, notFound(err))
	}
	return token, nil
}

// TokenOwner finds whose reply token this is (case-insensitively), and
// whether it is still current or was replaced by rotate-token.
func (db *DB) TokenOwner(ctx context.Context, token string) (email string, current bool, err error) {
	err = db.sql.QueryRowContext(ctx, `
		SELECT p.email, t.revoked_at IS NULL FROM tokens t JOIN people p ON p.id = t.person_id
		WHERE t.token = ? AND p.active = 1`, strings.ToLower(token)).Scan(&email, &current)
	if err != nil {
		return "", false, fmt.Errorf("token: %w", notFound(err))
	}
	return email, current, nil
}

// BounceOwner finds whose bounce token this is: the address of the active
// person preread's mail to them went out from.
func (db *DB) BounceOwner(ctx context.Context, token string) (string, error) {
	return db.ownerOf(ctx, "bounce_tokens", "bounce token", token)
}

// ownerOf finds the active person whose token of a kind (a table of one
// token a person: bounce_tokens, calendar_tokens) this is.
func (db *DB) ownerOf(ctx context.Context, table, what, token string) (string, error) {
	var email string
	err := db.sql.QueryRowContext(ctx, `
		SELECT p.email FROM `+table+` t JOIN people p ON p.id = t.person_id
		WHERE t.token = ? AND p.active = 1`, strings.ToLower(token)).Scan(&email)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, notFound(err))
	}
	return email, nil
}

// ensureBounceTokens gives every active person without one a bounce token.
func ensureBounceTokens(ctx context.Context, tx querier, now string) error {
	return ensureTokens(ctx, tx, "bounce_tokens", now)
}

// ensureTokens gives every active person without one a token in table (a
// table of one token a person).
func ensureTokens(ctx context.Context, tx querier, table, now string) error {
	ids, err := int64s(ctx, tx, `SELECT id FROM people WHERE active = 1 AND id NOT IN (SELECT person_id FROM `+table+`)`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		token, err := newToken()
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (person_id, token, created_at) VALUES (?, ?, ?)`, id, token, now); err != nil {
			return err
		}
	}
	return nil
}

// RotateToken gives the person a new reply token and revokes the old one,
// and new bounce and calendar tokens, with the notice of their new
// addresses (rendered by the caller from the new reply and calendar
// tokens) queued in the same transaction.
func (db *DB) RotateToken(ctx context.Context, email string, notice func(token, calendarToken string) (preread.Rendered, error)) (string, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	defer tx.Rollback()
	id, err := activePersonID(ctx, tx, email)
	if err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	now := formatTime(db.now())
	if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL`, now, id); err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	token, err := newToken()
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO tokens (token, person_id, created_at) VALUES (?, ?, ?)", token, id, now); err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM bounce_tokens WHERE person_id = ?", id); err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	if err := ensureBounceTokens(ctx, tx, now); err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM calendar_tokens WHERE person_id = ?", id); err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	if err := ensureCalendarTokens(ctx, tx, now); err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	var calendarToken string
	if err := tx.QueryRowContext(ctx, "SELECT token FROM calendar_tokens WHERE person_id = ?", id).Scan(&calendarToken); err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	r, err := notice(token, calendarToken)
	if err != nil {
		return "", err
	}
	if err := enqueue(ctx, tx, r, now); err != nil {
		return "", err
	}
	return token, tx.Commit()
}
