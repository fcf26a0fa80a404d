package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"github.com/preread/preread"
)

// unchanged reports whether syncing dir would change nothing: the check
// every start-up makes, so it reads each table once in key order and
// compares as it goes, where a sync with changes loads everything into
// maps (100,000 people took a second). Any difference at all, and the
// full sync runs.
func unchanged(ctx context.Context, tx *sql.Tx, dir preread.Directory) (bool, error) {
	have, err := strings1(ctx, tx, "SELECT date FROM holidays ORDER BY date")
	if err != nil {
		return false, err
	}
	if !slices.Equal(have, splitList(datesText(dir.Holidays))) {
		return false, nil
	}
	for _, check := range []func(context.Context, *sql.Tx, preread.Directory) (bool, error){
		peopleUnchanged, listsUnchanged, teamsUnchanged, pairsUnchanged,
	} {
		if same, err := check(ctx, tx, dir); err != nil || !same {
			return false, err
		}
	}
	return true, nil
}

// peopleUnchanged merges the stored people, by address, with dir's: each
// of dir's stored alike and active, everyone else inactive.
func peopleUnchanged(ctx context.Context, tx *sql.Tx, dir preread.Directory) (bool, error) {
	want := make([]personRow, len(dir.People))
	for i, p := range dir.People {
		want[i] = personRowOf(p)
	}
	slices.SortFunc(want, func(a, b personRow) int { return cmp.Compare(a.email, b.email) })
	rows, err := tx.QueryContext(ctx, `
		SELECT email, name, timezone, workdays, prompt_at, preread_at, active FROM people ORDER BY email`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	i := 0
	var r personRow
	for rows.Next() {
		if err := rows.Scan(&r.email, &r.name, &r.timezone, &r.workdays, &r.promptAt, &r.prereadAt, &r.active); err != nil {
			return false, err
		}
		c := 1 // a stored person after all of dir's
		if i < len(want) {
			c = cmp.Compare(want[i].email, r.email)
		}
		switch {
		case c < 0:
			return false, nil // someone new
		case c == 0:
			w := want[i]
			if !r.active || r.name != w.name || r.timezone != w.timezone || r.workdays != w.workdays ||
				r.promptAt != w.promptAt || r.prereadAt != w.prereadAt {
				return false, nil
			}
			i++
		case r.active:
			return false, nil // someone left
		}
	}
	return i == len(want), rows.Err()
}

// listsUnchanged compares the aliases of everyone and the away ranges of
// the active: only dir's people may have any, and just theirs.
func listsUnchanged(ctx context.Context, tx *sql.Tx, dir preread.Directory) (bool, error) {
	for _, l := range []struct {
		query string
		want  func(preread.Person) string
	}{
		{`SELECT p.email, a.address FROM aliases a JOIN people p ON p.id = a.person_id`,
			func(p preread.Person) string { return joinSorted(p.Aliases) }},
		// The away dates of people who left stay with their history (the
		// sync removes their aliases, not their dates): only active
		// people's count.
		{`SELECT p.email, w.from_date || '..' || w.to_date FROM away w JOIN people p ON p.id = w.person_id WHERE p.active = 1`,
			func(p preread.Person) string { return rangesText(p.Away) }},
	} {
		have, err := pairsOfStrings(ctx, tx, l.query)
		if err != nil {
			return false, err
		}
		for _, p := range dir.People {
			w := l.want(p)
			if w == "" {
				continue
			}
			if joinSorted(have[preread.CanonicalAddress(p.Email)]) != w {
				return false, nil
			}
			delete(have, preread.CanonicalAddress(p.Email))
		}
		if len(have) > 0 {
			return false, nil
		}
	}
	return true, nil
}

// pairsOfStrings runs a query of two text columns and groups the second
// by the first.
func pairsOfStrings(ctx context.Context, tx *sql.Tx, query string) (map[string][]string, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = append(out[k], v)
	}
	return out, rows.Err()
}

// teamsUnchanged compares the teams (a thousand at most, with their
// members) as syncTeams does.
func teamsUnchanged(ctx context.Context, tx *sql.Tx, dir preread.Directory) (bool, error) {
	have, err := loadTeams(ctx, tx)
	if err != nil {
		return false, err
	}
	wanted := 0
	for _, t := range dir.Teams {
		w := teamRowOf(t)
		old, ok := have[w.name]
		w.id = old.id
		if !ok || old != w {
			return false, nil
		}
		wanted++
	}
	for _, old := range have {
		if old.active {
			wanted--
		}
	}
	return wanted == 0, nil
}

// pairsUnchanged merges the stored pairs, by manager and report, with
// dir's, as peopleUnchanged does.
func pairsUnchanged(ctx context.Context, tx *sql.Tx, dir preread.Directory) (bool, error) {
	want := make([]pairRow, len(dir.Pairs))
	for i, p := range dir.Pairs {
		want[i] = pairRowOf(p)
	}
	byKey := func(a, b pairRow) int {
		return cmp.Or(cmp.Compare(a.manager, b.manager), cmp.Compare(a.report, b.report))
	}
	slices.SortFunc(want, byKey)
	rows, err := tx.QueryContext(ctx, `
		SELECT m.email, r.email, pr.meets, pr.timezone, pr.skip, pr.preread_to, pr.active
		FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		ORDER BY m.email, r.email`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	i := 0
	var r pairRow
	for rows.Next() {
		if err := rows.Scan(&r.manager, &r.report, &r.meets, &r.timezone, &r.skip, &r.prereadTo, &r.active); err != nil {
			return false, err
		}
		c := 1 // a stored pair after all of dir's
		if i < len(want) {
			c = byKey(want[i], r)
		}
		switch {
		case c < 0:
			return false, nil // a new pair
		case c == 0:
			if want[i] != r {
				return false, nil
			}
			i++
		case r.active:
			return false, nil // a pair that ended
		}
	}
	return i == len(want), rows.Err()
}
