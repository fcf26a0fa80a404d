// Package storetest gives tests a real SQLite database in a temporary folder
// and the sample directory most tests share: Carol manages Alice (New York),
// Bob and Dan in one team, with three pairs. It imports testing, so only
// tests import it.
package storetest

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
)

// Open opens a new database in the test's temporary folder, closed when
// the test ends.
func Open(t testing.TB, opts store.Options) *store.DB {
	t.Helper()
	return OpenAt(t, filepath.Join(t.TempDir(), "preread.db"), opts)
}

// OpenAt opens the database at path, closed when the test ends.
func OpenAt(t testing.TB, path string, opts store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("store.Open(%s) = %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Synced opens a new database holding dir.
func Synced(t testing.TB, dir preread.Directory, opts store.Options) *store.DB {
	t.Helper()
	db := Open(t, opts)
	if _, err := db.SyncDirectory(context.Background(), dir); err != nil {
		t.Fatalf("SyncDirectory = %v", err)
	}
	return db
}

// Directory is the sample directory: Carol Danvers (Berlin) manages Alice
// Liddell (New York, alias alice.liddell@gmail.com, away over new year),
// Bob Marley (Berlin, alias bob@home.example) and Dan Brown (New York), in
// the team Platform; Carol meets Alice weekly on Tuesday at 10:00 (not on
// 29 Dec), Bob every other Thursday, Dan on the first Monday of the month.
// 24 and 25 Dec are holidays.
func Directory(t testing.TB) preread.Directory {
	t.Helper()
	berlin, ny := mailtest.Zone("Europe/Berlin"), mailtest.Zone("America/New_York")
	person := func(email, name string, loc *time.Location, aliases ...string) preread.Person {
		return preread.Person{Email: email, Name: name, TimeZone: loc, Workdays: preread.DefaultWorkdays,
			PromptAt: preread.Clock{Hour: 9}, PrereadAt: preread.Clock{Hour: 16}, Aliases: aliases, Active: true}
	}
	alice := person("alice@corp.example", "Alice Liddell", ny, "alice.liddell@gmail.com")
	alice.Away = []preread.DateRange{{From: Date(t, "2026-12-21"), To: Date(t, "2027-01-01")}}
	pair := func(report, meets string) preread.Pair {
		rule, err := preread.ParseMeetingRule(meets, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return preread.Pair{Manager: "carol@corp.example", Report: report, Meets: rule, TimeZone: berlin,
			PrereadTo: preread.PrereadToManager, Active: true}
	}
	carolAlice := pair("alice@corp.example", "weekly tue 10:00")
	carolAlice.Skip = []preread.Date{Date(t, "2026-12-29")}
	return preread.Directory{
		Holidays: []preread.Date{Date(t, "2026-12-24"), Date(t, "2026-12-25")},
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

// WithoutPerson is dir with one person removed: from the people, the
// team's members and the pairs they report in.
func WithoutPerson(dir preread.Directory, email string) preread.Directory {
	out := dir
	out.People = slices.DeleteFunc(slices.Clone(dir.People), func(p preread.Person) bool { return p.Email == email })
	out.Teams = slices.Clone(dir.Teams)
	for i := range out.Teams {
		out.Teams[i].Members = slices.DeleteFunc(slices.Clone(dir.Teams[i].Members), func(m string) bool { return m == email })
	}
	out.Pairs = slices.DeleteFunc(slices.Clone(dir.Pairs), func(p preread.Pair) bool { return p.Report == email })
	return out
}

// Date parses YYYY-MM-DD or fails the test.
func Date(t testing.TB, s string) preread.Date {
	t.Helper()
	d, err := preread.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Token reads a person's current reply token from the database at path,
// which a command under test created, and closes it again.
func Token(t testing.TB, path, email string) string {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatalf("store.Open(%s) = %v", path, err)
	}
	defer db.Close()
	token, err := db.Token(context.Background(), email)
	if err != nil {
		t.Fatalf("token of %s: %v", email, err)
	}
	return token
}
