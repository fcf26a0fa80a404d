package store_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// company is issue 19's directory built in memory: n people in teams of
// 100 (a manager and 99 reports), each report paired with their manager.
func company(b *testing.B, n int) preread.Directory {
	b.Helper()
	zones := []*time.Location{time.UTC}
	for _, name := range []string{"Europe/Berlin", "America/New_York", "Asia/Tokyo"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			b.Fatal(err)
		}
		zones = append(zones, loc)
	}
	rules := map[string]preread.MeetingRule{}
	var dir preread.Directory
	for i := range n {
		dir.People = append(dir.People, preread.Person{Email: fmt.Sprintf("person%06d@corp.example", i),
			Name: fmt.Sprintf("Person Number %06d", i), TimeZone: zones[i/100%len(zones)], Workdays: preread.DefaultWorkdays,
			PromptAt: preread.Clock{Hour: 9}, PrereadAt: preread.Clock{Hour: 16}, Active: true})
	}
	for t := 0; t < n; t += 100 {
		m := dir.People[t]
		team := preread.Team{Name: fmt.Sprintf("Team %04d", t/100), Manager: m.Email, TimeZone: m.TimeZone,
			DigestAt: preread.Clock{Hour: 11}, DigestTo: preread.DigestToTeam, Workdays: preread.DefaultWorkdays, Active: true}
		for r := t + 1; r < min(t+100, n); r++ {
			team.Members = append(team.Members, dir.People[r].Email)
			src := fmt.Sprintf("weekly %s %02d:00", []string{"mon", "tue", "wed", "thu", "fri"}[r%5], 9+r%8)
			rule, ok := rules[src+m.TimeZone.String()]
			if !ok {
				var err error
				if rule, err = preread.ParseMeetingRule(src, m.TimeZone); err != nil {
					b.Fatal(err)
				}
				rules[src+m.TimeZone.String()] = rule
			}
			dir.Pairs = append(dir.Pairs, preread.Pair{Manager: m.Email, Report: dir.People[r].Email, Meets: rule,
				TimeZone: m.TimeZone, PrereadTo: preread.PrereadToManager, Active: true})
		}
		dir.Teams = append(dir.Teams, team)
	}
	return dir
}

// BenchmarkSyncUnchanged is SyncDirectory with nothing changed, as at
// every start-up: 1,000 people, and 100,000 with BENCH_BIG.
func BenchmarkSyncUnchanged(b *testing.B) {
	sizes := []int{1000}
	if os.Getenv("BENCH_BIG") != "" {
		sizes = append(sizes, 100000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := company(b, n)
			db := storetest.Synced(b, dir, store.Options{})
			b.ResetTimer()
			for range b.N {
				rep, err := db.SyncDirectory(b.Context(), dir)
				if err != nil || len(rep.Changes) != 0 {
					b.Fatalf("SyncDirectory(the same) = %d changes, %v", len(rep.Changes), err)
				}
			}
		})
	}
}
