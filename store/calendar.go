package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"time"

	"github.com/preread/preread"
)

// CalendarToken returns the token of the person's calendar address.
func (db *DB) CalendarToken(ctx context.Context, email string) (string, error) {
	var token string
	err := db.sql.QueryRowContext(ctx, `
		SELECT c.token FROM calendar_tokens c JOIN people p ON p.id = c.person_id WHERE p.email = ?`,
		preread.CanonicalAddress(email)).Scan(&token)
	if err != nil {
		return "", fmt.Errorf("calendar token of %s: %w", email, notFound(err))
	}
	return token, nil
}

// CalendarOwner finds whose calendar token this is: the address of the
// active person whose 1:1s an invitation to it may set.
func (db *DB) CalendarOwner(ctx context.Context, token string) (string, error) {
	return db.ownerOf(ctx, "calendar_tokens", "calendar token", token)
}

// ensureCalendarTokens gives every active person without one a calendar
// token.
func ensureCalendarTokens(ctx context.Context, tx querier, now string) error {
	return ensureTokens(ctx, tx, "calendar_tokens", now)
}

// PairCalendar reads what is held of one pair's calendar. A part for
// which have reports true comes without its Data: the caller parsed it
// already. have may be nil.
func (db *DB) PairCalendar(ctx context.Context, manager, report string, have func(id int64) bool) (preread.PairCalendar, error) {
	m, r := preread.CanonicalAddress(manager), preread.CanonicalAddress(report)
	all, err := db.calendars(ctx, have, "m.email = ? AND r.email = ?", m, r)
	if err != nil {
		return preread.PairCalendar{}, fmt.Errorf("calendar of %s:%s: %w", manager, report, err)
	}
	return all[m+":"+r], nil
}

// Calendars reads what is held of the calendars of every active pair that
// has one, by pair key, parts as PairCalendar gives them.
func (db *DB) Calendars(ctx context.Context, have func(id int64) bool) (map[string]preread.PairCalendar, error) {
	all, err := db.calendars(ctx, have, "pr.active = 1")
	if err != nil {
		return nil, fmt.Errorf("calendars: %w", err)
	}
	return all, nil
}

// calendars reads the parts and the named meetings of the pairs where:
// first each part's ID and size, then the data of those the caller has
// not parsed yet, so a planner tick reads only what is new.
func (db *DB) calendars(ctx context.Context, have func(int64) bool, where string, args ...any) (map[string]preread.PairCalendar, error) {
	const pairs = ` JOIN pairs pr ON pr.id = x.pair_id JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id WHERE `
	out := map[string]preread.PairCalendar{}
	need := map[int64]*preread.CalendarPart{}
	rows, err := db.sql.QueryContext(ctx, `SELECT m.email || ':' || r.email, x.id, x.uid, x.zone, length(x.data)
		FROM calendar_parts x`+pairs+where+` ORDER BY x.id`, args...)
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var key string
		var part preread.CalendarPart
		if err := r.Scan(&key, &part.ID, &part.UID, &part.Zone, &part.Size); err != nil {
			return err
		}
		c := out[key]
		c.Parts = append(c.Parts, part)
		out[key] = c
		return nil
	}); err != nil {
		return nil, err
	}
	for key, c := range out {
		for i := range c.Parts {
			if have == nil || !have(c.Parts[i].ID) {
				need[c.Parts[i].ID] = &out[key].Parts[i]
			}
		}
	}
	if err := db.partData(ctx, need); err != nil {
		return nil, err
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT m.email || ':' || r.email, x.uid, x.recurrence_id, x.starts_at
		FROM meetings x`+pairs+`x.uid <> '' AND `+where, args...)
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var key, at string
		var k preread.CalendarKey
		if err := r.Scan(&key, &k.UID, &k.RecurrenceID, &at); err != nil {
			return err
		}
		t, err := parseTime(at)
		if err != nil {
			return err
		}
		c, ok := out[key]
		if !ok {
			return nil // a calendar since forgotten or emptied: nothing to name
		}
		if c.Named == nil {
			c.Named = map[preread.CalendarKey]time.Time{}
		}
		c.Named[k] = t
		out[key] = c
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// partData reads the data of the parts by ID, a few hundred at a time.
func (db *DB) partData(ctx context.Context, need map[int64]*preread.CalendarPart) error {
	ids := make([]any, 0, len(need))
	for id := range need {
		ids = append(ids, id)
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		rows, err := db.sql.QueryContext(ctx, `SELECT id, data FROM calendar_parts WHERE id IN (`+placeholders(len(batch))+`)`, batch...)
		if err := eachRow(rows, err, func(r *sql.Rows) error {
			var id int64
			var data []byte
			if err := r.Scan(&id, &data); err != nil {
				return err
			}
			need[id].Data = data
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// fileCalendar keeps the calendar parts a message brought for pairs and
// deletes the parts of those pairs they made useless.
func (f *filing) fileCalendar(ctx context.Context, key string, updates []preread.CalendarUpdate) error {
	for _, u := range updates {
		pair, _, err := f.pairAndAuthor(ctx, u.Manager, u.Report, u.Manager)
		if err != nil {
			return err
		}
		for _, id := range u.Drop {
			if _, err := f.tx.ExecContext(ctx, `DELETE FROM calendar_parts WHERE id = ? AND pair_id = ?`, id, pair); err != nil {
				return fmt.Errorf("drop calendar part %d: %w", id, err)
			}
		}
		if _, err := f.tx.ExecContext(ctx, `
			INSERT INTO calendar_parts (pair_id, uid, data, zone, message_key, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			pair, u.Part.UID, u.Part.Data, u.Part.Zone, key, f.now); err != nil {
			return fmt.Errorf("keep calendar part: %w", err)
		}
	}
	return nil
}

// ResetCalendar drops every calendar invitation kept for one pair, as
// `preread meetings --reset` asks: the pair's meetings follow its config
// rule (or wait) until the next invitation. Meetings that had a pre-read
// keep their calendar names, so an invitation of the same event names
// them again. It returns how many parts were dropped.
func (db *DB) ResetCalendar(ctx context.Context, manager, report string) (int, error) {
	res, err := db.sql.ExecContext(ctx, `DELETE FROM calendar_parts WHERE pair_id = (
		SELECT pr.id FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		WHERE m.email = ? AND r.email = ?)`, preread.CanonicalAddress(manager), preread.CanonicalAddress(report))
	if err != nil {
		return 0, fmt.Errorf("reset calendar of %s:%s: %w", manager, report, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// HeldMeeting is a meeting whose pre-read was made and that is not held
// yet: where the calendar may still move or cancel it.
type HeldMeeting struct {
	Pair      string // the pair's key
	At        time.Time
	Held      time.Time // when it is held, as last known
	Key       preread.CalendarKey
	Cancelled bool // the calendar cancelled it, and readers were told
}

// MeetingsAhead lists the meetings with a pre-read that are held after
// now, cancelled ones too (a calendar may bring one back), by pair and
// start.
func (db *DB) MeetingsAhead(ctx context.Context, now time.Time) ([]HeldMeeting, error) {
	var out []HeldMeeting
	rows, err := db.sql.QueryContext(ctx, `
		SELECT m.email || ':' || r.email, mt.starts_at, mt.held_at, mt.uid, mt.recurrence_id, mt.cancelled_at IS NOT NULL
		FROM meetings mt JOIN pairs pr ON pr.id = mt.pair_id JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		WHERE mt.carried_at IS NULL AND mt.held_at > ? AND pr.active = 1
		ORDER BY 1, mt.held_at`, formatTime(now))
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var h HeldMeeting
		var at, held string
		if err := r.Scan(&h.Pair, &at, &held, &h.Key.UID, &h.Key.RecurrenceID, &h.Cancelled); err != nil {
			return err
		}
		var err error
		if h.At, err = parseTime(at); err != nil {
			return err
		}
		h.Held, err = parseTime(held)
		out = append(out, h)
		return err
	}); err != nil {
		return nil, fmt.Errorf("meetings ahead: %w", err)
	}
	return out, nil
}

// MeetingChange is what the calendar did to a meeting with a pre-read:
// moved it to To (under the calendar key Key), or cancelled it.
type MeetingChange struct {
	Held      HeldMeeting
	To        time.Time
	Key       preread.CalendarKey
	Cancelled bool // else moved to To; a cancelled meeting moved is back on
}

// MoveMeeting records that the calendar holds a meeting with a pre-read
// at another time now (and under which calendar key), with the notices
// of the move for the outbox, in one transaction.
func (db *DB) MoveMeeting(ctx context.Context, h HeldMeeting, to time.Time, key preread.CalendarKey, notices []preread.Rendered) error {
	return db.ChangeMeetings(ctx, []MeetingChange{{Held: h, To: to, Key: key}}, notices)
}

// CancelMeeting records that the calendar cancelled a meeting with a
// pre-read, with the notices of it for the outbox, in one transaction.
func (db *DB) CancelMeeting(ctx context.Context, h HeldMeeting, notices []preread.Rendered) error {
	return db.ChangeMeetings(ctx, []MeetingChange{{Held: h, Cancelled: true}}, notices)
}

// ChangeMeetings records what the calendar did to meetings with a
// pre-read, with the notices that tell it, in one transaction: a notice
// is queued with the changes it tells, or neither is.
func (db *DB) ChangeMeetings(ctx context.Context, changes []MeetingChange, notices []preread.Rendered) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("change meetings: %w", err)
	}
	defer tx.Rollback()
	now := formatTime(db.now())
	pairs := map[string]int64{}
	for _, c := range changes {
		h := c.Held
		pairID, ok := pairs[h.Pair]
		if !ok {
			manager, report, _ := preread.ParsePairKey(h.Pair)
			err = tx.QueryRowContext(ctx, `
				SELECT pr.id FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
				WHERE m.email = ? AND r.email = ?`, manager, report).Scan(&pairID)
			if err != nil {
				return fmt.Errorf("change meeting of %s: %w", h.Pair, notFound(err))
			}
			pairs[h.Pair] = pairID
		}
		if c.Cancelled {
			_, err = tx.ExecContext(ctx, `UPDATE meetings SET cancelled_at = ? WHERE pair_id = ? AND starts_at = ?`,
				now, pairID, formatTime(h.At))
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE meetings SET held_at = ?, uid = ?, recurrence_id = ?, cancelled_at = NULL WHERE pair_id = ? AND starts_at = ?`,
				formatTime(c.To), c.Key.UID, c.Key.RecurrenceID, pairID, formatTime(h.At))
		}
		if err != nil {
			return fmt.Errorf("change meeting of %s: %w", h.Pair, err)
		}
	}
	for _, r := range notices {
		if err := enqueue(ctx, tx, r, now); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// ReadCalendars reads the calendars of the active pairs, as Calendars
// does, from the database at path without changing it: no migration runs,
// and a database from before calendars (or none at all) has none.
func ReadCalendars(ctx context.Context, path string) (map[string]preread.PairCalendar, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "5000")
	sqldb, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("read calendars: %w", err)
	}
	defer sqldb.Close()
	var version int
	if err := sqldb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return nil, fmt.Errorf("read calendars: %w", err)
	}
	if version < calendarVersion {
		return nil, nil
	}
	return (&DB{sql: sqldb}).Calendars(ctx, nil)
}

// calendarVersion is the schema version that brought calendars (0008).
const calendarVersion = 8
