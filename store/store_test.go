package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

func openTest(t *testing.T, path string) *DB {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "preread.db")
	}
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open(%s) = %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// schema lists the database's tables and indexes as SQL.
func schema(t *testing.T, db *DB) []string {
	t.Helper()
	s, err := strings1(context.Background(), db.sql, "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpenMigratesFromEmpty(t *testing.T) {
	db := openTest(t, "")
	ctx := context.Background()
	v, err := db.SchemaVersion(ctx)
	all, _ := migrations()
	if err != nil || v != len(all) {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, len(all))
	}
	for _, table := range []string{"people", "aliases", "away", "tokens", "teams", "pairs", "messages", "status_entries", "agenda_items", "notes", "outbox", "mailbox_state"} {
		var n int
		if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Errorf("table %s: %v", table, err)
		}
	}
	var mode string
	if err := db.sql.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
}

func TestSecondOpenIsNoop(t *testing.T) {
	path := filepath.Join(t.TempDir(), "preread.db")
	first := openTest(t, path)
	before := schema(t, first)
	if _, err := first.SyncDirectory(context.Background(), testDirectory(t)); err != nil {
		t.Fatal(err)
	}
	first.Close()
	second := openTest(t, path)
	if after := schema(t, second); !slices.Equal(before, after) {
		t.Errorf("schema changed on second open:\nbefore %v\nafter  %v", before, after)
	}
	dir, err := second.Directory(context.Background())
	if err != nil || len(dir.People) != 4 {
		t.Errorf("Directory() after reopen = %d people, %v; want 4", len(dir.People), err)
	}
}

// TestUpgradeFromFrozenFirstSchema builds a database with the first schema
// as it shipped, then opens it: every later migration must apply on top and
// end at the same schema as a fresh database.
func TestUpgradeFromFrozenFirstSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	frozen, err := os.ReadFile("testdata/schema-v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, string(frozen)+"; PRAGMA user_version = 1;"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	upgraded := openTest(t, path)
	fresh := openTest(t, "")
	if got, want := schema(t, upgraded), schema(t, fresh); !slices.Equal(got, want) {
		t.Errorf("upgraded schema differs from fresh:\n got %v\nwant %v", got, want)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	db := openTest(t, path)
	if _, err := db.sql.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := Open(context.Background(), path, Options{})
	if err == nil || !strings.Contains(err.Error(), "upgrade preread") {
		t.Errorf("Open(newer schema) = %v, want an error saying to upgrade", err)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustDate(t *testing.T, s string) preread.Date {
	t.Helper()
	d, err := preread.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// testDirectory is a manager, three reports, one team and three pairs.
func testDirectory(t *testing.T) preread.Directory {
	t.Helper()
	berlin, ny := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York")
	person := func(email, name string, loc *time.Location, aliases ...string) preread.Person {
		return preread.Person{Email: email, Name: name, TimeZone: loc, Workdays: preread.DefaultWorkdays,
			PromptAt: preread.Clock{Hour: 9}, PrereadAt: preread.Clock{Hour: 16}, Aliases: aliases, Active: true}
	}
	alice := person("alice@corp.example", "Alice Liddell", ny, "alice.liddell@gmail.com")
	alice.Away = []preread.DateRange{{From: mustDate(t, "2026-12-21"), To: mustDate(t, "2027-01-01")}}
	pair := func(report, meets string) preread.Pair {
		rule, err := preread.ParseMeetingRule(meets, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return preread.Pair{Manager: "carol@corp.example", Report: report, Meets: rule, TimeZone: berlin,
			PrereadTo: preread.PrereadToManager, Active: true}
	}
	carolAlice := pair("alice@corp.example", "weekly tue 10:00")
	carolAlice.Skip = []preread.Date{mustDate(t, "2026-12-29")}
	return preread.Directory{
		Holidays: []preread.Date{mustDate(t, "2026-12-24"), mustDate(t, "2026-12-25")},
		People: []preread.Person{
			person("carol@corp.example", "Carol Danvers", berlin),
			alice,
			person("bob@corp.example", "Bob Marley", berlin, "bob@home.example"),
			person("dan@corp.example", "Dan Brown", ny),
		},
		Teams: []preread.Team{{Name: "Platform", Manager: "carol@corp.example", TimeZone: berlin,
			DigestAt: preread.Clock{Hour: 11}, DigestTo: preread.DigestToTeam, Active: true,
			Members: []string{"alice@corp.example", "bob@corp.example", "dan@corp.example"}}},
		Pairs: []preread.Pair{carolAlice, pair("bob@corp.example", "every 2 weeks thu 14:30 from 2026-11-26"),
			pair("dan@corp.example", "monthly first mon 09:00")},
	}
}

// dump lists every row of every table, for comparing whole databases.
func dump(t *testing.T, db *DB) []string {
	t.Helper()
	ctx := context.Background()
	tables, err := strings1(ctx, db.sql, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, table := range tables {
		rows, err := db.sql.QueryContext(ctx, "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s %v", table, vals))
		}
		rows.Close()
	}
	slices.Sort(out)
	return out
}

func TestSyncTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, "")
	dir := testDirectory(t)
	rep, err := db.SyncDirectory(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Changes) == 0 {
		t.Fatal("first sync reported no changes")
	}
	before := dump(t, db)
	rep, err = db.SyncDirectory(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Changes) != 0 {
		t.Errorf("second sync changed %v, want nothing", rep.Changes)
	}
	if after := dump(t, db); !slices.Equal(before, after) {
		t.Errorf("second sync changed rows:\nbefore %v\nafter  %v", before, after)
	}
	got, err := db.Directory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.People) != 4 || len(got.Teams) != 1 || len(got.Pairs) != 3 || len(got.Holidays) != 2 {
		t.Fatalf("Directory() = %d people, %d teams, %d pairs, %d holidays; want 4, 1, 3, 2",
			len(got.People), len(got.Teams), len(got.Pairs), len(got.Holidays))
	}
	alice, ok := got.Person("ALICE.liddell@gmail.com")
	if !ok || alice.TimeZone.String() != "America/New_York" || len(alice.Away) != 1 || alice.Away[0].To.String() != "2027-01-01" {
		t.Errorf("Person(alias) = %+v, %v; want Alice in New York, away until 2027-01-01", alice, ok)
	}
	for _, p := range got.Pairs {
		if p.Report == "alice@corp.example" && (len(p.Skip) != 1 || p.Meets.String() != "weekly tue 10:00") {
			t.Errorf("pair %s = skip %v, meets %q", p.Key(), p.Skip, p.Meets)
		}
	}
}

// openSynced opens a fresh database holding testDirectory.
func openSynced(t *testing.T) (*DB, preread.Directory) {
	t.Helper()
	db := openTest(t, "")
	dir := testDirectory(t)
	if _, err := db.SyncDirectory(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	return db, dir
}

// withoutPerson is dir with one person removed: from the people, the
// team's members and the pairs they report in.
func withoutPerson(dir preread.Directory, email string) preread.Directory {
	out := dir
	out.People = slices.DeleteFunc(slices.Clone(dir.People), func(p preread.Person) bool { return p.Email == email })
	out.Teams = slices.Clone(dir.Teams)
	for i := range out.Teams {
		out.Teams[i].Members = slices.DeleteFunc(slices.Clone(dir.Teams[i].Members), func(m string) bool { return m == email })
	}
	out.Pairs = slices.DeleteFunc(slices.Clone(dir.Pairs), func(p preread.Pair) bool { return p.Report == email })
	return out
}

// fileStatus writes a status entry as mailin will, for history tests.
func fileStatus(t *testing.T, db *DB, email, day, text string) {
	t.Helper()
	ctx := context.Background()
	key := "<" + email + day + "@test>"
	if _, err := db.sql.ExecContext(ctx, `INSERT INTO messages (message_key, outcome, processed_at) VALUES (?, 'filed', ?)`, key, formatTime(time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `INSERT INTO status_entries (person_id, workday, text, message_key, created_at)
		SELECT id, ?, ?, ?, ? FROM people WHERE email = ?`, day, text, key, formatTime(time.Now()), email); err != nil {
		t.Fatal(err)
	}
}

func TestRemovedPersonIsDeactivatedWithHistory(t *testing.T) {
	ctx := context.Background()
	db, dir := openSynced(t)
	fileStatus(t, db, "bob@corp.example", "2026-11-24", "shipped the thing")
	token, err := db.Token(ctx, "bob@corp.example")
	if err != nil {
		t.Fatal(err)
	}
	bob, _ := dir.Person("bob@corp.example")

	rep, err := db.SyncDirectory(ctx, withoutPerson(dir, "bob@corp.example"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"deactivated person bob@corp.example", "deactivated pair carol@corp.example:bob@corp.example", "updated team Platform"} {
		if !slices.Contains(rep.Changes, want) {
			t.Errorf("SyncDirectory(without bob) changes = %v, want %q", rep.Changes, want)
		}
	}
	if _, err := db.PersonByAddress(ctx, "bob@home.example"); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("PersonByAddress(bob's alias) = %v, want ErrNotFound", err)
	}
	var active, entries int
	if err := db.sql.QueryRowContext(ctx, `SELECT p.active, (SELECT count(*) FROM status_entries s WHERE s.person_id = p.id)
		FROM people p WHERE email = 'bob@corp.example'`).Scan(&active, &entries); err != nil {
		t.Fatal(err)
	}
	if active != 0 || entries != 1 {
		t.Errorf("bob after removal: active=%d entries=%d, want 0 and 1", active, entries)
	}

	// Bob comes back: same row, same history, same token, alias restored.
	rep, err = db.SyncDirectory(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rep.Changes, "reactivated person bob@corp.example") {
		t.Errorf("changes = %v, want bob reactivated", rep.Changes)
	}
	back, err := db.PersonByAddress(ctx, "bob@home.example")
	if err != nil || back.Email != bob.Email {
		t.Fatalf("PersonByAddress(bob's alias) = %+v, %v", back, err)
	}
	if again, _ := db.Token(ctx, "bob@corp.example"); again != token {
		t.Errorf("token after coming back = %q, want the old %q", again, token)
	}
}

func TestSyncMovesAliasBetweenPeople(t *testing.T) {
	ctx := context.Background()
	db, dir := openSynced(t)
	dir.People[2].Aliases = nil                          // bob gives up bob@home.example
	dir.People[3].Aliases = []string{"bob@home.example"} // dan takes it
	if _, err := db.SyncDirectory(ctx, dir); err != nil {
		t.Fatalf("SyncDirectory(moved alias) = %v", err)
	}
	p, err := db.PersonByAddress(ctx, "bob@home.example")
	if err != nil || p.Email != "dan@corp.example" {
		t.Errorf("PersonByAddress(moved alias) = %s, %v; want dan", p.Email, err)
	}
}

func TestTokensAreRandomAndPerPerson(t *testing.T) {
	ctx := context.Background()
	db, _ := openSynced(t)
	seen := map[string]bool{}
	for _, email := range []string{"alice@corp.example", "bob@corp.example", "carol@corp.example", "dan@corp.example"} {
		tok, err := db.Token(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		if len(tok) != 16 || strings.ToLower(tok) != tok || seen[tok] {
			t.Errorf("Token(%s) = %q: want 16 lower-case characters, unique", email, tok)
		}
		seen[tok] = true
	}
	if _, err := db.Token(ctx, "nobody@corp.example"); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("Token(unknown) = %v, want ErrNotFound", err)
	}
}

// TestOutboxOnlyTakesDirectoryPeople tries to queue mail to outsiders: an
// unknown address, an alias's look-alike, and someone removed from the
// directory. The outbox refuses each, so nothing can be sent to them.
func TestOutboxOnlyTakesDirectoryPeople(t *testing.T) {
	ctx := context.Background()
	db, dir := openSynced(t)
	if _, err := db.SyncDirectory(ctx, withoutPerson(dir, "dan@corp.example")); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"mallory@evil.example", "alice@corp.example.evil.example", "dan@corp.example", ""} {
		r := preread.Rendered{MessageID: "<x-" + to + "@t>", Raw: []byte("x"), Email: preread.Email{Kind: preread.KindHelp, To: to, Period: "p"}}
		if err := db.Enqueue(ctx, r); !errors.Is(err, preread.ErrNotFound) {
			t.Errorf("Enqueue(to %q) = %v, want refused as not in the directory", to, err)
		}
	}
	if out, _ := db.Outbox(ctx); len(out) != 0 {
		t.Errorf("outbox holds %v, want nothing", out)
	}
	// An alias is an address of the person, but mail goes to their main address.
	r := preread.Rendered{MessageID: "<alias@t>", Raw: []byte("x"), Email: preread.Email{Kind: preread.KindHelp, To: "alice.liddell@gmail.com", Period: "p"}}
	if err := db.Enqueue(ctx, r); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("Enqueue(to an alias) = %v, want refused: only main addresses receive mail", err)
	}
}
