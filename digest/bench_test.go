package digest

import (
	"fmt"
	"testing"
	"time"

	"github.com/preread/preread"
)

// benchTeam is a team of 50, each with a status entry; every fifth is blocked.
func benchTeam() TeamDay {
	d := TeamDay{Team: platform, Date: tue24}
	for i := range 50 {
		p := person(fmt.Sprintf("p%02d@corp.example", i), fmt.Sprintf("Person %02d", i), berlin)
		blocker := ""
		if i%5 == 0 {
			blocker = "Waiting for review of the migration PR by the database team."
		}
		d.Members = append(d.Members, Member{Person: p, BlockerStreak: i % 3, Entries: []preread.StatusEntry{
			entry(p, 24, at(24, 9, i), "", "Finished the reconnect tests and reviewed two pull requests.",
				"Outbox worker: retries with back-off, then parking permanent failures.", blocker),
		}})
	}
	return d
}

// benchMeetings are 1,000 pre-reads, each with five items and 30 days of status.
func benchMeetings() []Meeting {
	var out []Meeting
	for i := range 1000 {
		m := meeting()
		m.Week = i
		for n := 1; n <= 5; n++ {
			m.Items = append(m.Items, item(n, preread.Categories[(i+n)%len(preread.Categories)], alice, n%2 == 0, n%3,
				"A topic for the next 1:1", "Some thoughts on it, over a couple of lines.\nAnd a second line."))
		}
		first := time.Date(2026, time.October, 25, 15, 0, 0, 0, berlin)
		for d := range 30 {
			day := first.AddDate(0, 0, d)
			e := entry(alice, 1, day, "", "Reviews.", "Outbox worker: retries, parking and metrics.", "")
			e.Date = preread.DateOf(day)
			if d%7 == 0 {
				e.Blockers = "No staging access."
			}
			m.Status = append(m.Status, e)
		}
		m.Notes = []preread.Note{{From: carol.Email, Text: "Can you bring numbers?", Created: at(23, 16, 0)}}
		out = append(out, m)
	}
	return out
}

// BenchmarkRender renders, per operation, one digest for a team of 50 and
// 1,000 pre-reads; the sub-benchmarks time each kind alone.
func BenchmarkRender(b *testing.B) {
	team, meetings := benchTeam(), benchMeetings()
	b.Run("digest50+preread1000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			TeamDigest(team, carol, Addresses{})
			for _, m := range meetings {
				Preread(m, carol, Addresses{})
			}
		}
	})
	b.Run("digest50", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			TeamDigest(team, carol, Addresses{})
		}
	})
	b.Run("preread", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Preread(meetings[0], carol, Addresses{})
		}
	})
}

// BenchmarkReview renders the review pre-read of six months of a pair's
// history: a status every workday (a blocker every fourth), an agenda item
// every other workday, a 1:1 every week with an action item and a meeting
// note. Target: under 100 ms.
func BenchmarkReview(b *testing.B) {
	book := reviewBook(history(26, 4, 2))
	if n := len(book.Book.Status); n < 125 {
		b.Fatalf("history has %d status entries, want six months of workdays", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		if e := Review(book, carol, welcomeAddr); e.HTML == "" {
			b.Fatal("no HTML")
		}
	}
}

// BenchmarkNotebookReply renders the answer to NOTEBOOK over the same six
// months, with its Markdown file.
func BenchmarkNotebookReply(b *testing.B) {
	book := reviewBook(history(26, 4, 2))
	b.ReportAllocs()
	for b.Loop() {
		if e := NotebookReply(notebookDue(carol), book, carol, welcomeAddr); len(e.Files) != 1 {
			b.Fatal("no Markdown file")
		}
	}
}
