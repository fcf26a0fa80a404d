package digest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// benchStore is a real SQLite store with a team of 50 and 1,000 pairs, each
// report with 30 workdays of status and five open agenda items.
func benchStore(b *testing.B) (*store.DB, preread.Directory) {
	b.Helper()
	ctx := b.Context()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	rule, _ := preread.ParseMeetingRule("weekly tue 10:00", berlin)
	person := func(email string) preread.Person {
		return preread.Person{Email: email, Name: email, TimeZone: berlin, Workdays: preread.DefaultWorkdays,
			PromptAt: preread.Clock{Hour: 9}, PrereadAt: preread.Clock{Hour: 16}, Active: true}
	}
	var dir preread.Directory
	team := preread.Team{Name: "Platform", Manager: "m0@corp.example", TimeZone: berlin, DigestAt: preread.Clock{Hour: 11},
		Workdays: preread.DefaultWorkdays, DigestTo: preread.DigestToTeam}
	for m := range 20 {
		dir.People = append(dir.People, person(fmt.Sprintf("m%d@corp.example", m)))
	}
	for r := range 1000 {
		email := fmt.Sprintf("r%04d@corp.example", r)
		dir.People = append(dir.People, person(email))
		dir.Pairs = append(dir.Pairs, preread.Pair{Manager: fmt.Sprintf("m%d@corp.example", r%20), Report: email,
			Meets: rule, TimeZone: berlin, PrereadTo: preread.PrereadToManager})
		if r < 50 {
			team.Members = append(team.Members, email)
		}
	}
	dir.Teams = []preread.Team{team}
	db := storetest.Synced(b, dir, store.Options{})
	start, _ := preread.ParseDate("2026-10-26")
	n := 0
	for _, pair := range dir.Pairs {
		for d := range 42 {
			day := start.AddDays(d)
			if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				continue
			}
			n++
			blockers := ""
			if d%7 == 0 {
				blockers = "waiting on the database team"
			}
			p := preread.Processed{Key: fmt.Sprintf("<s%d@bench>", n), Outcome: preread.OutcomeFiled,
				Status: &preread.StatusEntry{Person: pair.Report, Date: day, Text: "Y/T/B", Yesterday: "shipped the reconnect tests",
					Today: "outbox retries with back-off", Blockers: blockers}}
			if err := db.Record(ctx, "INBOX", p); err != nil {
				b.Fatal(err)
			}
		}
		for i := range 5 {
			n++
			p := preread.Processed{Key: fmt.Sprintf("<a%d@bench>", n), Outcome: preread.OutcomeFiled,
				Agenda: &preread.AgendaItem{Manager: pair.Manager, Report: pair.Report, From: pair.Report,
					Category: preread.Categories[i], Subject: "topic", Text: "Could we talk about the next step in my growth plan?"}}
			if err := db.Record(ctx, "INBOX", p); err != nil {
				b.Fatal(err)
			}
		}
	}
	return db, dir
}

// BenchmarkDigestAndPrereadsFromStore builds and renders one digest for a
// team of 50 and the pre-reads of 1,000 pairs, reading 30 days of history
// from SQLite.
func BenchmarkDigestAndPrereadsFromStore(b *testing.B) {
	db, dir := benchStore(b)
	ctx := b.Context()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day, _ := preread.ParseDate("2026-11-23")
	meeting := time.Date(2026, 11, 24, 10, 0, 0, 0, berlin)
	manager, _ := dir.Person("m0@corp.example")
	b.ResetTimer()
	for b.Loop() {
		d, err := digest.BuildTeamDay(ctx, db, dir, dir.Teams[0], day)
		if err != nil {
			b.Fatal(err)
		}
		if e := digest.TeamDigest(d, manager, digest.Addresses{}); e.Subject == "" {
			b.Fatal("no digest")
		}
		for _, pair := range dir.Pairs {
			m, err := digest.BuildMeeting(ctx, db, dir, pair, preread.Meeting{Start: meeting, At: meeting}, meeting.Add(-18*time.Hour))
			if err != nil {
				b.Fatal(err)
			}
			reader, _ := dir.Person(pair.Manager)
			if e := digest.Preread(m, reader, digest.Addresses{}); len(m.Items) != 5 || e.Subject == "" {
				b.Fatalf("pre-read of %s has %d items", pair.Key(), len(m.Items))
			}
		}
	}
}

// BenchmarkReviewFromStore builds a review pre-read from SQLite and renders
// it: six months of one pair's history, filed as mailin files it (a status
// every workday, a blocker every fourth, an agenda item every other
// workday, a weekly follow-up reply with an action item and a note).
func BenchmarkReviewFromStore(b *testing.B) {
	ctx := b.Context()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	rule, _ := preread.ParseMeetingRule("weekly tue 10:00", berlin)
	person := func(email string) preread.Person {
		return preread.Person{Email: email, Name: email, TimeZone: berlin, Workdays: preread.DefaultWorkdays,
			PromptAt: preread.Clock{Hour: 9}, PrereadAt: preread.Clock{Hour: 16}, Active: true}
	}
	first, _ := preread.ParseDate("2026-06-01")
	review, _ := preread.ParseDate("2026-12-01")
	pair := preread.Pair{Manager: "carol@corp.example", Report: "alice@corp.example", Meets: rule, TimeZone: berlin,
		PrereadTo: preread.PrereadToManager, Reviews: []preread.Date{first, review}}
	dir := preread.Directory{People: []preread.Person{person(pair.Manager), person(pair.Report)}, Pairs: []preread.Pair{pair}}
	var clock time.Time
	db := storetest.Synced(b, dir, store.Options{Now: func() time.Time { return clock }})
	n := 0
	record := func(p preread.Processed) {
		n++
		p.Key, p.Outcome = fmt.Sprintf("<r%d@bench>", n), preread.OutcomeFiled
		if err := db.Record(ctx, "INBOX", p); err != nil {
			b.Fatal(err)
		}
	}
	for d := 0; first.AddDays(d).Before(review); d++ {
		day := first.AddDays(d)
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			continue
		}
		clock = day.In(berlin, preread.Clock{Hour: 15})
		blockers := ""
		if d%4 == 0 {
			blockers = "waiting on the database team for staging access"
		}
		record(preread.Processed{Status: &preread.StatusEntry{Person: pair.Report, Date: day, Text: "Y/T/B",
			Yesterday: "shipped the reconnect tests", Today: "outbox retries with back-off", Blockers: blockers}})
		if d%2 == 0 {
			record(preread.Processed{Agenda: &preread.AgendaItem{Manager: pair.Manager, Report: pair.Report, From: pair.Report,
				Category: preread.Categories[d%len(preread.Categories)], Subject: "topic", Text: "Could we talk about the next step?"}})
		}
		if day.Weekday() == time.Tuesday {
			meeting := day.In(berlin, preread.Clock{Hour: 10})
			record(preread.Processed{
				Actions: []preread.ActionItem{{Manager: pair.Manager, Report: pair.Report, From: pair.Manager, Owner: pair.Report,
					Text: "send the draft", Due: day.AddDays(3), Meeting: meeting}},
				MeetingNote: &preread.MeetingNote{Manager: pair.Manager, Report: pair.Report, From: pair.Manager, Meeting: meeting,
					Text: "We went through the agenda and agreed on next steps."}})
		}
	}
	manager, _ := dir.Person(pair.Manager)
	now := time.Date(2026, 11, 30, 16, 0, 0, 0, berlin)
	b.ResetTimer()
	for b.Loop() {
		book, err := digest.BuildReview(ctx, db, dir, pair, review, now)
		if err != nil {
			b.Fatal(err)
		}
		if len(book.Book.Status) < 120 || len(book.Book.Actions) < 25 {
			b.Fatalf("the review reads %d status entries and %d action items, want six months", len(book.Book.Status), len(book.Book.Actions))
		}
		if e := digest.Review(book, manager, digest.Addresses{}); e.HTML == "" {
			b.Fatal("no HTML")
		}
	}
}
