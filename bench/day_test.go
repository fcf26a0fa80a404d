package bench

import (
	"os"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
)

// dayPrereads is issue 19's day of pre-reads: ~20,000 a week.
const dayPrereads = 4000

// BenchmarkDay100k is a day of the company after a simulated year
// (yearDB): the digest of yearDay for each of the 1,000 teams, built as
// the planner builds it (one digest.DayCache for all) and rendered once
// for each reader, ~100,000 in all; then 4,000 pre-reads of the next
// day's 1:1s, each built from the pair's history in SQLite and rendered
// for the manager. It reports each part, per email, the bytes rendered
// and the database's size. Needs BENCH_BIG.
func BenchmarkDay100k(b *testing.B) {
	bigOnly(b)
	path, cfg := yearDB(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("database after %d days: %d MB", yearDays(), st.Size()>>20)
	ctx := b.Context()
	dir := cfg.Directory.Indexed()
	mb := preread.Mailbox{Address: cfg.Mailbox.Address, Separator: cfg.Mailbox.Separator}
	renderer := mailout.Renderer{From: cfg.SMTP.From}
	digestAt := yearDay.In(time.UTC, preread.Clock{Hour: 20}) // after every team's 11:00
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db, err := store.Open(ctx, path, store.Options{Now: func() time.Time { return digestAt }})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.SyncDirectory(ctx, dir); err != nil { // as at start-up
			b.Fatal(err)
		}
		// render writes an email for its reader's addresses, as the planner
		// does, and renders it; it returns its size.
		render := func(write func(digest.Addresses) preread.Email, reader string) int {
			token, err := db.Token(ctx, reader)
			if err != nil {
				b.Fatal(err)
			}
			e := write(digest.AddressesFor(mb, token))
			e.Date = digestAt
			r, err := renderer.Render(e)
			if err != nil {
				b.Fatal(err)
			}
			return len(r.Raw)
		}
		b.StartTimer()

		start := time.Now()
		src := digest.NewDayCache(db)
		var digests, digestBytes, quiet int
		for _, team := range dir.Teams {
			d, err := digest.BuildTeamDay(ctx, src, dir, team, yearDay)
			if err != nil {
				b.Fatal(err)
			}
			if d.Quiet() {
				quiet++
				continue
			}
			for _, to := range team.Recipients() {
				reader, _ := dir.Person(to)
				digests++
				digestBytes += render(func(addr digest.Addresses) preread.Email { return digest.TeamDigest(d, reader, addr) }, reader.Email)
			}
		}
		digestTime := time.Since(start)

		start = time.Now()
		var prereads, prereadBytes int
		for _, pair := range dir.Pairs {
			if prereads == dayPrereads {
				break
			}
			next := pair.Meetings(digestAt, 1, dir.Holidays)
			if len(next) == 0 || next[0].Start.Sub(digestAt) > 48*time.Hour {
				continue
			}
			m, err := digest.BuildMeeting(ctx, db, dir, pair, next[0], digestAt)
			if err != nil {
				b.Fatal(err)
			}
			manager, _ := dir.Person(pair.Manager)
			prereads++
			prereadBytes += render(func(addr digest.Addresses) preread.Email { return digest.Preread(m, manager, addr) }, manager.Email)
		}
		prereadTime := time.Since(start)
		b.StopTimer()
		db.Close()
		if quiet > 0 || digests < 99000 || prereads < dayPrereads {
			b.Errorf("%d digests (%d teams quiet), %d pre-reads; want ~100,000 digests of 1,000 teams and %d pre-reads",
				digests, quiet, prereads, dayPrereads)
		}
		b.Logf("%d digests in %v (%v each, %d KB each), %d pre-reads in %v (%v each, %d KB each)",
			digests, digestTime.Round(time.Millisecond), (digestTime / time.Duration(digests)).Round(time.Microsecond), digestBytes/digests>>10,
			prereads, prereadTime.Round(time.Millisecond), (prereadTime / time.Duration(prereads)).Round(time.Microsecond), prereadBytes/prereads>>10)
		b.ReportMetric(digestTime.Seconds(), "digests-s")
		b.ReportMetric(prereadTime.Seconds(), "prereads-s")
		b.ReportMetric(float64(digestBytes)/(1<<20), "digest-MB")
		b.ReportMetric(float64(prereadBytes)/(1<<20), "preread-MB")
		b.ReportMetric(float64(st.Size())/(1<<20), "db-MB")
		b.StartTimer()
	}
}
