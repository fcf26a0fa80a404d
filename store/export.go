package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

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
	return db.notebook(ctx, manager, report, time.Time{})
}

// PairNotebook reads one pair's notebook (its agenda, notes, action items,
// meeting notes and meetings, and the report's status) from about since
// on: a day earlier, so that Within can cut it at since in any time zone.
func (db *DB) PairNotebook(ctx context.Context, manager, report string, since preread.Date) (preread.Notebook, error) {
	from := time.Time{}
	if !since.IsZero() {
		from = since.AddDays(-1).In(time.UTC, preread.Clock{})
	}
	return db.notebook(ctx, preread.CanonicalAddress(manager), preread.CanonicalAddress(report), from)
}

// notebook reads the notebook of a pair (every pair's when manager is ""),
// from an instant on (everything when it is zero). Items still open, or
// closed since, are read however old.
func (db *DB) notebook(ctx context.Context, manager, report string, since time.Time) (preread.Notebook, error) {
	var nb preread.Notebook
	from, day := formatTime(since), preread.DateOf(since.UTC()).String()
	if manager != "" {
		began, err := db.pairBegan(ctx, manager, report)
		if err != nil {
			return nb, err
		}
		if d := preread.DateOf(began.UTC()).AddDays(-statusBeforePair).String(); d > day {
			day = d
		}
	}
	var err error
	if nb.Status, err = db.statusEntries(ctx, "(?1 = '' OR p.email = ?1) AND s.workday >= ?2", report, day); err != nil {
		return nb, fmt.Errorf("export status: %w", err)
	}
	pairFilter := "(?1 = '' OR (m.email = ?1 AND r.email = ?2)) AND "
	if nb.Agenda, err = db.agendaItems(ctx, pairFilter+"(a.created_at >= ?3 OR a.closed_at >= ?3 OR a.state = 'open')",
		manager, report, from); err != nil {
		return nb, fmt.Errorf("export agenda: %w", err)
	}
	if nb.Notes, err = db.notes(ctx, pairFilter+"n.created_at >= ?3", manager, report, from); err != nil {
		return nb, fmt.Errorf("export notes: %w", err)
	}
	if nb.Actions, err = db.actions(ctx, pairFilter+"(a.created_at >= ?3 OR a.closed_at >= ?3 OR a.state = 'open')",
		manager, report, from); err != nil {
		return nb, fmt.Errorf("export actions: %w", err)
	}
	if nb.MeetingNotes, err = db.meetingNotes(ctx, pairFilter+"n.created_at >= ?3", manager, report, from); err != nil {
		return nb, fmt.Errorf("export meeting notes: %w", err)
	}
	if nb.Meetings, err = db.meetingRecords(ctx, pairFilter+"mt.starts_at >= ?3", manager, report, from); err != nil {
		return nb, fmt.Errorf("export meetings: %w", err)
	}
	return nb, nil
}

// meetingRecords reads the meetings that match filter, a condition on mt
// (meetings), m and r, with the numbers their pre-reads gave.
func (db *DB) meetingRecords(ctx context.Context, filter string, args ...any) ([]preread.MeetingRecord, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT m.email, r.email, mt.starts_at, mi.number, mi.item_id
		FROM meetings mt JOIN pairs pr ON pr.id = mt.pair_id
			JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
			LEFT JOIN meeting_items mi ON mi.meeting_id = mt.id
		WHERE `+filter+`
		ORDER BY m.email, r.email, mt.starts_at, mi.number`, args...)
	var out []preread.MeetingRecord
	err = eachRow(rows, err, func(r *sql.Rows) error {
		var rec preread.MeetingRecord
		var start string
		var number, item sql.NullInt64
		if err := r.Scan(&rec.Manager, &rec.Report, &start, &number, &item); err != nil {
			return err
		}
		var err error
		if rec.Start, err = parseTime(start); err != nil {
			return err
		}
		if n := len(out); n == 0 || out[n-1].Manager != rec.Manager || out[n-1].Report != rec.Report || !out[n-1].Start.Equal(rec.Start) {
			rec.Items = map[int]int64{}
			out = append(out, rec)
		}
		if number.Valid {
			out[len(out)-1].Items[int(number.Int64)] = item.Int64
		}
		return nil
	})
	return out, err
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
	return db.statusEntriesBy(ctx, "", filter, args...)
}

// statusEntriesBy is statusEntries read through the index named (none:
// SQLite's choice).
func (db *DB) statusEntriesBy(ctx context.Context, index, filter string, args ...any) ([]preread.StatusEntry, error) {
	if index != "" {
		index = " INDEXED BY " + index
	}
	rows, err := db.sql.QueryContext(ctx, `
		SELECT s.id, p.email, s.workday, s.text, s.yesterday, s.today, s.blockers, s.message_key, s.created_at
		FROM status_entries s`+index+` JOIN people p ON p.id = s.person_id
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
			a.fwd_from, a.fwd_date, a.fwd_subject, a.state, a.carried, a.message_key, a.created_at,
			a.closed_at, cb.email
		FROM agenda_items a JOIN pairs pr ON pr.id = a.pair_id
			JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
			JOIN people au ON au.id = a.author_id LEFT JOIN people cb ON cb.id = a.closed_by
		WHERE `+filter+`
		ORDER BY m.email, r.email, a.created_at, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []preread.AgendaItem
	for rows.Next() {
		var a preread.AgendaItem
		var from, date, subject, closed, closedBy sql.NullString
		var created string
		if err := rows.Scan(&a.ID, &a.Manager, &a.Report, &a.From, &a.Category, &a.Subject, &a.Text, &a.Note,
			&from, &date, &subject, &a.State, &a.Carried, &a.MessageID, &created, &closed, &closedBy); err != nil {
			return nil, err
		}
		if a.Closed, err = optionalTime(closed.String); err != nil {
			return nil, err
		}
		a.ClosedBy = closedBy.String
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

// statusBeforePair is how many days of a report's status before their
// pair's first record its notebook shows: the week its first pre-read
// showed, and nothing written for a manager before.
const statusBeforePair = 7

// pairBegan is when a pair's first record was made (a pre-read, an agenda
// item, a note, an action item, a meeting note), or now when it has none.
func (db *DB) pairBegan(ctx context.Context, manager, report string) (time.Time, error) {
	var first sql.NullString
	err := db.sql.QueryRowContext(ctx, `
		WITH pr AS (SELECT pr.id FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
			WHERE m.email = ?1 AND r.email = ?2)
		SELECT min(t) FROM (
			SELECT min(created_at) AS t FROM meetings WHERE pair_id IN pr
			UNION ALL SELECT min(created_at) FROM agenda_items WHERE pair_id IN pr
			UNION ALL SELECT min(created_at) FROM notes WHERE pair_id IN pr
			UNION ALL SELECT min(created_at) FROM actions WHERE pair_id IN pr
			UNION ALL SELECT min(created_at) FROM meeting_notes WHERE pair_id IN pr)`, manager, report).Scan(&first)
	if err != nil {
		return time.Time{}, fmt.Errorf("when %s:%s began: %w", manager, report, err)
	}
	if !first.Valid {
		return db.now().UTC(), nil
	}
	return parseTime(first.String)
}
