package store

import (
	"context"
	"sync"

	"github.com/preread/preread"
)

// sentCache remembers our emails by Message-ID for SentEmail, a window of
// outbox ids at a time. Replies come in for the emails sent together (a
// day's prompts have neighbouring ids), and one query for a window's rows
// costs what a few lookups of one row do: each of those is a read
// transaction of its own, with the WAL's locks taken and released.
// An email's kind, recipient and period never change, so what is
// remembered stays true; Forget empties it all the same.
type sentCache struct {
	mu      sync.Mutex
	byID    map[string]preread.Email
	windows map[int64]bool // loaded, by id / sentWindow
}

const (
	// sentWindow is how many outbox ids one load reads.
	sentWindow = 1024
	// sentCacheMax bounds what is remembered (~200 bytes an email): the
	// prompts of a day at 100,000 people. Past it, it starts again.
	sentCacheMax = 1 << 17
)

func (c *sentCache) get(messageID string) (preread.Email, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[messageID]
	return e, ok
}

func (c *sentCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byID, c.windows = nil, nil
}

// loaded reports whether the window holding outbox id is in the cache.
func (c *sentCache) loaded(id int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.windows[id/sentWindow]
}

// add remembers the emails of the window holding outbox id.
func (c *sentCache) add(id int64, emails map[string]preread.Email) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil || len(c.byID)+len(emails) > sentCacheMax {
		c.byID, c.windows = map[string]preread.Email{}, map[int64]bool{}
	}
	for messageID, e := range emails {
		c.byID[messageID] = e
	}
	c.windows[id/sentWindow] = true
}

// loadSentWindow reads the outbox rows in the window of id into the
// cache. A failure only costs the next lookups their speed.
func (db *DB) loadSentWindow(ctx context.Context, id int64) {
	if db.sent.loaded(id) {
		return
	}
	first := id / sentWindow * sentWindow
	rows, err := db.sql.QueryContext(ctx, `SELECT message_id, kind, recipient, period FROM outbox WHERE id >= ? AND id < ?`,
		first, first+sentWindow)
	if err != nil {
		return
	}
	defer rows.Close()
	emails := map[string]preread.Email{}
	for rows.Next() {
		var messageID string
		var e preread.Email
		if err := rows.Scan(&messageID, &e.Kind, &e.To, &e.Period); err != nil {
			return
		}
		emails[messageID] = e
	}
	if rows.Err() == nil {
		db.sent.add(id, emails)
	}
}
