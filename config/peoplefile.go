package config

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/preread/preread"
	"gopkg.in/yaml.v3"
)

// The columns of people_file. A person's own columns are the fields of an
// item of people:, read by the same code; team, manager and meets put the
// person in a team and in a 1:1 with their manager, so a directory of
// 100,000 needs no 100,000 items of teams: members and pairs: either.
var (
	personColumns = map[string]bool{"email": true, "name": true, "timezone": true, "workdays": true,
		"prompt_at": true, "preread_at": true, "aliases": true, "away": true}
	listColumns = map[string]bool{"workdays": true, "aliases": true, "away": true, "team": true}
	linkColumns = map[string]bool{"team": true, "manager": true, "meets": true}
)

// fileRow is what a row of the people file says beyond the person: read
// once teams and pairs are.
type fileRow struct {
	person  string // the row's main address
	teams   []located
	manager located
	meets   located
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
		if row, ok := dd.fileRow(r, header, rec); ok {
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
	for c := range personColumns {
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

// fileRow reads one row: the person through person1, as a mapping built
// from the cells with each cell's line, and the team, manager and meets
// cells for later.
func (dd *directoryDecoder) fileRow(r *csv.Reader, header, rec []string) (fileRow, bool) {
	d := dd.d
	line, _ := r.FieldPos(0)
	if len(rec) != len(header) {
		d.problems = append(d.problems, Problem{Line: line, Field: "csv",
			Msg: fmt.Sprintf("%d cells, but the header names %d columns (%s)", len(rec), len(header), strings.Join(header, ","))})
		return fileRow{}, false
	}
	item := &yaml.Node{Kind: yaml.MappingNode, Line: line, Content: make([]*yaml.Node, 0, 2*len(rec))}
	var row fileRow
	for i, cell := range rec {
		cell = strings.TrimSpace(cell)
		if cell == "" {
			continue
		}
		col := header[i]
		at, _ := r.FieldPos(i)
		v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: cell, Line: at}
		if listColumns[col] {
			v = &yaml.Node{Kind: yaml.SequenceNode, Line: at}
			for _, s := range strings.Split(cell, ";") {
				v.Content = append(v.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: strings.TrimSpace(s), Line: at})
			}
		}
		switch col {
		case "team":
			row.teams = d.strs(v, col)
			for _, l := range row.teams {
				dd.inFile[l.val] = true
			}
		case "manager":
			row.manager = located{cell, v, col}
		case "meets":
			row.meets = located{cell, v, col}
		default:
			item.Content = append(item.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: col, Line: at}, v)
		}
	}
	before := len(dd.out.People)
	dd.person1(item, "")
	if len(dd.out.People) == before {
		return fileRow{}, false
	}
	row.person = dd.out.People[before].Email
	if row.meets.val != "" && row.manager.val == "" {
		d.add(row.meets.node, "meets", "a 1:1 needs the manager column: name %s's manager", row.person)
	}
	return row, len(row.teams) > 0 || row.manager.val != ""
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
		for _, l := range row.teams {
			i, ok := byName[l.val]
			switch {
			case !ok:
				d.add(l.node, "team", "team %q is not in teams: add it there, with its manager", l.val)
			case members[l.val+"\x00"+row.person]:
				d.add(l.node, "team", "%s is listed twice in team %q", row.person, l.val)
			default:
				members[l.val+"\x00"+row.person] = true
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
	for _, row := range rows {
		if row.manager.val == "" {
			continue
		}
		m, ok := dd.person(row.manager)
		if !ok {
			continue
		}
		p := preread.Pair{Manager: m.Email, Report: row.person, TimeZone: m.TimeZone,
			PrereadTo: preread.PrereadToManager, FollowupTo: preread.FollowupToManager,
			Duration: preread.DefaultDuration, Reviews: dd.reviews, Active: true}
		switch {
		case m.Email == row.person:
			d.add(row.manager.node, "manager", "%s can't be their own manager", m.Email)
			continue
		case keys[p.Key()]:
			d.add(row.manager.node, "manager", "pair %s is also in pairs: keep one", p.Key())
			continue
		case row.meets.val == "":
			d.add(row.manager.node, "meets", `missing: say when %s meets %s, like "weekly tue 10:00"`, row.person, m.Email)
			continue
		}
		rule, err := d.meetingRule(row.meets.val, p.TimeZone)
		if err != nil {
			d.add(row.meets.node, "meets", "%v", err)
			continue
		}
		p.Meets = rule
		keys[p.Key()] = true
		dd.out.Pairs = append(dd.out.Pairs, p)
	}
}

// setFile says that the problems found since mark are in the people file.
func setFile(d *decoder, mark int, path string) {
	for i := mark; i < len(d.problems); i++ {
		d.problems[i].File = path
	}
}
