package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/preread/preread"
)

// OpenItems lists a pair's open agenda items, oldest first.
func (db *DB) OpenItems(ctx context.Context, manager, report string) ([]preread.AgendaItem, error) {
	items, err := db.agendaItems(ctx, "a.state = 'open' AND m.email = ? AND r.email = ?", manager, report)
	if err != nil {
		return nil, fmt.Errorf("open items of %s:%s: %w", manager, report, err)
	}
	return items, nil
}

// StatusOf lists a person's status entries for the workdays from..to
// (inclusive), oldest first.
func (db *DB) StatusOf(ctx context.Context, email string, from, to preread.Date) ([]preread.StatusEntry, error) {
	entries, err := db.statusEntries(ctx, "p.email = ? AND s.workday BETWEEN ? AND ?", email, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("status of %s: %w", email, err)
	}
	return entries, nil
}

// LastToday is the Today section of a person's latest status entry, for
// the workdays from..to (inclusive), that has one: what they planned. ""
// when none has.
func (db *DB) LastToday(ctx context.Context, email string, from, to preread.Date) (string, error) {
	var today string
	err := db.sql.QueryRowContext(ctx, `
		SELECT s.today FROM status_entries s JOIN people p ON p.id = s.person_id
		WHERE p.email = ? AND s.workday BETWEEN ? AND ? AND s.today <> ''
		ORDER BY s.workday DESC, s.id DESC LIMIT 1`, preread.CanonicalAddress(email), from.String(), to.String()).Scan(&today)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("last today of %s: %w", email, err)
	}
	return today, nil
}

// StatusOn lists the status entries of one workday, by author.
func (db *DB) StatusOn(ctx context.Context, day preread.Date) (map[string][]preread.StatusEntry, error) {
	entries, err := db.statusEntries(ctx, "s.workday = ?", day.String())
	if err != nil {
		return nil, fmt.Errorf("status on %s: %w", day, err)
	}
	return byPerson(entries), nil
}

// byPerson groups entries by their person, each person's in their order.
func byPerson(entries []preread.StatusEntry) map[string][]preread.StatusEntry {
	out := map[string][]preread.StatusEntry{}
	for _, e := range entries {
		out[e.Person] = append(out[e.Person], e)
	}
	return out
}

// StatusFiledSince lists the status entries filed after an instant, by
// person, each person's oldest first: late answers a digest picks up. It reads them by when
// they were filed: with a year of history SQLite's own choice, even with
// statistics, was to walk every entry in the order wanted (22 s on the
// simulated year, BENCHMARKS.md).
func (db *DB) StatusFiledSince(ctx context.Context, since time.Time) (map[string][]preread.StatusEntry, error) {
	entries, err := db.statusEntriesBy(ctx, "status_by_created", "s.created_at > ?", formatTime(since))
	if err != nil {
		return nil, fmt.Errorf("status filed since %s: %w", since, err)
	}
	return byPerson(entries), nil
}

// NotesSince lists a pair's notes written after an instant, oldest first.
func (db *DB) NotesSince(ctx context.Context, manager, report string, since time.Time) ([]preread.Note, error) {
	notes, err := db.notes(ctx, "m.email = ? AND r.email = ? AND n.created_at > ?", manager, report, formatTime(since))
	if err != nil {
		return nil, fmt.Errorf("notes of %s:%s: %w", manager, report, err)
	}
	return notes, nil
}

// LastMeeting finds the name (preread.Meeting.At) of the pair's latest
// meeting with a pre-read before an instant, leaving out those the
// calendar cancelled; zero when there was none.
func (db *DB) LastMeeting(ctx context.Context, manager, report string, before time.Time) (time.Time, error) {
	var start sql.NullString
	err := db.sql.QueryRowContext(ctx, `
		SELECT max(mt.starts_at) FROM meetings mt JOIN pairs pr ON pr.id = mt.pair_id
			JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		WHERE m.email = ? AND r.email = ? AND mt.starts_at < ? AND mt.cancelled_at IS NULL`, manager, report, formatTime(before)).Scan(&start)
	if err != nil || !start.Valid {
		return time.Time{}, err
	}
	return parseTime(start.String)
}

// LastPrereadAt finds when the pre-read of the pair's latest meeting before
// an instant was made; zero when there was none. Notes written since then
// (a manager's question, the report's answer) belong in the next pre-read.
func (db *DB) LastPrereadAt(ctx context.Context, manager, report string, before time.Time) (time.Time, error) {
	var at sql.NullString
	err := db.sql.QueryRowContext(ctx, `
		SELECT mt.created_at FROM meetings mt JOIN pairs pr ON pr.id = mt.pair_id
			JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		WHERE m.email = ? AND r.email = ? AND mt.starts_at < ? AND mt.cancelled_at IS NULL
		ORDER BY mt.starts_at DESC LIMIT 1`, manager, report, formatTime(before)).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !at.Valid) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return parseTime(at.String)
}

// MeetingNumbers returns how a meeting's pre-read numbered its items (number
// to item ID); empty when no pre-read was made for it.
func (db *DB) MeetingNumbers(ctx context.Context, manager, report string, start time.Time) (map[int]int64, error) {
	return meetingNumbers(ctx, db.sql, manager, report, start)
}

func meetingNumbers(ctx context.Context, q querier, manager, report string, start time.Time) (map[int]int64, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT mi.number, mi.item_id FROM meeting_items mi JOIN meetings mt ON mt.id = mi.meeting_id
			JOIN pairs pr ON pr.id = mt.pair_id JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		WHERE m.email = ? AND r.email = ? AND mt.starts_at = ?`, manager, report, formatTime(start))
	if err != nil {
		return nil, fmt.Errorf("meeting numbers: %w", err)
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var n int
		var id int64
		if err := rows.Scan(&n, &id); err != nil {
			return nil, fmt.Errorf("meeting numbers: %w", err)
		}
		out[n] = id
	}
	return out, rows.Err()
}

// SaveMeeting records the pre-read of a meeting and the numbers it gave its
// items (itemIDs[0] is number 1), with the pre-read itself for the outbox,
// in one transaction. The meeting is stored by its name (mt.At), with its
// calendar key and when it is held. A meeting saved before keeps its first
// numbering and its first pre-read.
func (db *DB) SaveMeeting(ctx context.Context, manager, report string, mt preread.Meeting, itemIDs []int64, prereads []preread.Rendered) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save meeting: %w", err)
	}
	defer tx.Rollback()
	now := formatTime(db.now())
	var pairID int64
	err = tx.QueryRowContext(ctx, `
		SELECT pr.id FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		WHERE m.email = ? AND r.email = ?`, manager, report).Scan(&pairID)
	if err != nil {
		return fmt.Errorf("save meeting of %s:%s: %w", manager, report, notFound(err))
	}
	at := mt.At
	if at.IsZero() {
		at = mt.Start
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO meetings (pair_id, starts_at, held_at, uid, recurrence_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		pairID, formatTime(at), formatTime(mt.Start), mt.Key.UID, mt.Key.RecurrenceID, now)
	if err != nil {
		return fmt.Errorf("save meeting: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		id, _ := res.LastInsertId()
		for i, item := range itemIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_items (meeting_id, number, item_id) VALUES (?, ?, ?)`, id, i+1, item); err != nil {
				return fmt.Errorf("save meeting item %d: %w", item, err)
			}
		}
	}
	for _, r := range prereads {
		if err := enqueue(ctx, tx, r, now); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// closeItems marks the items a reply named (DONE 2, 5) as done, by whom.
// Numbers refer to the pre-read of that meeting, so only that pair's
// items close.
func (f *filing) closeItems(ctx context.Context, d *preread.Done) error {
	numbers, err := meetingNumbers(ctx, f.tx, d.Manager, d.Report, d.Meeting)
	if err != nil {
		return err
	}
	var by any
	if d.By != "" {
		if by, err = f.person(ctx, d.By); err != nil {
			return err
		}
	}
	for _, n := range d.Numbers {
		id, ok := numbers[n]
		if !ok {
			continue
		}
		if _, err := f.tx.ExecContext(ctx, `UPDATE agenda_items SET state = 'done', closed_at = ?, closed_by = ? WHERE id = ? AND state = 'open'`,
			f.now, by, id); err != nil {
			return fmt.Errorf("close item %d: %w", id, err)
		}
	}
	return nil
}

// CarryOver ends the meetings held (or cancelled) by now: their listed
// items still open are carried over, and their carried count grows by
// one. It is idempotent: each meeting carries its items once.
func (db *DB) CarryOver(ctx context.Context, now time.Time) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("carry over: %w", err)
	}
	defer tx.Rollback()
	at := formatTime(now)
	if _, err := tx.ExecContext(ctx, `
		UPDATE agenda_items SET carried = carried + 1
		WHERE state = 'open' AND id IN (SELECT mi.item_id FROM meeting_items mi JOIN meetings mt ON mt.id = mi.meeting_id
			WHERE mt.carried_at IS NULL AND mt.held_at <= ?)`, at); err != nil {
		return fmt.Errorf("carry over: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET carried_at = ? WHERE carried_at IS NULL AND held_at <= ?`, at, at); err != nil {
		return fmt.Errorf("carry over: %w", err)
	}
	return tx.Commit()
}
