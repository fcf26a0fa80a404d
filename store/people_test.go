package store_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
)

// Prompted counts the prompts queued in its window that still reach their
// person.
func TestPromptedAndWelcomed(t *testing.T) {
	ctx := t.Context()
	db, _, c := openAt(t) // 24 Nov 08:00 UTC
	queued(t, db, preread.KindWelcome, "alice@corp.example", "welcome")
	c.now = c.now.Add(time.Hour) // 09:00
	queued(t, db, preread.KindPrompt, "bob@corp.example", "2026-11-24")
	queued(t, db, preread.KindPrompt, "dan@corp.example", "2026-11-24")
	c.now = c.now.Add(5 * time.Hour) // 14:00
	queued(t, db, preread.KindPrompt, "alice@corp.example", "2026-11-24")
	c.now = c.now.Add(24 * time.Hour)
	queued(t, db, preread.KindPrompt, "bob@corp.example", "2026-11-25")
	// Dan's prompt was dropped by the admin: it never reached him.
	if err := db.Drop(ctx, 3, store.DropByAdmin); err != nil {
		t.Fatal(err)
	}
	members := []string{"alice@corp.example", "Bob@corp.example", "dan@corp.example"}
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		from, to time.Time
		want     string
	}{
		{at(23, 10), at(24, 10), "bob@corp.example 09:00"},
		{at(24, 9), at(24, 14), "bob@corp.example 09:00"}, // from is in, to is not
		{at(24, 10), at(25, 10), "alice@corp.example 14:00"},
		{at(23, 0), at(26, 0), "alice@corp.example 14:00, bob@corp.example 09:00"}, // Bob's first
		{at(20, 0), at(23, 0), ""},
	} {
		got, err := db.Prompted(ctx, members, tt.from, tt.to)
		if err != nil {
			t.Fatal(err)
		}
		if s := addressClock(got); s != tt.want {
			t.Errorf("Prompted(%s..%s) = %q, want %q", tt.from.Format("02 15h"), tt.to.Format("02 15h"), s, tt.want)
		}
	}
	if got, err := db.Prompted(ctx, []string{"carol@corp.example"}, at(1, 0), at(30, 0)); err != nil || len(got) != 0 {
		t.Errorf("Prompted(carol) = %v, %v; want nobody", got, err)
	}
}

// addressClock lists a map of addresses and instants as "address hh:mm".
func addressClock(m map[string]time.Time) string {
	s := ""
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%s %s", k, m[k].UTC().Format("15:04"))
	}
	return s
}

// LastToday is the latest Today section written before a day.
func TestLastToday(t *testing.T) {
	ctx := t.Context()
	db, _, c := openAt(t)
	file := func(key, day, today string) {
		d, _ := preread.ParseDate(day)
		record(t, db, c, preread.Processed{Key: key, Sender: "bob@corp.example", Outcome: preread.OutcomeFiled,
			Status: &preread.StatusEntry{Person: "bob@corp.example", Date: d, Text: "t", Today: today}})
	}
	file("<1@t>", "2026-11-20", "the old plan")
	file("<2@t>", "2026-11-23", "the morning plan")
	file("<3@t>", "2026-11-23", "the afternoon plan")
	file("<4@t>", "2026-11-23", "") // free text only: the plan stands
	file("<5@t>", "2026-11-24", "today's own plan")
	d := func(s string) preread.Date { v, _ := preread.ParseDate(s); return v }
	for _, tt := range []struct{ from, to, want string }{
		{"2026-11-16", "2026-11-23", "the afternoon plan"},
		{"2026-11-16", "2026-11-22", "the old plan"},
		{"2026-11-21", "2026-11-22", ""},
		{"2026-11-16", "2026-11-24", "today's own plan"},
	} {
		got, err := db.LastToday(ctx, "Bob@corp.example", d(tt.from), d(tt.to))
		if err != nil || got != tt.want {
			t.Errorf("LastToday(%s..%s) = %q, %v; want %q", tt.from, tt.to, got, err, tt.want)
		}
	}
}

// Added lists the people a later sync added, with when: not those of the
// first sync.
func TestAdded(t *testing.T) {
	ctx := t.Context()
	db, dir, c := openAt(t)
	c.now = c.now.Add(90 * time.Minute)
	erin := dir.People[1]
	erin.Email, erin.Name, erin.Aliases = "erin@corp.example", "Erin Hale", nil
	dir.People = append(dir.People, erin)
	if _, err := db.SyncDirectory(ctx, dir); err != nil {
		t.Fatal(err)
	}
	added, err := db.Added(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := addressClock(added); s != "erin@corp.example 09:30" {
		t.Errorf("Added() = %q, want only Erin, at 09:30", s)
	}
}
