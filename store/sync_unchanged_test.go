package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// A sync with nothing changed takes a quick path (it compares without
// writing): each kind of change, however small, must still be seen and
// applied, and a directory that lost someone is unchanged the next time.
func TestSyncSeesEverySmallChange(t *testing.T) {
	ctx := t.Context()
	tokyo := mailtest.Zone("Asia/Tokyo")
	person := func(d *preread.Directory, email string) *preread.Person {
		i := slices.IndexFunc(d.People, func(p preread.Person) bool { return p.Email == email })
		return &d.People[i]
	}
	cases := []struct {
		name   string
		change func(d *preread.Directory)
	}{
		{"a holiday", func(d *preread.Directory) { d.Holidays = append(d.Holidays, storetest.Date(t, "2026-12-31")) }},
		{"a name", func(d *preread.Directory) { person(d, "bob@corp.example").Name = "Robert Marley" }},
		{"a time zone", func(d *preread.Directory) { person(d, "dan@corp.example").TimeZone = tokyo }},
		{"a prompt time", func(d *preread.Directory) { person(d, "dan@corp.example").PromptAt = preread.Clock{Hour: 8} }},
		{"an alias added", func(d *preread.Directory) {
			person(d, "dan@corp.example").Aliases = []string{"dan@home.example"}
		}},
		{"an alias gone", func(d *preread.Directory) { person(d, "bob@corp.example").Aliases = nil }},
		{"away", func(d *preread.Directory) {
			person(d, "bob@corp.example").Away = []preread.DateRange{{From: storetest.Date(t, "2027-02-01"), To: storetest.Date(t, "2027-02-05")}}
		}},
		{"someone new", func(d *preread.Directory) {
			p := *person(d, "dan@corp.example")
			p.Email, p.Name, p.Aliases = "erin@corp.example", "Erin", nil
			d.People = append(d.People, p)
		}},
		{"someone gone", func(d *preread.Directory) { *d = storetest.WithoutPerson(*d, "dan@corp.example") }},
		{"someone away gone", func(d *preread.Directory) { *d = storetest.WithoutPerson(*d, "alice@corp.example") }},
		{"a member gone", func(d *preread.Directory) { d.Teams[0].Members = d.Teams[0].Members[:2] }},
		{"a digest time", func(d *preread.Directory) { d.Teams[0].DigestAt = preread.Clock{Hour: 17} }},
		{"a skipped 1:1", func(d *preread.Directory) { d.Pairs[1].Skip = []preread.Date{storetest.Date(t, "2027-01-07")} }},
		{"a meeting rule", func(d *preread.Directory) { d.Pairs[2].Meets = d.Pairs[0].Meets }},
		{"pre-read to both", func(d *preread.Directory) { d.Pairs[2].PrereadTo = preread.PrereadToBoth }},
		{"a rule gone (meets: calendar)", func(d *preread.Directory) { d.Pairs[2].Meets = preread.MeetingRule{} }},
		{"a pair gone", func(d *preread.Directory) { d.Pairs = d.Pairs[:2] }},
		{"a pair new", func(d *preread.Directory) {
			p := d.Pairs[0]
			p.Manager, p.Report = "alice@corp.example", "bob@corp.example"
			d.Pairs = append(d.Pairs, p)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := storetest.Directory(t)
			db := storetest.Synced(t, dir, store.Options{})
			changed := storetest.Directory(t)
			tc.change(&changed)
			rep, err := db.SyncDirectory(ctx, changed)
			if err != nil || len(rep.Changes) == 0 {
				t.Fatalf("SyncDirectory(%s) = %v, %v; want the change applied", tc.name, rep.Changes, err)
			}
			if got, want := directoryText(t, db), directoryText(t, nil, changed); got != want {
				t.Errorf("after SyncDirectory(%s) the store holds\n%s\nwant\n%s", tc.name, got, want)
			}
			if same, err := store.Unchanged(ctx, db, changed); err != nil || !same {
				t.Errorf("after SyncDirectory(%s), unchanged = %v, %v; want the quick path the next time", tc.name, same, err)
			}
			if rep, err := db.SyncDirectory(ctx, changed); err != nil || len(rep.Changes) != 0 {
				t.Errorf("SyncDirectory(%s) again = %v, %v; want nothing changed", tc.name, rep.Changes, err)
			}
			if rep, err := db.SyncDirectory(ctx, dir); err != nil || len(rep.Changes) == 0 {
				t.Errorf("SyncDirectory(back) = %v, %v; want the change undone", rep.Changes, err)
			}
		})
	}
}

// directoryText is the directory as stored (db's) or as given, in a form
// two directories can be compared by.
func directoryText(t *testing.T, db *store.DB, given ...preread.Directory) string {
	t.Helper()
	var d preread.Directory
	if db != nil {
		var err error
		if d, err = db.Directory(t.Context()); err != nil {
			t.Fatal(err)
		}
	} else {
		d = given[0]
	}
	var s []string
	s = append(s, fmt.Sprint("holidays ", d.Holidays))
	for _, p := range d.People {
		s = append(s, fmt.Sprintf("person %s %q %v %v %v %v %v %v", p.Email, p.Name, p.TimeZone, p.Workdays, p.PromptAt, p.PrereadAt, p.Aliases, p.Away))
	}
	for _, tm := range d.Teams {
		members := slices.Sorted(slices.Values(tm.Members))
		s = append(s, fmt.Sprintf("team %s %s %v %v %v %v", tm.Name, tm.Manager, tm.TimeZone, tm.DigestAt, tm.DigestTo, members))
	}
	for _, p := range d.Pairs {
		s = append(s, fmt.Sprintf("pair %s %v %v %v %v", p.Key(), p.Meets, p.TimeZone, p.Skip, p.PrereadTo))
	}
	slices.Sort(s)
	return fmt.Sprint(s)
}

// A database from before calendar addresses (or before a person) gets
// each person's calendar token on a start with nothing else changed.
func TestSyncUnchangedGivesCalendarTokens(t *testing.T) {
	ctx := t.Context()
	dir := storetest.Directory(t)
	db := storetest.Synced(t, dir, store.Options{})
	if _, err := store.SQL(db).Exec(`DELETE FROM calendar_tokens`); err != nil {
		t.Fatal(err)
	}
	if rep, err := db.SyncDirectory(ctx, dir); err != nil || len(rep.Changes) != 0 {
		t.Fatalf("SyncDirectory = %v, %v; want nothing changed", rep.Changes, err)
	}
	var n int
	if err := store.SQL(db).QueryRow(`SELECT count(*) FROM calendar_tokens`).Scan(&n); err != nil || n != len(dir.People) {
		t.Errorf("%d calendar tokens, %v; want one for each of %d people", n, err, len(dir.People))
	}
}
