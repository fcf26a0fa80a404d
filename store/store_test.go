package store_test

import (
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
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// schema lists the database's tables and indexes as SQL.
// schema lists the tables and indexes, without sqlite_stat1 and the
// like: the query planner's statistics, which Open keeps fresh.
func schema(t *testing.T, db *store.DB) []string {
	t.Helper()
	s, err := store.Strings1(t.Context(), store.SQL(db), "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master "+
		"WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpenMigratesFromEmpty(t *testing.T) {
	db := storetest.Open(t, store.Options{})
	ctx := t.Context()
	v, err := db.SchemaVersion(ctx)
	all, _ := store.Migrations()
	if err != nil || v != len(all) {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, len(all))
	}
	for _, table := range []string{"people", "aliases", "away", "tokens", "teams", "pairs", "messages", "status_entries", "agenda_items", "notes", "outbox", "mailbox_state"} {
		var n int
		if err := store.SQL(db).QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Errorf("table %s: %v", table, err)
		}
	}
	var mode string
	if err := store.SQL(db).QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := store.SQL(db).QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
}

func TestSecondOpenIsNoop(t *testing.T) {
	path := filepath.Join(t.TempDir(), "preread.db")
	first := storetest.OpenAt(t, path, store.Options{})
	before := schema(t, first)
	if _, err := first.SyncDirectory(t.Context(), storetest.Directory(t)); err != nil {
		t.Fatal(err)
	}
	first.Close()
	second := storetest.OpenAt(t, path, store.Options{})
	if after := schema(t, second); !slices.Equal(before, after) {
		t.Errorf("schema changed on second open:\nbefore %v\nafter  %v", before, after)
	}
	dir, err := second.Directory(t.Context())
	if err != nil || len(dir.People) != 4 {
		t.Errorf("Directory() after reopen = %d people, %v; want 4", len(dir.People), err)
	}
}

// TestUpgradeFromFrozenFirstSchema builds a database with the first schema
// as it shipped, then opens it: every later migration must apply on top and
// end at the same schema as a fresh database.
func TestUpgradeFromFrozenFirstSchema(t *testing.T) {
	upgraded := openFrozen(t, "")
	fresh := storetest.Open(t, store.Options{})
	if got, want := schema(t, upgraded), schema(t, fresh); !slices.Equal(got, want) {
		t.Errorf("upgraded schema differs from fresh:\n got %v\nwant %v", got, want)
	}
}

// openFrozen writes a database with the first schema as it shipped and the
// rows of rowsSQL, then opens it, which runs every later migration.
func openFrozen(t *testing.T, rowsSQL string) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	frozen, err := os.ReadFile("testdata/schema-v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(t.Context(), string(frozen)+"; PRAGMA user_version = 1;"+rowsSQL); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	return storetest.OpenAt(t, path, store.Options{})
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	db := storetest.OpenAt(t, path, store.Options{})
	if _, err := store.SQL(db).Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := store.Open(t.Context(), path, store.Options{})
	if err == nil || !strings.Contains(err.Error(), "upgrade preread") {
		t.Errorf("store.Open(newer schema) = %v, want an error saying to upgrade", err)
	}
}

// dump lists every row of every table, for comparing whole databases.
func dump(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := t.Context()
	tables, err := store.Strings1(ctx, store.SQL(db), "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, table := range tables {
		rows, err := store.SQL(db).QueryContext(ctx, "SELECT * FROM "+table)
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
	ctx := t.Context()
	db := storetest.Open(t, store.Options{})
	dir := storetest.Directory(t)
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

// openSynced opens a fresh database holding the sample directory.
func openSynced(t *testing.T) (*store.DB, preread.Directory) {
	t.Helper()
	dir := storetest.Directory(t)
	return storetest.Synced(t, dir, store.Options{}), dir
}

// fileStatus writes a status entry as mailin will, for history tests.
func fileStatus(t *testing.T, db *store.DB, email, day, text string) {
	t.Helper()
	ctx := t.Context()
	key := "<" + email + day + "@test>"
	if _, err := store.SQL(db).ExecContext(ctx, `INSERT INTO messages (message_key, outcome, processed_at) VALUES (?, 'filed', ?)`, key, store.FormatTime(time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SQL(db).ExecContext(ctx, `INSERT INTO status_entries (person_id, workday, text, message_key, created_at)
		SELECT id, ?, ?, ?, ? FROM people WHERE email = ?`, day, text, key, store.FormatTime(time.Now()), email); err != nil {
		t.Fatal(err)
	}
}

func TestRemovedPersonIsDeactivatedWithHistory(t *testing.T) {
	ctx := t.Context()
	db, dir := openSynced(t)
	fileStatus(t, db, "bob@corp.example", "2026-11-24", "shipped the thing")
	token, err := db.Token(ctx, "bob@corp.example")
	if err != nil {
		t.Fatal(err)
	}
	bob, _ := dir.Person("bob@corp.example")

	rep, err := db.SyncDirectory(ctx, storetest.WithoutPerson(dir, "bob@corp.example"))
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
	if err := store.SQL(db).QueryRowContext(ctx, `SELECT p.active, (SELECT count(*) FROM status_entries s WHERE s.person_id = p.id)
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
	ctx := t.Context()
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
	ctx := t.Context()
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
	ctx := t.Context()
	db, dir := openSynced(t)
	if _, err := db.SyncDirectory(ctx, storetest.WithoutPerson(dir, "dan@corp.example")); err != nil {
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
