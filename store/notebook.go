package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/preread/preread"
)

// file writes what a message files: a status entry, an agenda item or a
// note, and the items a reply closes.
func file(ctx context.Context, tx *sql.Tx, p preread.Processed, now string) error {
	if p.Done != nil {
		if err := closeItems(ctx, tx, p.Done, now); err != nil {
			return err
		}
	}
	switch {
	case p.Status != nil:
		s := p.Status
		person, err := activePersonID(ctx, tx, s.Person)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO status_entries (person_id, workday, text, yesterday, today, blockers, message_key, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			person, s.Date.String(), s.Text, s.Yesterday, s.Today, s.Blockers, p.Key, now)
		return err
	case p.Agenda != nil:
		a := p.Agenda
		pair, author, err := pairAndAuthor(ctx, tx, a.Manager, a.Report, a.From)
		if err != nil {
			return err
		}
		var from, date, subject any
		if f := a.Forwarded; f != nil {
			from, date, subject = f.From, f.Date, f.Subject
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
		pair, author, err := pairAndAuthor(ctx, tx, n.Manager, n.Report, n.From)
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

func pairAndAuthor(ctx context.Context, q querier, manager, report, author string) (pair, authorID int64, err error) {
	err = q.QueryRowContext(ctx, `
		SELECT pr.id FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		WHERE m.email = ? AND r.email = ? AND pr.active = 1`,
		preread.CanonicalAddress(manager), preread.CanonicalAddress(report)).Scan(&pair)
	if err != nil {
		return 0, 0, fmt.Errorf("pair %s:%s: %w", manager, report, notFound(err))
	}
	authorID, err = activePersonID(ctx, q, author)
	return pair, authorID, err
}
