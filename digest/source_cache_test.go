package digest_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
)

// The teams of one planner run share a DayCache: each team's day is what
// it would be read alone, late entries included once, however many teams
// came before it.
func TestDayCacheBuildsEachTeamAsAlone(t *testing.T) {
	w := newTeamWeek(t)
	w.prompt(berlinAt(23, 15, 0), "dan@corp.example", 23)
	w.file(berlinAt(23, 16, 0), "dan@corp.example", 23, "Reviews.", "") // after Monday's digest: late
	w.prompt(berlinAt(24, 9, 0), "bob@corp.example", 24)
	w.file(berlinAt(24, 9, 30), "bob@corp.example", 24, "Outbox.", "Disk full again.")
	alone := summary(w.build(24))
	want := []string{
		"alice@corp.example asked=false entries=0 streak=0",
		"bob@corp.example asked=true entries=1 streak=1",
		"dan@corp.example asked=true entries=1 streak=0",
	}
	if !slices.Equal(alone, want) {
		t.Fatalf("Tuesday alone = %q, want %q", alone, want)
	}
	cache := digest.NewDayCache(w.db)
	tue := preread.Date{Year: 2026, Month: time.November, Day: 24}
	for i := range 3 { // three teams of the same people, one after the other
		d, err := digest.BuildTeamDay(t.Context(), cache, w.dir, w.dir.Teams[0], tue)
		if err != nil {
			t.Fatal(err)
		}
		if got := summary(d); !slices.Equal(got, want) {
			t.Errorf("Tuesday through the cache, team %d = %q, want %q (Dan's late entry once)", i+1, got, want)
		}
	}
	// Filed after the cache read the day: the next run's cache sees it.
	w.file(berlinAt(24, 10, 0), "alice@corp.example", 24, "Docs.", "")
	if d, _ := digest.BuildTeamDay(t.Context(), digest.NewDayCache(w.db), w.dir, w.dir.Teams[0], tue); len(d.Members[0].Entries) != 1 {
		t.Errorf("a new cache shows Alice with %d entries, want her 10:00 entry", len(d.Members[0].Entries))
	}
}

// A TeamDay from BuildTeamDay shares the digest it wrote for a time zone
// among the readers there: each reader's email, whatever zone was written
// first or again, is the one written for them alone. (That it is written
// once a zone is BenchmarkDay100k's business, not this test's.)
func TestSharedTeamDigestIsEachReadersOwn(t *testing.T) {
	w := newTeamWeek(t)
	w.prompt(berlinAt(24, 9, 0), "bob@corp.example", 24)
	w.file(berlinAt(24, 9, 30), "bob@corp.example", 24, "Outbox.", "Disk full again.")
	w.file(berlinAt(24, 10, 30), "bob@corp.example", 24, "Infra cleaned up.", "") // two entries: shown with their times
	w.prompt(berlinAt(24, 9, 0), "alice@corp.example", 24)
	w.file(berlinAt(24, 16, 30), "alice@corp.example", 24, "Docs.", "") // 10:30 in New York
	d := w.build(24)
	alone := digest.TeamDay{Team: d.Team, Date: d.Date, Members: d.Members, FirstAsked: d.FirstAsked}
	for _, email := range []string{"carol@corp.example", "bob@corp.example", "alice@corp.example", "dan@corp.example", "carol@corp.example"} {
		reader, _ := w.dir.Person(email)
		addr := digest.Addresses{Status: "preread+status." + email + "@corp.example"}
		got, want := digest.TeamDigest(d, reader, addr), digest.TeamDigest(alone, reader, addr)
		if email == "alice@corp.example" && !strings.Contains(got.Text, "04:30") {
			t.Errorf("TeamDigest(for Alice in New York) shows no 04:30 for Bob's 10:30 entry:\n%s", got.Text)
		}
		if got.To != email || got.ReplyTo != addr.Status || got.Subject != want.Subject || got.Text != want.Text || got.HTML != want.HTML {
			t.Errorf("TeamDigest(for %s, %v) = to %s, reply-to %s, text\n%s\nwant it as written for them alone:\n%s",
				email, reader.TimeZone, got.To, got.ReplyTo, got.Text, want.Text)
		}
	}
}
