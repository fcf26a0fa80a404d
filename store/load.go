package store

import (
	"context"
	"fmt"
)

// loadPeople reads the people that match the filter (a condition on p, or
// "1" for all, active or not), keyed by address.
func loadPeople(ctx context.Context, q querier, filter string, args ...any) (map[string]personRow, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT p.id, p.email, p.name, p.timezone, p.workdays, p.prompt_at, p.preread_at, p.active,
			COALESCE((SELECT group_concat(a.address, ',' ORDER BY a.address) FROM aliases a WHERE a.person_id = p.id), ''),
			COALESCE((SELECT group_concat(w.from_date || '..' || w.to_date, ',' ORDER BY w.from_date || '..' || w.to_date)
				FROM away w WHERE w.person_id = p.id), '')
		FROM people p WHERE `+filter, args...)
	if err != nil {
		return nil, fmt.Errorf("load people: %w", err)
	}
	defer rows.Close()
	out := map[string]personRow{}
	for rows.Next() {
		var r personRow
		if err := rows.Scan(&r.id, &r.email, &r.name, &r.timezone, &r.workdays, &r.promptAt, &r.prereadAt,
			&r.active, &r.aliases, &r.away); err != nil {
			return nil, fmt.Errorf("load people: %w", err)
		}
		out[r.email] = r
	}
	return out, rows.Err()
}

// loadTeams reads every team, active or not, keyed by name.
func loadTeams(ctx context.Context, q querier) (map[string]teamRow, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT t.id, t.name, m.email, t.timezone, t.digest_at, t.digest_to, t.workdays, t.active,
			COALESCE((SELECT group_concat(p.email, ',' ORDER BY p.email)
				FROM team_members tm JOIN people p ON p.id = tm.person_id WHERE tm.team_id = t.id), ''),
			COALESCE((SELECT group_concat(p.email, ',' ORDER BY p.email)
				FROM team_digest_to td JOIN people p ON p.id = td.person_id WHERE td.team_id = t.id), '')
		FROM teams t JOIN people m ON m.id = t.manager_id`)
	if err != nil {
		return nil, fmt.Errorf("load teams: %w", err)
	}
	defer rows.Close()
	out := map[string]teamRow{}
	for rows.Next() {
		var r teamRow
		if err := rows.Scan(&r.id, &r.name, &r.manager, &r.timezone, &r.digestAt, &r.digestTo, &r.workdays, &r.active,
			&r.members, &r.digestFor); err != nil {
			return nil, fmt.Errorf("load teams: %w", err)
		}
		out[r.name] = r
	}
	return out, rows.Err()
}

// loadPairs reads every pair, active or not, keyed by MANAGER:REPORT.
func loadPairs(ctx context.Context, q querier) (map[string]pairRow, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT pr.id, m.email, r.email, pr.meets, pr.timezone, pr.skip, pr.preread_to, pr.active
		FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id`)
	if err != nil {
		return nil, fmt.Errorf("load pairs: %w", err)
	}
	defer rows.Close()
	out := map[string]pairRow{}
	for rows.Next() {
		var r pairRow
		if err := rows.Scan(&r.id, &r.manager, &r.report, &r.meets, &r.timezone, &r.skip, &r.prereadTo, &r.active); err != nil {
			return nil, fmt.Errorf("load pairs: %w", err)
		}
		out[r.key()] = r
	}
	return out, rows.Err()
}
