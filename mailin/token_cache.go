package mailin

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/preread/preread"
)

// tokenTTL is how long a token lookup is trusted: a token replaced by
// rotate-token is refused at most this long after the change.
const tokenTTL = time.Minute

// tokenCache remembers token owners for a short while, so a batch of mail
// from the same people asks the database once per person.
type tokenCache struct {
	mu      sync.Mutex
	entries map[string]tokenEntry
}

type tokenEntry struct {
	email   string
	current bool
	found   bool
	at      time.Time
}

// owner looks a token up through the cache.
func (tc *tokenCache) owner(ctx context.Context, l Lookup, token string) (string, bool, error) {
	tc.mu.Lock()
	e, ok := tc.entries[token]
	tc.mu.Unlock()
	if !ok || time.Since(e.at) > tokenTTL {
		email, current, err := l.TokenOwner(ctx, token)
		if err != nil && !errors.Is(err, preread.ErrNotFound) {
			return "", false, err
		}
		e = tokenEntry{email: email, current: current, found: err == nil, at: time.Now()}
		tc.mu.Lock()
		if tc.entries == nil || len(tc.entries) > 10000 {
			tc.entries = map[string]tokenEntry{}
		}
		tc.entries[token] = e
		tc.mu.Unlock()
	}
	if !e.found {
		return "", false, preread.ErrNotFound
	}
	return e.email, e.current, nil
}
