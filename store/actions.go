package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/preread/preread"
)

// fileActions files what a reply says of a pair's action items and of its
// meeting: the items it raises, each with the pair's next A-number, the
// items it closes, and the meeting's note.
func (f *filing) fileActions(ctx context.Context, p preread.Processed) error {
	for _, a := range p.Actions {
		if err := f.fileAction(ctx, p.Key, a); err != nil {
			return err
		}
	}
	if c := p.CloseActions; c != nil {
		pair, by, err := f.pairAndAuthor(ctx, c.Manager, c.Report, c.By)
		if err != nil {
			return err
		}
		for _, n := range c.Numbers {
			if _, err := f.tx.ExecContext(ctx, `UPDATE actions SET state = 'done', closed_at = ?, closed_by = ?
				WHERE pair_id = ? AND number = ? AND state = 'open'`, f.now, by, pair, n); err != nil {
				return fmt.Errorf("close action A%d: %w", n, err)
			}
		}
	}
	if n := p.MeetingNote; n != nil {
		pair, author, err := f.pairAndAuthor(ctx, n.Manager, n.Report, n.From)
		if err != nil {
			return err
		}
		if _, err := f.tx.ExecContext(ctx, `
			INSERT INTO meeting_notes (pair_id, author_id, meeting_at, text, message_key, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			pair, author, formatTime(n.Meeting), n.Text, p.Key, f.now); err != nil {
			return fmt.Errorf("meeting note: %w", err)
		}
	}
	return nil
}

// fileAction files one action item under the pair's next A-number.
func (f *filing) fileAction(ctx context.Context, key string, a preread.ActionItem) error {
	pair, author, err := f.pairAndAuthor(ctx, a.Manager, a.Report, a.From)
	if err != nil {
		return err
	}
	owner := author
	if a.Owner != "" {
		if owner, err = f.person(ctx, a.Owner); err != nil {
			return err
		}
	}
	var number int
	if err := f.tx.QueryRowContext(ctx, `UPDATE pairs SET last_action = last_action + 1 WHERE id = ? RETURNING last_action`,
		pair).Scan(&number); err != nil {
		return fmt.Errorf("action number: %w", err)
	}
	due, meeting := "", ""
	if !a.Due.IsZero() {
		due = a.Due.String()
	}
	if !a.Meeting.IsZero() {
		meeting = formatTime(a.Meeting)
	}
	if _, err := f.tx.ExecContext(ctx, `
		INSERT INTO actions (pair_id, number, author_id, owner_id, text, due, meeting_at, message_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, pair, number, author, owner, a.Text, due, meeting, key, f.now); err != nil {
		return fmt.Errorf("action A%d: %w", number, err)
	}
	return nil
}

// OpenActions lists a pair's open action items by A-number.
func (db *DB) OpenActions(ctx context.Context, manager, report string) ([]preread.ActionItem, error) {
	out, err := db.actions(ctx, "a.state = 'open' AND m.email = ? AND r.email = ?", manager, report)
	if err != nil {
		return nil, fmt.Errorf("open actions of %s:%s: %w", manager, report, err)
	}
	return out, nil
}

// LastMeetingNotes lists the notes of the pair's last meeting before an
// instant (the last one preread made a pre-read for and the calendar did
// not cancel), oldest first: none
// when that meeting has none, so old notes do not come back every time.
func (db *DB) LastMeetingNotes(ctx context.Context, manager, report string, before time.Time) ([]preread.MeetingNote, error) {
	out, err := db.meetingNotes(ctx, `m.email = ?1 AND r.email = ?2 AND n.meeting_at = (
		SELECT max(mt.starts_at) FROM meetings mt WHERE mt.pair_id = n.pair_id AND mt.starts_at < ?3 AND mt.cancelled_at IS NULL)`,
		manager, report, formatTime(before))
	if err != nil {
		return nil, fmt.Errorf("meeting notes of %s:%s: %w", manager, report, err)
	}
	return out, nil
}

// ClosedSince lists a pair's agenda items closed after an instant.
func (db *DB) ClosedSince(ctx context.Context, manager, report string, since time.Time) ([]preread.AgendaItem, error) {
	out, err := db.agendaItems(ctx, "a.state = 'done' AND m.email = ? AND r.email = ? AND a.closed_at > ?",
		manager, report, formatTime(since))
	if err != nil {
		return nil, fmt.Errorf("items closed on %s:%s: %w", manager, report, err)
	}
	return out, nil
}

// ListedItems lists the agenda items the pre-read of a meeting listed,
// open or closed since; MeetingNumbers gives their numbers.
func (db *DB) ListedItems(ctx context.Context, manager, report string, start time.Time) ([]preread.AgendaItem, error) {
	out, err := db.agendaItems(ctx, `m.email = ? AND r.email = ? AND a.id IN (
		SELECT mi.item_id FROM meeting_items mi JOIN meetings mt ON mt.id = mi.meeting_id
		WHERE mt.pair_id = pr.id AND mt.starts_at = ?)`, manager, report, formatTime(start))
	if err != nil {
		return nil, fmt.Errorf("items of the meeting of %s:%s: %w", manager, report, err)
	}
	return out, nil
}

// actions reads the action items that match filter, a condition on a
// (actions), m and r (the pair's manager and report).
func (db *DB) actions(ctx context.Context, filter string, args ...any) ([]preread.ActionItem, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT a.id, m.email, r.email, a.number, au.email, ow.email, a.text, a.due, a.meeting_at, a.state,
			a.message_key, a.created_at, a.closed_at, cb.email
		FROM actions a JOIN pairs pr ON pr.id = a.pair_id
			JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
			JOIN people au ON au.id = a.author_id JOIN people ow ON ow.id = a.owner_id
			LEFT JOIN people cb ON cb.id = a.closed_by
		WHERE `+filter+`
		ORDER BY m.email, r.email, a.number`, args...)
	var out []preread.ActionItem
	err = eachRow(rows, err, func(r *sql.Rows) error {
		var a preread.ActionItem
		var due, meeting, created string
		var closed, closedBy sql.NullString
		if err := r.Scan(&a.ID, &a.Manager, &a.Report, &a.Number, &a.From, &a.Owner, &a.Text, &due, &meeting, &a.State,
			&a.MessageID, &created, &closed, &closedBy); err != nil {
			return err
		}
		var err error
		if due != "" {
			if a.Due, err = preread.ParseDate(due); err != nil {
				return err
			}
		}
		if a.Meeting, err = optionalTime(meeting); err != nil {
			return err
		}
		if a.Created, err = parseTime(created); err != nil {
			return err
		}
		if a.Closed, err = optionalTime(closed.String); err != nil {
			return err
		}
		a.ClosedBy, a.MessageID = closedBy.String, messageID(a.MessageID)
		out = append(out, a)
		return nil
	})
	return out, err
}

// meetingNotes reads the meeting notes that match filter, a condition on n
// (meeting_notes), m and r (the pair's manager and report).
func (db *DB) meetingNotes(ctx context.Context, filter string, args ...any) ([]preread.MeetingNote, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT n.id, m.email, r.email, au.email, n.meeting_at, n.text, n.message_key, n.created_at
		FROM meeting_notes n JOIN pairs pr ON pr.id = n.pair_id
			JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
			JOIN people au ON au.id = n.author_id
		WHERE `+filter+`
		ORDER BY m.email, r.email, n.meeting_at, n.created_at, n.id`, args...)
	var out []preread.MeetingNote
	err = eachRow(rows, err, func(r *sql.Rows) error {
		var n preread.MeetingNote
		var meeting, created string
		if err := r.Scan(&n.ID, &n.Manager, &n.Report, &n.From, &meeting, &n.Text, &n.MessageID, &created); err != nil {
			return err
		}
		var err error
		if n.Meeting, err = parseTime(meeting); err != nil {
			return err
		}
		if n.Created, err = parseTime(created); err != nil {
			return err
		}
		n.MessageID = messageID(n.MessageID)
		out = append(out, n)
		return nil
	})
	return out, err
}

// optionalTime parses a stored instant; "" is the zero time.
func optionalTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseTime(s)
}
