package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/preread/preread"
)

// Notebook reads every status entry, agenda item and note, oldest first;
// with a pair key (MANAGER:REPORT), only that pair's items and notes and the
// report's status.
func (db *DB) Notebook(ctx context.Context, pairKey string) (preread.Notebook, error) {
	var nb preread.Notebook
	var manager, report string
	if pairKey != "" {
		var ok bool
		if manager, report, ok = preread.ParsePairKey(pairKey); !ok {
			return nb, fmt.Errorf("pair %q: want MANAGER:REPORT", pairKey)
		}
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM pairs pr JOIN people m ON m.id = pr.manager_id
			JOIN people r ON r.id = pr.report_id WHERE m.email = ? AND r.email = ?`, manager, report).Scan(&n); err != nil {
			return nb, err
		}
		if n == 0 {
			return nb, fmt.Errorf("pair %s: %w", pairKey, preread.ErrNotFound)
		}
	}
	var err error
	if nb.Status, err = db.statusEntries(ctx, "? = '' OR p.email = ?", report, report); err != nil {
		return nb, fmt.Errorf("export status: %w", err)
	}
	pairFilter := "? = '' OR (m.email = ? AND r.email = ?)"
	if nb.Agenda, err = db.agendaItems(ctx, pairFilter, manager, manager, report); err != nil {
		return nb, fmt.Errorf("export agenda: %w", err)
	}
	if nb.Notes, err = db.notes(ctx, pairFilter, manager, manager, report); err != nil {
		return nb, fmt.Errorf("export notes: %w", err)
	}
	return nb, nil
}

// messageID is the Message-ID behind a message key, "" for a hashed one.
func messageID(key string) string {
	if strings.HasPrefix(key, "<") {
		return key
	}
	return ""
}

// statusEntries reads the status entries that match filter, a condition on
// s (status_entries) and p (their author).
func (db *DB) statusEntries(ctx context.Context, filter string, args ...any) ([]preread.StatusEntry, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT s.id, p.email, s.workday, s.text, s.yesterday, s.today, s.blockers, s.message_key, s.created_at
		FROM status_entries s JOIN people p ON p.id = s.person_id
		WHERE `+filter+`
		ORDER BY s.workday, p.email, s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []preread.StatusEntry
	for rows.Next() {
		var e preread.StatusEntry
		var day, created string
		if err := rows.Scan(&e.ID, &e.Person, &day, &e.Text, &e.Yesterday, &e.Today, &e.Blockers, &e.MessageID, &created); err != nil {
			return nil, err
		}
		if e.Date, err = preread.ParseDate(day); err != nil {
			return nil, err
		}
		if e.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		e.MessageID = messageID(e.MessageID)
		out = append(out, e)
	}
	return out, rows.Err()
}

// agendaItems reads the agenda items that match filter, a condition on a
// (agenda_items), m and r (the pair's manager and report).
func (db *DB) agendaItems(ctx context.Context, filter string, args ...any) ([]preread.AgendaItem, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT a.id, m.email, r.email, au.email, a.category, a.subject, a.text, a.note,
			a.fwd_from, a.fwd_date, a.fwd_subject, a.state, a.carried, a.message_key, a.created_at
		FROM agenda_items a JOIN pairs pr ON pr.id = a.pair_id
			JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
			JOIN people au ON au.id = a.author_id
		WHERE `+filter+`
		ORDER BY m.email, r.email, a.created_at, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []preread.AgendaItem
	for rows.Next() {
		var a preread.AgendaItem
		var from, date, subject sql.NullString
		var created string
		if err := rows.Scan(&a.ID, &a.Manager, &a.Report, &a.From, &a.Category, &a.Subject, &a.Text, &a.Note,
			&from, &date, &subject, &a.State, &a.Carried, &a.MessageID, &created); err != nil {
			return nil, err
		}
		if from.Valid {
			a.Forwarded = &preread.Forwarded{From: from.String, Date: date.String, Subject: subject.String}
		}
		if a.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		a.MessageID = messageID(a.MessageID)
		out = append(out, a)
	}
	return out, rows.Err()
}

// notes reads the notes that match filter, a condition on n (notes), m
// and r (the pair's manager and report).
func (db *DB) notes(ctx context.Context, filter string, args ...any) ([]preread.Note, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT n.id, m.email, r.email, au.email, n.text, n.message_key, n.created_at
		FROM notes n JOIN pairs pr ON pr.id = n.pair_id
			JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
			JOIN people au ON au.id = n.author_id
		WHERE `+filter+`
		ORDER BY m.email, r.email, n.created_at, n.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []preread.Note
	for rows.Next() {
		var n preread.Note
		var created string
		if err := rows.Scan(&n.ID, &n.Manager, &n.Report, &n.From, &n.Text, &n.MessageID, &created); err != nil {
			return nil, err
		}
		if n.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		n.MessageID = messageID(n.MessageID)
		out = append(out, n)
	}
	return out, rows.Err()
}
