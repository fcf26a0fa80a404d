package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/preread/preread"
)

// Personal reads what people set for themselves by email: their days away
// (those not over before since), their pauses and their skipped 1:1s.
func (db *DB) Personal(ctx context.Context, since preread.Date) (preread.Personal, error) {
	out := preread.Personal{Away: map[string][]preread.Away{}, Paused: map[string]time.Time{}, Skipped: map[string][]preread.Date{}}
	rows, err := db.sql.QueryContext(ctx, `
		SELECT p.email, a.from_day, a.to_day, a.source FROM away_set a JOIN people p ON p.id = a.person_id
		WHERE a.to_day >= ? ORDER BY p.email, a.from_day, a.id`, since.String())
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var email, from, to string
		var a preread.Away
		if err := r.Scan(&email, &from, &to, &a.Source); err != nil {
			return err
		}
		var err error
		if a.From, err = preread.ParseDate(from); err != nil {
			return err
		}
		if a.To, err = preread.ParseDate(to); err != nil {
			return err
		}
		out.Away[email] = append(out.Away[email], a)
		return nil
	}); err != nil {
		return out, fmt.Errorf("away set by mail: %w", err)
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT p.email, s.since FROM pauses s JOIN people p ON p.id = s.person_id`)
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var email, since string
		if err := r.Scan(&email, &since); err != nil {
			return err
		}
		t, err := parseTime(since)
		out.Paused[email] = t
		return err
	}); err != nil {
		return out, fmt.Errorf("pauses: %w", err)
	}
	rows, err = db.sql.QueryContext(ctx, `
		SELECT m.email || ':' || r.email, s.day FROM skips s JOIN pairs pr ON pr.id = s.pair_id
		JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		WHERE s.day >= ? ORDER BY s.day`, since.String())
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var key, day string
		if err := r.Scan(&key, &day); err != nil {
			return err
		}
		d, err := preread.ParseDate(day)
		out.Skipped[key] = append(out.Skipped[key], d)
		return err
	}); err != nil {
		return out, fmt.Errorf("skipped meetings: %w", err)
	}
	return out, nil
}

// eachRow calls fn for each row of a query's result, then checks the
// rows' error; err is the query's own.
func eachRow(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// applyCommand makes a command by email take effect, in the transaction
// that records its message.
func (f *filing) applyCommand(ctx context.Context, key string, c *preread.Command) error {
	if !c.Done() {
		return nil
	}
	person, err := f.person(ctx, c.Person)
	if err != nil {
		return err
	}
	switch c.Kind {
	case preread.CommandAway:
		// The same days again (an out-of-office answers every prompt) add
		// no second row.
		_, err = f.tx.ExecContext(ctx, `INSERT INTO away_set (person_id, from_day, to_day, source, message_key, created_at)
			SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (
				SELECT 1 FROM away_set WHERE person_id = ?1 AND from_day <= ?2 AND to_day >= ?3)`,
			person, c.Away.From.String(), c.Away.To.String(), c.Source, key, f.now)
	case preread.CommandBack:
		// Mail-set away ends yesterday: ranges that began before today end
		// then, those that begin today are gone. Later ones stay.
		today := c.Away.From
		if _, err = f.tx.ExecContext(ctx, `DELETE FROM away_set WHERE person_id = ? AND from_day >= ? AND from_day <= ?`,
			person, today.String(), c.Away.To.String()); err != nil {
			return err
		}
		_, err = f.tx.ExecContext(ctx, `UPDATE away_set SET to_day = ? WHERE person_id = ? AND from_day < ? AND to_day >= ?`,
			today.AddDays(-1).String(), person, today.String(), today.String())
	case preread.CommandPause:
		_, err = f.tx.ExecContext(ctx, `INSERT INTO pauses (person_id, since, message_key) VALUES (?, ?, ?) ON CONFLICT (person_id) DO NOTHING`,
			person, f.now, key)
	case preread.CommandResume:
		_, err = f.tx.ExecContext(ctx, `DELETE FROM pauses WHERE person_id = ?`, person)
	case preread.CommandSkip:
		manager, report, _ := preread.ParsePairKey(c.Pair)
		var pair int64
		if pair, _, err = f.pairAndAuthor(ctx, manager, report, c.Person); err != nil {
			return err
		}
		_, err = f.tx.ExecContext(ctx, `INSERT INTO skips (pair_id, day, message_key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			pair, preread.DateOf(c.Meeting).String(), key, f.now)
	}
	if err != nil {
		return fmt.Errorf("%s command: %w", c.Kind, err)
	}
	return nil
}
