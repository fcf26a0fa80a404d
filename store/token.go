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
