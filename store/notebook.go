package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/preread/preread"
)

// filing is one transaction that files messages, with the database's
// cache of the ids it looks up: a pass files many messages from the same
// people.
type filing struct {
	tx  *sql.Tx
	now string
	ids *idCache
	// statuses are the status entries filed, for finish to write many
	// in one statement.
	statuses [][]any
}

// idCache remembers the ids of active people and pairs across
// transactions. Only SyncDirectory changes who is active, and it empties
// the cache once committed.
type idCache struct {
	mu     sync.Mutex
	people map[string]int64
	pairs  map[[2]string]int64
}

func newIDCache() *idCache {
	return &idCache{people: map[string]int64{}, pairs: map[[2]string]int64{}}
}

func (c *idCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.people)
	clear(c.pairs)
}

// cached looks key up in m, one of c's maps, or asks lookup and remembers
// what it found.
func cached[K comparable](c *idCache, m map[K]int64, key K, lookup func() (int64, error)) (int64, error) {
	c.mu.Lock()
	id, ok := m[key]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	id, err := lookup()
	if err == nil {
		c.mu.Lock()
		m[key] = id
		c.mu.Unlock()
	}
	return id, err
}

// person is the id of an active person.
func (f *filing) person(ctx context.Context, email string) (int64, error) {
	email = preread.CanonicalAddress(email)
	return cached(f.ids, f.ids.people, email, func() (int64, error) {
		return activePersonID(ctx, f.tx, email)
	})
}

// pairAndAuthor is the id of an active pair and of the person who wrote
// to it.
func (f *filing) pairAndAuthor(ctx context.Context, manager, report, author string) (pair, authorID int64, err error) {
	key := [2]string{preread.CanonicalAddress(manager), preread.CanonicalAddress(report)}
	pair, err = cached(f.ids, f.ids.pairs, key, func() (id int64, err error) {
		err = f.tx.QueryRowContext(ctx, `
			SELECT pr.id FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
			WHERE m.email = ? AND r.email = ? AND pr.active = 1`, key[0], key[1]).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("pair %s:%s: %w", manager, report, notFound(err))
		}
		return id, nil
	})
	if err != nil {
		return 0, 0, err
	}
	authorID, err = f.person(ctx, author)
	return pair, authorID, err
}

// file writes what a message files: a status entry, an agenda item or a
// note, and the items a reply closes.
func (f *filing) file(ctx context.Context, p preread.Processed) error {
	tx, now := f.tx, f.now
	if p.Done != nil {
		if err := f.closeItems(ctx, p.Done); err != nil {
			return err
		}
	}
	if err := f.fileActions(ctx, p); err != nil {
		return err
	}
	if p.Command != nil {
		if err := f.applyCommand(ctx, p.Key, p.Command); err != nil {
			return err
		}
	}
	if err := f.fileCalendar(ctx, p.Key, p.Calendar); err != nil {
		return err
	}
	switch {
	case p.Status != nil:
		s := p.Status
		person, err := f.person(ctx, s.Person)
		if err != nil {
			return err
		}
		f.statuses = append(f.statuses, []any{person, s.Date.String(), s.Text, s.Yesterday, s.Today, s.Blockers, p.Key, now})
		return nil
	case p.Agenda != nil:
		a := p.Agenda
		pair, author, err := f.pairAndAuthor(ctx, a.Manager, a.Report, a.From)
		if err != nil {
			return err
		}
		var from, date, subject any
		if fw := a.Forwarded; fw != nil {
			from, date, subject = fw.From, fw.Date, fw.Subject
		}
		category := a.Category
		if category == "" {
			category = preread.CategoryOther
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO agenda_items (pair_id, author_id, category, subject, text, note, fwd_from, fwd_date, fwd_subject, message_key, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			pair, author, category, a.Subject, a.Text, a.Note, from, date, subject, p.Key, now)
		return err
	case p.Note != nil:
		n := p.Note
		pair, author, err := f.pairAndAuthor(ctx, n.Manager, n.Report, n.From)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO notes (pair_id, author_id, text, message_key, created_at) VALUES (?, ?, ?, ?, ?)`,
			pair, author, n.Text, p.Key, now)
		return err
	}
	return nil
}

func activePersonID(ctx context.Context, q querier, email string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT id FROM people WHERE email = ? AND active = 1", preread.CanonicalAddress(email)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("person %s: %w", email, notFound(err))
	}
	return id, nil
}
