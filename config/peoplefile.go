package config

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/preread/preread"
	"gopkg.in/yaml.v3"
)

// The columns of people_file besides a person's own (personFields, read
// by the same code as an item of people:): team, manager and meets put
// the person in a team and in a 1:1 with their manager, so a directory of
// 100,000 needs no 100,000 items of teams: members and pairs: either.
var (
	linkColumns = map[string]bool{"team": true, "manager": true, "meets": true}
	listColumns = map[string]bool{"workdays": true, "aliases": true, "away": true}
)

// fileRow is what a row of the people file says beyond the person: read
// once teams and pairs are.
type fileRow struct {
	person  string // the row's main address
	teams   []string
	manager string
	meets   string
	line    int // of the team, manager and meets cells
}

// peopleFile reads people_file (n names it) into the directory: a CSV
// with a header row, read a row at a time, each row checked as an item of
// people: is. Problems name the CSV and its line. It returns the file's
// path and the rows that name a team or a manager, for teams and pairs.
func (dd *directoryDecoder) peopleFile(n *yaml.Node, configPath string) (string, []fileRow) {
	d := dd.d
	name := d.str(n, "people_file")
	if name == "" {
		d.add(n, "people_file", "empty: name a CSV file, like people.csv")
		return "", nil
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(configPath), name)
	}
	f, err := os.Open(path)
	if err != nil {
		d.add(n, "people_file", "can't read %s: %v", path, errors.Unwrap(err))
		return "", nil
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileSize {
		d.add(n, "people_file", "%s is %d MB, over the limit of %d MB", path, (st.Size()+1<<20-1)>>20, MaxFileSize>>20)
		return "", nil
	}
	mark := len(d.problems)
	rows, err := dd.fileRows(csv.NewReader(bufio.NewReaderSize(f, 64<<10)))
	setFile(d, mark, path)
	if err != nil {
		d.add(n, "people_file", "read %s: %v", path, err)
	}
	return path, rows
}

// fileRows reads the header and then each row; only an I/O error is
// returned, the rest are problems.
func (dd *directoryDecoder) fileRows(r *csv.Reader) ([]fileRow, error) {
	d := dd.d
	r.FieldsPerRecord = -1 // checked here, with the header's names
	r.ReuseRecord = true
	header, ok := dd.fileHeader(r)
	if !ok {
		return nil, nil
	}
	var rows []fileRow
	var sc scratch
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			// After a broken quote the rest can't be told apart: stop here.
			d.problems = append(d.problems, Problem{Line: perr.Line, Field: "csv", Msg: perr.Err.Error()})
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		if row, ok := dd.fileRow(r, header, rec, &sc); ok {
			rows = append(rows, row)
		}
	}
}

// fileHeader reads and checks the header row: known column names, each
// once, email among them.
func (dd *directoryDecoder) fileHeader(r *csv.Reader) ([]string, bool) {
	d := dd.d
	rec, err := r.Read()
	var perr *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		d.problems = append(d.problems, Problem{Line: 1, Field: "csv",
			Msg: "the file is empty: its first line names the columns, like email,name,team,manager,meets"})
		return nil, false
	case errors.As(err, &perr):
		d.problems = append(d.problems, Problem{Line: perr.Line, Field: "csv", Msg: perr.Err.Error()})
		return nil, false
	case err != nil:
		d.problems = append(d.problems, Problem{Line: 1, Field: "csv", Msg: err.Error()})
		return nil, false
	}
	line, _ := r.FieldPos(0)
	known := map[string]func(*yaml.Node, string){}
	for c := range personFields {
		known[c] = nil
	}
	for c := range linkColumns {
		known[c] = nil
	}
	header := make([]string, len(rec))
	seen := map[string]bool{}
	ok := true
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))) // Excel's byte order mark
		header[i] = h
		_, isKnown := known[h]
		switch {
		case seen[h]:
			d.problems = append(d.problems, Problem{Line: line, Field: h, Msg: "column given twice"})
			ok = false
		case !isKnown:
			d.problems = append(d.problems, Problem{Line: line, Field: h, Msg: "unknown column" + hint(h, known)})
			ok = false
		}
		seen[h] = true
	}
	if !seen["email"] {
		d.problems = append(d.problems, Problem{Line: line, Field: "email", Msg: "missing: the header row must name an email column"})
		ok = false
	}
	return header, ok
}

// scratch holds the nodes a row is made into, used again for the next
// row: person1 keeps none of them.
type scratch struct {
	nodes []yaml.Node
	used  int
}

func (sc *scratch) node(kind yaml.Kind, value string, line int) *yaml.Node {
	if sc.used == len(sc.nodes) {
		sc.nodes = make([]yaml.Node, max(64, 2*len(sc.nodes)))
		sc.used = 0
	}
	n := &sc.nodes[sc.used]
	sc.used++
	*n = yaml.Node{Kind: kind, Tag: "!!str", Value: value, Line: line}
	return n
}

// fileRow reads one row: the person through person1, as a mapping made
// of the cells with each cell's line, and the team, manager and meets
// cells for later.
func (dd *directoryDecoder) fileRow(r *csv.Reader, header, rec []string, sc *scratch) (fileRow, bool) {
	d := dd.d
	line, _ := r.FieldPos(0)
	if len(rec) != len(header) {
		d.problems = append(d.problems, Problem{Line: line, Field: "csv",
			Msg: fmt.Sprintf("%d cells, but the header names %d columns (%s)", len(rec), len(header), strings.Join(header, ","))})
		return fileRow{}, false
	}
	sc.used = 0
	item := sc.node(yaml.MappingNode, "", line)
	var row fileRow
	for i, cell := range rec {
		cell = strings.TrimSpace(cell)
		if cell == "" {
			continue
		}
		col := header[i]
		at, _ := r.FieldPos(i)
		switch col {
		case "team":
			for _, s := range strings.Split(cell, ";") {
				if s = strings.TrimSpace(s); s != "" {
					row.teams = append(row.teams, s)
					dd.inFile[s] = true
				}
			}
			row.line = at
			continue
		case "manager":
			row.manager, row.line = cell, at
			continue
		case "meets":
			row.meets, row.line = cell, at
			continue
		}
		v := sc.node(yaml.ScalarNode, cell, at)
		if listColumns[col] {
			v.Kind, v.Tag, v.Value = yaml.SequenceNode, "", ""
			for _, s := range strings.Split(cell, ";") {
				v.Content = append(v.Content, sc.node(yaml.ScalarNode, strings.TrimSpace(s), at))
			}
		}
		item.Content = append(item.Content, sc.node(yaml.ScalarNode, col, at), v)
	}
	before := len(dd.out.People)
	dd.person1(item, "")
	if len(dd.out.People) == before {
		return fileRow{}, false
	}
	row.person = dd.out.People[before].Email
	if row.meets != "" && row.manager == "" {
		d.problems = append(d.problems, Problem{Line: row.line, Field: "meets",
			Msg: fmt.Sprintf("a 1:1 needs the manager column: name %s's manager", row.person)})
	}
	return row, len(row.teams) > 0 || row.manager != ""
}

// fileTeams adds the people of the file's rows to the teams they name,
// which teams: must list (with their manager and settings).
func (dd *directoryDecoder) fileTeams(rows []fileRow, path string) {
	d := dd.d
	mark := len(d.problems)
	defer setFile(d, mark, path)
	byName := make(map[string]int, len(dd.out.Teams))
	for i, t := range dd.out.Teams {
		byName[t.Name] = i
	}
	members := map[string]bool{} // team name + "\x00" + address
	for _, t := range dd.out.Teams {
		for _, m := range t.Members {
			members[t.Name+"\x00"+m] = true
		}
	}
	for _, row := range rows {
		at := &yaml.Node{Line: row.line}
		for _, name := range row.teams {
			i, ok := byName[name]
			switch {
			case !ok:
				d.add(at, "team", "team %q is not in teams: add it there, with its manager", name)
			case members[name+"\x00"+row.person]:
				d.add(at, "team", "%s is listed twice in team %q", row.person, name)
			default:
				members[name+"\x00"+row.person] = true
				dd.out.Teams[i].Members = append(dd.out.Teams[i].Members, row.person)
			}
		}
	}
}

// filePairs adds a 1:1 for each row that names a manager, with the
// defaults pairs: gives; a pair that needs more (skip, duration, reviews)
// goes in pairs: instead.
func (dd *directoryDecoder) filePairs(rows []fileRow, path string) {
	d := dd.d
	mark := len(d.problems)
	defer setFile(d, mark, path)
	keys := make(map[string]bool, len(dd.out.Pairs))
	for _, p := range dd.out.Pairs {
		keys[p.Key()] = true
	}
	dd.out.Pairs = slices.Grow(dd.out.Pairs, len(rows))
	at := &yaml.Node{}
	for _, row := range rows {
		if row.manager == "" {
			continue
		}
		at.Line = row.line
		m, ok := dd.person(located{row.manager, at, "manager"})
		if !ok {
			continue
		}
		p := preread.Pair{Manager: m.Email, Report: row.person, TimeZone: m.TimeZone,
			PrereadTo: preread.PrereadToManager, FollowupTo: preread.FollowupToManager,
			Duration: preread.DefaultDuration, Reviews: dd.reviews, Active: true}
		key := p.Key()
		switch {
		case m.Email == row.person:
			d.add(at, "manager", "%s can't be their own manager", m.Email)
			continue
		case keys[key]:
			d.add(at, "manager", "pair %s is also in pairs: keep one", key)
			continue
		}
		// No rule, or calendar, waits for a calendar invitation.
		if meets := strings.TrimSpace(row.meets); meets != "" && !strings.EqualFold(meets, "calendar") {
			rule, err := d.meetingRule(meets, p.TimeZone)
			if err != nil {
				d.add(at, "meets", "%v", err)
				continue
			}
			p.Meets = rule
		}
		if dd.meetsAt != nil {
			dd.meetsAt[key] = Place{File: path, Line: row.line, Field: "meets"}
		}
		keys[key] = true
		dd.out.Pairs = append(dd.out.Pairs, p)
	}
}

// setFile says that the problems found since mark are in the people file.
func setFile(d *decoder, mark int, path string) {
	for i := mark; i < len(d.problems); i++ {
		d.problems[i].File = path
	}
}
