package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/preread/preread"
)

// Directory reads the active directory back from the store.
func (db *DB) Directory(ctx context.Context) (preread.Directory, error) {
	var dir preread.Directory
	holidays, err := strings1(ctx, db.sql, "SELECT date FROM holidays ORDER BY date")
	if err != nil {
		return dir, fmt.Errorf("load holidays: %w", err)
	}
	if dir.Holidays, err = parseDates(holidays); err != nil {
		return dir, fmt.Errorf("load holidays: %w", err)
	}
	people, err := loadPeople(ctx, db.sql, "p.active = 1")
	if err != nil {
		return dir, err
	}
	for _, email := range sortedKeys(people) {
		if r := people[email]; r.active {
			p, err := r.person()
			if err != nil {
				return dir, fmt.Errorf("load person %s: %w", email, err)
			}
			dir.People = append(dir.People, p)
		}
	}
	teams, err := loadTeams(ctx, db.sql)
	if err != nil {
		return dir, err
	}
	for _, name := range sortedKeys(teams) {
		if r := teams[name]; r.active {
			t, err := r.team()
			if err != nil {
				return dir, fmt.Errorf("load team %s: %w", name, err)
			}
			dir.Teams = append(dir.Teams, t)
		}
	}
	pairs, err := loadPairs(ctx, db.sql)
	if err != nil {
		return dir, err
	}
	for _, key := range sortedKeys(pairs) {
		if r := pairs[key]; r.active {
			p, err := r.pair()
			if err != nil {
				return dir, fmt.Errorf("load pair %s: %w", key, err)
			}
			dir.Pairs = append(dir.Pairs, p)
		}
	}
	return dir, nil
}

func (r personRow) person() (preread.Person, error) {
	p := preread.Person{ID: r.id, Email: r.email, Name: r.name, Aliases: splitList(r.aliases), Active: r.active}
	var err error
	if p.TimeZone, err = time.LoadLocation(r.timezone); err != nil {
		return p, err
	}
	if p.Workdays, err = preread.ParseWeekdays(splitList(r.workdays)); err != nil {
		return p, err
	}
	if p.PromptAt, err = preread.ParseClock(r.promptAt); err != nil {
		return p, err
	}
	if p.PrereadAt, err = preread.ParseClock(r.prereadAt); err != nil {
		return p, err
	}
	for _, s := range splitList(r.away) {
		rng, err := preread.ParseDateRange(s)
		if err != nil {
			return p, err
		}
		p.Away = append(p.Away, rng)
	}
	return p, nil
}

func (r teamRow) team() (preread.Team, error) {
	t := preread.Team{ID: r.id, Name: r.name, Manager: r.manager, Members: splitList(r.members),
		DigestTo: preread.DigestTo(r.digestTo), DigestList: splitList(r.digestFor), Active: r.active}
	var err error
	if t.TimeZone, err = time.LoadLocation(r.timezone); err != nil {
		return t, err
	}
	if t.Workdays, err = preread.ParseWeekdays(splitList(r.workdays)); err != nil {
		return t, err
	}
	t.DigestAt, err = preread.ParseClock(r.digestAt)
	return t, err
}

func (r pairRow) pair() (preread.Pair, error) {
	p := preread.Pair{ID: r.id, Manager: r.manager, Report: r.report, PrereadTo: preread.PrereadTo(r.prereadTo), Active: r.active}
	var err error
	if p.TimeZone, err = time.LoadLocation(r.timezone); err != nil {
		return p, err
	}
	if r.meets != "" { // none: the pair meets as its calendar says
		if p.Meets, err = preread.ParseMeetingRule(r.meets, p.TimeZone); err != nil {
			return p, err
		}
	}
	p.Skip, err = parseDates(splitList(r.skip))
	return p, err
}

func parseDates(list []string) ([]preread.Date, error) {
	var out []preread.Date
	for _, s := range list {
		d, err := preread.ParseDate(strings.TrimSpace(s))
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// PersonByAddress finds the active person who owns an address or alias.
func (db *DB) PersonByAddress(ctx context.Context, addr string) (preread.Person, error) {
	addr = preread.CanonicalAddress(addr)
	people, err := loadPeople(ctx, db.sql, `p.active = 1 AND (p.email = ? OR
		p.id IN (SELECT person_id FROM aliases WHERE address = ?))`, addr, addr)
	if err != nil {
		return preread.Person{}, err
	}
	for _, r := range people {
		return r.person()
	}
	return preread.Person{}, fmt.Errorf("person %s: %w", addr, preread.ErrNotFound)
}

// Added says when each active person was added to a directory that was
// already there: everyone but those of the first sync, by address. Someone
// added starts with the first prompt after it, and with the digest after.
func (db *DB) Added(ctx context.Context) (map[string]time.Time, error) {
	return addressTimes(db.sql.QueryContext(ctx, `
		SELECT email, created_at FROM people
		WHERE active = 1 AND created_at > (SELECT min(created_at) FROM people)`))
}
