package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/preread/preread"
)

func syncTeams(ctx context.Context, tx *sql.Tx, teams []preread.Team, ids map[string]int64, rep *SyncReport) error {
	have, err := loadTeams(ctx, tx)
	if err != nil {
		return err
	}
	want := map[string]teamRow{}
	for _, t := range teams {
		want[t.Name] = teamRowOf(t)
	}
	for name, old := range have {
		if _, keep := want[name]; !keep && old.active {
			if _, err := tx.ExecContext(ctx, "UPDATE teams SET active = 0 WHERE id = ?", old.id); err != nil {
				return err
			}
			rep.add("deactivated team %s", name)
		}
	}
	for _, name := range sortedKeys(want) {
		w := want[name]
		old, exists := have[name]
		w.id = old.id
		if exists && old == w {
			continue
		}
		manager, err := personID(ids, w.manager)
		if err != nil {
			return fmt.Errorf("team %s: %w", name, err)
		}
		if !exists {
			res, err := tx.ExecContext(ctx, `
				INSERT INTO teams (name, manager_id, timezone, digest_at, digest_to, workdays) VALUES (?, ?, ?, ?, ?, ?)`,
				w.name, manager, w.timezone, w.digestAt, w.digestTo, w.workdays)
			if err != nil {
				return err
			}
			if w.id, err = res.LastInsertId(); err != nil {
				return err
			}
			rep.add("added team %s", name)
		} else {
			if _, err := tx.ExecContext(ctx, `
				UPDATE teams SET manager_id = ?, timezone = ?, digest_at = ?, digest_to = ?, workdays = ?, active = 1 WHERE id = ?`,
				manager, w.timezone, w.digestAt, w.digestTo, w.workdays, w.id); err != nil {
				return err
			}
			rep.add("updated team %s", name)
		}
		if !exists || old.members != w.members {
			if err := replaceLinks(ctx, tx, "team_members", w.id, w.members, ids); err != nil {
				return fmt.Errorf("team %s members: %w", name, err)
			}
		}
		if !exists || old.digestFor != w.digestFor {
			if err := replaceLinks(ctx, tx, "team_digest_to", w.id, w.digestFor, ids); err != nil {
				return fmt.Errorf("team %s digest_to: %w", name, err)
			}
		}
	}
	return nil
}

// replaceLinks sets the people linked to a team in table (team_members or
// team_digest_to) to the listed addresses.
func replaceLinks(ctx context.Context, tx *sql.Tx, table string, teamID int64, list string, ids map[string]int64) error {
	// table is one of two constants of this package, never input.
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE team_id = ?", teamID); err != nil {
		return err
	}
	for _, email := range splitList(list) {
		id, err := personID(ids, email)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO "+table+" (team_id, person_id) VALUES (?, ?)", teamID, id); err != nil {
			return err
		}
	}
	return nil
}

func personID(ids map[string]int64, email string) (int64, error) {
	id, ok := ids[email]
	if !ok {
		return 0, fmt.Errorf("%s is not in people", email)
	}
	return id, nil
}

func syncPairs(ctx context.Context, tx *sql.Tx, pairs []preread.Pair, ids map[string]int64, rep *SyncReport) error {
	have, err := loadPairs(ctx, tx)
	if err != nil {
		return err
	}
	want := map[string]pairRow{}
	for _, p := range pairs {
		r := pairRowOf(p)
		want[r.key()] = r
	}
	for key, old := range have {
		if _, keep := want[key]; !keep && old.active {
			if _, err := tx.ExecContext(ctx, "UPDATE pairs SET active = 0 WHERE id = ?", old.id); err != nil {
				return err
			}
			rep.add("deactivated pair %s", key)
		}
	}
	for _, key := range sortedKeys(want) {
		w := want[key]
		old, exists := have[key]
		w.id = old.id
		switch {
		case !exists:
			manager, err := personID(ids, w.manager)
			if err != nil {
				return fmt.Errorf("pair %s: %w", key, err)
			}
			report, err := personID(ids, w.report)
			if err != nil {
				return fmt.Errorf("pair %s: %w", key, err)
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO pairs (manager_id, report_id, meets, timezone, skip, preread_to) VALUES (?, ?, ?, ?, ?, ?)`,
				manager, report, w.meets, w.timezone, w.skip, w.prereadTo); err != nil {
				return err
			}
			rep.add("added pair %s", key)
		case old != w:
			if _, err := tx.ExecContext(ctx, `
				UPDATE pairs SET meets = ?, timezone = ?, skip = ?, preread_to = ?, active = 1 WHERE id = ?`,
				w.meets, w.timezone, w.skip, w.prereadTo, w.id); err != nil {
				return err
			}
			rep.add("updated pair %s", key)
		}
	}
	return nil
}
