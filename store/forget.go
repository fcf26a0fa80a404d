package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"

	"github.com/preread/preread"
)

// Erased counts what Forget erased.
type Erased struct {
	Person  bool // the directory's row for them was anonymised
	Status  int  // status entries they wrote
	Agenda  int  // agenda items they wrote, and every item of the 1:1s where they are the report
	Notes   int  // notes they wrote, and every note of their 1:1s
	Actions int  // action items they wrote or own, and every one of the 1:1s where they are the report
	// MeetingNotes are the meeting notes they wrote, and every one of their 1:1s.
	MeetingNotes int
	Meetings     int // meetings of their 1:1s with nothing left in them
	Calendar     int // calendar invitations kept for their 1:1s
	Tokens       int // reply tokens, current and revoked
	Outbox       int // emails to them, and pre-reads and questions about them to their managers
	Messages     int // records of mail from them, reduced to a hash of the key
}

// Total is how many rows Forget erased or reduced, the person's own row
// included.
func (e Erased) Total() int {
	n := e.Status + e.Agenda + e.Notes + e.Actions + e.MeetingNotes + e.Meetings + e.Calendar + e.Tokens + e.Outbox + e.Messages
	if e.Person {
		n++
	}
	return n
}

// Forget erases a person's data, for a data-protection request, in one
// transaction:
//
//   - their status entries, agenda items, notes, action items (written or
//     owned) and meeting notes; every agenda item, note and action item of
//     the 1:1s where they are the report (a manager's topic about a report
//     is the report's data); the notes and meeting notes of 1:1s they
//     manage;
//   - the 1:1s themselves, with their meetings, once nothing is left in
//     them (a forgotten manager's pair keeps its reports' items);
//   - their tokens (reply, bounce and calendar), aliases, away dates and
//     team places, and the calendars of their 1:1s (the invitations kept);
//   - the outbox's emails to them (sent ones too) and the pre-reads and
//     questions about their 1:1s as a report;
//   - of the records of mail they sent (from email, any of also, or behind
//     what was erased above): the sender and reason are blanked and the key
//     becomes "erased:" and the SHA-256 of the key. The record stays, with
//     its outcome and time, so a re-read of the same message is still a
//     duplicate and files nothing of theirs again (Record and Processed
//     look keys up by their hash too);
//   - their row in people keeps its id, for the teams and pairs of others
//     that point at it, but its address becomes "forgotten-ID" and its
//     name and schedule are cleared. If the address comes back in the
//     config it is a new person, with a new token.
//
// A person still in the directory is refused with preread.ErrInDirectory:
// the next sync would bring them back. Someone never in the directory
// (a stranger who wrote) has only message records to erase. Team digests
// already sent to others, which carry their status, and the mail in the
// mailbox's folders are not touched.
func (db *DB) Forget(ctx context.Context, email string, also ...string) (Erased, error) {
	var e Erased
	addr := preread.CanonicalAddress(email)
	ctx = whole(ctx)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return e, fmt.Errorf("forget %s: %w", addr, err)
	}
	defer tx.Rollback()
	var keys []string
	for _, a := range append([]string{email}, also...) {
		a = preread.CanonicalAddress(a)
		var owner string
		err := tx.QueryRowContext(ctx, `SELECT p.email FROM people p WHERE p.active = 1 AND (p.email = ?1
			OR p.id IN (SELECT person_id FROM aliases WHERE address = ?1))`, a).Scan(&owner)
		if err == nil {
			return e, fmt.Errorf("forget %s: %s is an address of %s: %w", addr, a, owner, preread.ErrInDirectory)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return e, fmt.Errorf("forget %s: %w", addr, err)
		}
		sent, err := strings1(ctx, tx, `SELECT message_key FROM messages WHERE sender = ? COLLATE NOCASE`, a)
		if err != nil {
			return e, fmt.Errorf("forget %s: %w", addr, err)
		}
		keys = append(keys, sent...)
	}
	var id int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM people WHERE email = ?", addr).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("forget %s: %w", addr, err)
	}
	if id != 0 {
		written, err := forgetPerson(ctx, tx, id, formatTime(db.now()), &e)
		if err != nil {
			return e, fmt.Errorf("forget %s: %w", addr, err)
		}
		keys = append(keys, written...)
	}
	// What other records say of them: a bounce or an out-of-office about
	// them names their address in its reason; a skipped 1:1 their message.
	for _, a := range append([]string{email}, also...) {
		if err := eraseFromReasons(ctx, tx, preread.CanonicalAddress(a)); err != nil {
			return e, fmt.Errorf("forget %s: %w", addr, err)
		}
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `UPDATE skips SET message_key = '' WHERE message_key = ?`, k); err != nil {
			return e, fmt.Errorf("forget %s: %w", addr, err)
		}
	}
	if e.Messages, err = eraseRecords(ctx, tx, keys); err != nil {
		return e, fmt.Errorf("forget %s: %w", addr, err)
	}
	if err := tx.Commit(); err != nil {
		return e, fmt.Errorf("forget %s: %w", addr, err)
	}
	db.ids.reset()
	db.sent.reset()
	return e, nil
}

// forgetPerson erases what the directory and the notebook hold of person
// id, and returns the keys of the messages behind what they wrote.
func forgetPerson(ctx context.Context, tx *sql.Tx, id int64, now string, e *Erased) ([]string, error) {
	keys, err := strings1(ctx, tx, `
		SELECT message_key FROM status_entries WHERE person_id = ?1
		UNION SELECT message_key FROM agenda_items WHERE author_id = ?1
		UNION SELECT message_key FROM notes WHERE author_id = ?1
		UNION SELECT message_key FROM actions WHERE author_id = ?1
		UNION SELECT message_key FROM meeting_notes WHERE author_id = ?1`, id)
	if err != nil {
		return nil, err
	}
	// The statements run in order: meeting items before the agenda items
	// they number, pre-reads while the pairs still name them, pairs last.
	steps := []struct {
		count *int
		query string
	}{
		{nil, `DELETE FROM meeting_items WHERE item_id IN (SELECT id FROM agenda_items
			WHERE author_id = ?1 OR pair_id IN (SELECT id FROM pairs WHERE report_id = ?1))`},
		{&e.Agenda, `DELETE FROM agenda_items WHERE author_id = ?1 OR pair_id IN (SELECT id FROM pairs WHERE report_id = ?1)`},
		{&e.Notes, `DELETE FROM notes WHERE author_id = ?1 OR pair_id IN (SELECT id FROM pairs WHERE ?1 IN (manager_id, report_id))`},
		{&e.Actions, `DELETE FROM actions WHERE author_id = ?1 OR owner_id = ?1 OR pair_id IN (SELECT id FROM pairs WHERE report_id = ?1)`},
		{&e.MeetingNotes, `DELETE FROM meeting_notes WHERE author_id = ?1 OR pair_id IN (SELECT id FROM pairs WHERE ?1 IN (manager_id, report_id))`},
		{&e.Status, `DELETE FROM status_entries WHERE person_id = ?1`},
		{&e.Outbox, `DELETE FROM outbox WHERE person_id = ?1 OR EXISTS (
			SELECT 1 FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
			WHERE ?1 IN (pr.report_id, pr.manager_id) AND substr(outbox.period, 1, length(m.email) + length(r.email) + 2) = m.email || ':' || r.email || '/')`},
		{nil, `DELETE FROM away_set WHERE person_id = ?1`},
		{nil, `DELETE FROM pauses WHERE person_id = ?1`},
		{nil, `DELETE FROM skips WHERE pair_id IN ` + emptyPairs},
		// Their 1:1s' calendars: the invitations kept, which name them,
		// and the calendar's names for the meetings.
		{&e.Calendar, `DELETE FROM calendar_parts WHERE pair_id IN (SELECT id FROM pairs WHERE ?1 IN (manager_id, report_id))`},
		{nil, `UPDATE meetings SET uid = '', recurrence_id = '' WHERE pair_id IN (SELECT id FROM pairs WHERE ?1 IN (manager_id, report_id))`},
		{nil, `DELETE FROM meeting_items WHERE meeting_id IN (SELECT id FROM meetings WHERE pair_id IN ` + emptyPairs + `)`},
		{&e.Meetings, `DELETE FROM meetings WHERE pair_id IN ` + emptyPairs},
		{nil, `DELETE FROM pairs WHERE id IN ` + emptyPairs},
		{&e.Tokens, `DELETE FROM tokens WHERE person_id = ?1`},
		{nil, `DELETE FROM bounce_tokens WHERE person_id = ?1`},
		{nil, `DELETE FROM calendar_tokens WHERE person_id = ?1`},
		{nil, `DELETE FROM aliases WHERE person_id = ?1`},
		{nil, `DELETE FROM away WHERE person_id = ?1`},
		{nil, `DELETE FROM team_members WHERE person_id = ?1`},
		{nil, `DELETE FROM team_digest_to WHERE person_id = ?1`},
	}
	for _, s := range steps {
		res, err := tx.ExecContext(ctx, s.query, id)
		if err != nil {
			return nil, err
		}
		if s.count != nil {
			n, err := res.RowsAffected()
			if err != nil {
				return nil, err
			}
			*s.count = int(n)
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE people SET email = 'forgotten-' || id, name = '', timezone = 'UTC',
		workdays = '', prompt_at = '', preread_at = '', created_at = ?, deactivated_at = ? WHERE id = ?`, now, now, id)
	e.Person = err == nil
	return keys, err
}

// emptyPairs are the 1:1s of person ?1 with no agenda items, notes, action
// items or meeting notes left.
const emptyPairs = `(SELECT id FROM pairs pr WHERE ?1 IN (pr.manager_id, pr.report_id)
	AND NOT EXISTS (SELECT 1 FROM agenda_items a WHERE a.pair_id = pr.id)
	AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.pair_id = pr.id)
	AND NOT EXISTS (SELECT 1 FROM actions x WHERE x.pair_id = pr.id)
	AND NOT EXISTS (SELECT 1 FROM meeting_notes mn WHERE mn.pair_id = pr.id))`

// eraseRecords reduces the records of these messages to their outcome, time
// and a hash of their key (see Forget), and counts them. A key that
// something kept still refers to keeps its text; only the sender and reason
// go.
func eraseRecords(ctx context.Context, tx *sql.Tx, keys []string) (int, error) {
	seen := map[string]bool{}
	n := 0
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		res, err := tx.ExecContext(ctx, `
			UPDATE messages SET sender = '', reason = '',
				message_key = CASE WHEN EXISTS (SELECT 1 FROM status_entries WHERE message_key = ?1)
					OR EXISTS (SELECT 1 FROM agenda_items WHERE message_key = ?1)
					OR EXISTS (SELECT 1 FROM notes WHERE message_key = ?1)
					OR EXISTS (SELECT 1 FROM actions WHERE message_key = ?1)
					OR EXISTS (SELECT 1 FROM meeting_notes WHERE message_key = ?1)
				THEN message_key ELSE ?2 END
			WHERE message_key = ?1`, k, erasedKey(k))
		if err != nil {
			return n, fmt.Errorf("erase message %s: %w", k, err)
		}
		m, err := res.RowsAffected()
		if err != nil {
			return n, err
		}
		n += int(m)
	}
	return n, nil
}

// eraseFromReasons replaces addr in every reason that names it, in any
// case (SQLite's replace would miss Alice@Corp.example).
func eraseFromReasons(ctx context.Context, tx *sql.Tx, addr string) error {
	type named struct {
		id     int64
		reason string
	}
	var found []named
	rows, err := tx.QueryContext(ctx, `SELECT id, reason FROM messages WHERE instr(lower(reason), ?) > 0`, addr)
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var n named
		err := r.Scan(&n.id, &n.reason)
		found = append(found, n)
		return err
	}); err != nil {
		return err
	}
	re := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(addr))
	for _, n := range found {
		if _, err := tx.ExecContext(ctx, `UPDATE messages SET reason = ? WHERE id = ?`, re.ReplaceAllLiteralString(n.reason, "(erased)"), n.id); err != nil {
			return err
		}
	}
	return nil
}
