package store

import (
	"slices"
	"strings"

	"github.com/preread/preread"
)

// The directory as stored: one comparable row per person, team and pair, so
// a sync can tell exactly what changed.

type personRow struct {
	id        int64
	email     string
	name      string
	timezone  string
	workdays  string
	promptAt  string
	prereadAt string
	active    bool
	aliases   string // sorted, comma-separated
	away      string // sorted "from..to", comma-separated
}

type teamRow struct {
	id        int64
	name      string
	manager   string
	timezone  string
	digestAt  string
	digestTo  string
	workdays  string
	members   string // sorted, comma-separated addresses
	digestFor string // sorted, comma-separated addresses (digest_to list)
	active    bool
}

type pairRow struct {
	id        int64
	manager   string
	report    string
	meets     string
	timezone  string
	skip      string
	prereadTo string
	active    bool
}

func (r pairRow) key() string { return r.manager + ":" + r.report }

// joinSorted is the stored form of a set of strings.
func joinSorted(items []string) string {
	s := slices.Clone(items)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), ",")
}

// splitList undoes joinSorted.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func datesText(dates []preread.Date) string {
	s := make([]string, len(dates))
	for i, d := range dates {
		s[i] = d.String()
	}
	return joinSorted(s)
}

func rangesText(ranges []preread.DateRange) string {
	s := make([]string, len(ranges))
	for i, r := range ranges {
		s[i] = r.From.String() + ".." + r.To.String()
	}
	return joinSorted(s)
}

func personRowOf(p preread.Person) personRow {
	return personRow{
		email:     preread.CanonicalAddress(p.Email),
		name:      p.Name,
		timezone:  p.TimeZone.String(),
		workdays:  p.Workdays.String(),
		promptAt:  p.PromptAt.String(),
		prereadAt: p.PrereadAt.String(),
		active:    true,
		aliases:   joinSorted(p.Aliases),
		away:      rangesText(p.Away),
	}
}

func teamRowOf(t preread.Team) teamRow {
	r := teamRow{
		name:     t.Name,
		manager:  t.Manager,
		timezone: t.TimeZone.String(),
		digestAt: t.DigestAt.String(),
		digestTo: string(t.DigestTo),
		workdays: t.Workdays.String(),
		members:  joinSorted(t.Members),
		active:   true,
	}
	if t.DigestTo == preread.DigestToList {
		r.digestFor = joinSorted(t.DigestList)
	}
	return r
}

func pairRowOf(p preread.Pair) pairRow {
	return pairRow{
		manager:   p.Manager,
		report:    p.Report,
		meets:     p.Meets.String(),
		timezone:  p.TimeZone.String(),
		skip:      datesText(p.Skip),
		prereadTo: string(p.PrereadTo),
		active:    true,
	}
}
