package store

import (
	"context"
	"sync"
	"time"

	"github.com/preread/preread"
)

// sentCache remembers our emails by Message-ID for SentEmail, a window of
// outbox ids at a time. Replies come in for the emails sent together (a
// day's prompts have neighbouring ids), and one query for a window's rows
// costs what a few lookups of one row do: each of those is a read
// transaction of its own, with the WAL's locks taken and released.
//
// An email's kind, recipient and period never change, but Forget deletes
// a person's emails, perhaps from another process (`preread forget`
// beside `serve`): what is remembered is dropped sentCacheAge after it
// was first read (a timer, and the clock checked at each lookup), so an
// erased address stays in a running process's memory no longer than
// that. Forget in this process empties it at once.
type sentCache struct {
	mu         sync.Mutex
	byID       map[string]preread.Email
	windows    map[int64]bool // loaded, by id / sentWindow
	since      time.Time      // when the first window was loaded
	generation int            // counts resets: a load begun before one is dropped
	expiry     *time.Timer    // resets sentCacheAge after since
}

const (
	// sentWindow is how many outbox ids one load reads.
	sentWindow = 1024
	// sentCacheMax bounds what is remembered (~200 bytes an email): the
	// prompts of a day at 100,000 people. Past it, it starts again.
	sentCacheMax = 1 << 17
	// sentCacheAge is how long what is remembered is kept.
	sentCacheAge = time.Minute
)

func (c *sentCache) get(messageID string, now time.Time) (preread.Email, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID != nil && now.Sub(c.since) > sentCacheAge {
		c.resetLocked()
	}
	e, ok := c.byID[messageID]
	return e, ok
}

func (c *sentCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.resetLocked()
}

func (c *sentCache) resetLocked() {
	c.byID, c.windows = nil, nil
	c.generation++
}

// toLoad reports whether the window holding outbox id is still to be
// read, and the generation to hand to add.
func (c *sentCache) toLoad(id int64) (generation int, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.generation, !c.windows[id/sentWindow]
}

// add remembers the emails of the window holding outbox id, read in
// generation; none if the cache was reset meanwhile.
func (c *sentCache) add(id int64, emails map[string]preread.Email, generation int, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if generation != c.generation {
		return
	}
	if c.byID == nil || len(c.byID)+len(emails) > sentCacheMax {
		c.byID, c.windows, c.since = map[string]preread.Email{}, map[int64]bool{}, now
		if c.expiry != nil {
			c.expiry.Stop()
		}
		c.expiry = time.AfterFunc(sentCacheAge, c.reset)
	}
	for messageID, e := range emails {
		c.byID[messageID] = e
	}
	c.windows[id/sentWindow] = true
}

// loadSentWindow reads the outbox rows in the window of id into the
// cache. A failure only costs the next lookups their speed.
func (db *DB) loadSentWindow(ctx context.Context, id int64) {
	generation, ok := db.sent.toLoad(id)
	if !ok {
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
		db.sent.add(id, emails, generation, db.now())
	}
}
