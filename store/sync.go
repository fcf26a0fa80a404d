package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/preread/preread"
)

// SyncReport says what a directory sync changed, one line per change.
type SyncReport struct {
	Changes []string
}

func (r *SyncReport) add(format string, args ...any) {
	r.Changes = append(r.Changes, fmt.Sprintf(format, args...))
}

// SyncDirectory makes the stored directory match dir, in one transaction.
// It is idempotent: syncing the same directory twice changes nothing. People,
// teams and pairs missing from dir are deactivated, never deleted, so their
// history stays; a person who comes back is reactivated with it.
func (db *DB) SyncDirectory(ctx context.Context, dir preread.Directory) (SyncReport, error) {
	var rep SyncReport
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return rep, fmt.Errorf("sync directory: %w", err)
	}
	defer tx.Rollback()
	now := formatTime(db.now())
	same, err := unchanged(ctx, tx, dir)
	if err != nil {
		return rep, fmt.Errorf("sync directory: %w", err)
	}
	if !same {
		if err := syncAll(ctx, tx, dir, now, &rep); err != nil {
			return rep, err
		}
	}
	// A person may lack a bounce or calendar token: someone new, or a
	// database from before them.
	if err := ensureBounceTokens(ctx, tx, now); err != nil {
		return rep, fmt.Errorf("sync bounce tokens: %w", err)
	}
	if err := ensureCalendarTokens(ctx, tx, now); err != nil {
		return rep, fmt.Errorf("sync calendar tokens: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return rep, fmt.Errorf("sync directory: %w", err)
	}
	db.ids.reset() // who is active may have changed
	return rep, nil
}

// syncAll writes dir's holidays, people, teams and pairs where they
// differ from what is stored.
func syncAll(ctx context.Context, tx *sql.Tx, dir preread.Directory, now string, rep *SyncReport) error {
	if err := syncHolidays(ctx, tx, dir.Holidays, rep); err != nil {
		return fmt.Errorf("sync holidays: %w", err)
	}
	ids, err := syncPeople(ctx, tx, dir.People, now, rep)
	if err != nil {
		return fmt.Errorf("sync people: %w", err)
	}
	if err := syncTeams(ctx, tx, dir.Teams, ids, rep); err != nil {
		return fmt.Errorf("sync teams: %w", err)
	}
	if err := syncPairs(ctx, tx, dir.Pairs, ids, rep); err != nil {
		return fmt.Errorf("sync pairs: %w", err)
	}
	return nil
}

func syncHolidays(ctx context.Context, tx *sql.Tx, holidays []preread.Date, rep *SyncReport) error {
	have, err := strings1(ctx, tx, "SELECT date FROM holidays")
	if err != nil {
		return err
	}
	want := splitList(datesText(holidays))
	for _, d := range have {
		if !slices.Contains(want, d) {
			if _, err := tx.ExecContext(ctx, "DELETE FROM holidays WHERE date = ?", d); err != nil {
				return err
			}
			rep.add("removed holiday %s", d)
		}
	}
	for _, d := range want {
		if !slices.Contains(have, d) {
			if _, err := tx.ExecContext(ctx, "INSERT INTO holidays (date) VALUES (?)", d); err != nil {
				return err
			}
			rep.add("added holiday %s", d)
		}
	}
	return nil
}

// syncPeople returns the id of every person in the directory, by address.
func syncPeople(ctx context.Context, tx *sql.Tx, people []preread.Person, now string, rep *SyncReport) (map[string]int64, error) {
	have, err := loadPeople(ctx, tx, "1")
	if err != nil {
		return nil, err
	}
	want := map[string]personRow{}
	for _, p := range people {
		r := personRowOf(p)
		want[r.email] = r
	}
	// Aliases are released first, so one can move between people in a sync.
	for email, old := range have {
		w, keep := want[email]
		if old.aliases != "" && (!keep || w.aliases != old.aliases) {
			if _, err := tx.ExecContext(ctx, "DELETE FROM aliases WHERE person_id = ?", old.id); err != nil {
				return nil, err
			}
		}
		if !keep && old.active {
			if _, err := tx.ExecContext(ctx, "UPDATE people SET active = 0, deactivated_at = ? WHERE id = ?", now, old.id); err != nil {
				return nil, err
			}
			rep.add("deactivated person %s", email)
			dropped, err := dropMailTo(ctx, tx, old.id, now)
			if err != nil {
				return nil, err
			}
			if dropped > 0 {
				rep.add("dropped %d unsent emails to %s", dropped, email)
			}
		}
	}
	ids := map[string]int64{}
	for _, email := range sortedKeys(want) {
		w := want[email]
		old, exists := have[email]
		switch {
		case !exists:
			id, err := insertPerson(ctx, tx, w, now)
			if err != nil {
				return nil, err
			}
			w.id = id
			rep.add("added person %s", email)
		case old.withID(0) != w:
			w.id = old.id
			if err := updatePerson(ctx, tx, w); err != nil {
				return nil, err
			}
			if !old.active {
				rep.add("reactivated person %s", email)
			} else {
				rep.add("updated person %s", email)
			}
		default:
			w.id = old.id
		}
		if !exists || old.aliases != w.aliases {
			if err := insertList(ctx, tx, "INSERT INTO aliases (address, person_id) VALUES (?, ?)", splitList(w.aliases), w.id); err != nil {
				return nil, err
			}
		}
		if exists && old.away != w.away {
			if _, err := tx.ExecContext(ctx, "DELETE FROM away WHERE person_id = ?", w.id); err != nil {
				return nil, err
			}
		}
		if !exists || old.away != w.away {
			if err := insertAway(ctx, tx, w); err != nil {
				return nil, err
			}
		}
		ids[email] = w.id
	}
	return ids, nil
}

// withID is the row with its id replaced, for comparing content only.
func (r personRow) withID(id int64) personRow { r.id = id; return r }

func insertPerson(ctx context.Context, tx *sql.Tx, r personRow, now string) (int64, error) {
	res, err := tx.ExecContext(ctx, `
		INSERT INTO people (email, name, timezone, workdays, prompt_at, preread_at, active, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
		r.email, r.name, r.timezone, r.workdays, r.promptAt, r.prereadAt, now)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	token, err := newToken()
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO tokens (token, person_id, created_at) VALUES (?, ?, ?)", token, id, now)
	return id, err
}

func updatePerson(ctx context.Context, tx *sql.Tx, r personRow) error {
	_, err := tx.ExecContext(ctx, `
		UPDATE people SET name = ?, timezone = ?, workdays = ?, prompt_at = ?, preread_at = ?,
			active = 1, deactivated_at = NULL
		WHERE id = ?`,
		r.name, r.timezone, r.workdays, r.promptAt, r.prereadAt, r.id)
	return err
}

func insertAway(ctx context.Context, tx *sql.Tx, r personRow) error {
	for _, rng := range splitList(r.away) {
		from, to, _ := strings.Cut(rng, "..")
		if _, err := tx.ExecContext(ctx, "INSERT INTO away (person_id, from_date, to_date) VALUES (?, ?, ?)", r.id, from, to); err != nil {
			return err
		}
	}
	return nil
}

// insertList runs an insert of (value, id) for each value.
func insertList(ctx context.Context, tx *sql.Tx, query string, values []string, id int64) error {
	for _, v := range values {
		if _, err := tx.ExecContext(ctx, query, v, id); err != nil {
			return fmt.Errorf("%s: %w", v, err)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
