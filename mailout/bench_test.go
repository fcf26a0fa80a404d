package mailout_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/wneessen/go-mail"
	"golang.org/x/sync/errgroup"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// The benchmarks send 10,000 prompts: 100 people × 100 days.
const (
	benchPeople = 100
	benchDays   = 100
)

var benchStart = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

// benchRendered renders the benchmarks' prompts once.
func benchRendered(b *testing.B) []preread.Rendered {
	b.Helper()
	out := make([]preread.Rendered, 0, benchPeople*benchDays)
	for d := range benchDays {
		day := benchStart.AddDate(0, 0, d)
		for p := range benchPeople {
			out = append(out, render(b, prompt(person(p), day.Format(time.DateOnly), day)))
		}
	}
	return out
}

// BenchmarkOutbox10k times one Flush of 10,000 queued emails: the store's
// queries and marks, and the SMTP sessions with the in-process relay.
func BenchmarkOutbox10k(b *testing.B) {
	ctx := b.Context()
	rendered := benchRendered(b)
	srv := mailtest.StartSMTP(b, mailtest.SMTPOptions{})
	now := func() time.Time { return benchStart }
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		db := storetest.Synced(b, people(benchPeople), store.Options{Now: now})
		for _, r := range rendered {
			if err := db.Enqueue(ctx, r); err != nil {
				b.Fatalf("Enqueue = %v", err)
			}
		}
		srv.Reset()
		s := &mailout.Sender{Relay: mailout.Relay{Addr: srv.Addr(), Security: "none"}, Queue: db,
			Envelope: envelope, Now: now, Log: slog.New(slog.DiscardHandler)}
		b.StartTimer()

		sent, parked, err := s.Flush(ctx)

		b.StopTimer()
		if err != nil || sent != len(rendered) || parked != 0 {
			b.Fatalf("iteration %d: Flush() = %d, %d, %v; want %d, 0, nil", i, sent, parked, err, len(rendered))
		}
		if got := len(srv.Messages()); got != len(rendered) {
			b.Fatalf("iteration %d: relay got %d messages, want %d", i, got, len(rendered))
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*len(rendered))/b.Elapsed().Seconds(), "emails/s")
}

// BenchmarkBareGoMail10k is the floor to compare with: go-mail sending the
// same 10,000 messages over one connection, with no outbox.
func BenchmarkBareGoMail10k(b *testing.B) {
	ctx := b.Context()
	rendered := benchRendered(b)
	srv := mailtest.StartSMTP(b, mailtest.SMTPOptions{})
	relay := mailout.Relay{Addr: srv.Addr(), Security: "none"}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		msgs := make([]*mail.Msg, len(rendered))
		for j, r := range rendered {
			m, err := mail.EMLToMsgFromReader(bytes.NewReader(r.Raw))
			if err != nil {
				b.Fatalf("EMLToMsgFromReader(%s) = %v", r.MessageID, err)
			}
			msgs[j] = m
		}
		client, err := relay.Client()
		if err != nil {
			b.Fatal(err)
		}
		srv.Reset()
		b.StartTimer()

		if err := client.DialWithContext(ctx); err != nil {
			b.Fatalf("DialWithContext = %v", err)
		}
		if err := client.Send(msgs...); err != nil {
			b.Fatalf("Send = %v", err)
		}
		if err := client.Close(); err != nil {
			b.Fatalf("Close = %v", err)
		}

		b.StopTimer()
		if got := len(srv.Messages()); got != len(rendered) {
			b.Fatalf("iteration %d: relay got %d messages, want %d", i, got, len(rendered))
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*len(rendered))/b.Elapsed().Seconds(), "emails/s")
}

// BenchmarkBurst100k is the 09:00 burst of issue 19: 100,000 people's
// prompts queued (EnqueueAll, 1,000 to a transaction, as the planner does)
// and sent with one Flush over the in-process relay, over 1 and over 4
// connections (smtp.connections), then the same 100,000 messages sent by
// bare go-mail over 1 connection and over 4 clients in parallel; it
// reports each and their ratios. Needs BENCH_BIG (minutes, and a
// 100,000-person database).
func BenchmarkBurst100k(b *testing.B) {
	if os.Getenv("BENCH_BIG") == "" {
		b.Skip("set BENCH_BIG=1 for the 100,000-person benchmarks (make bench does)")
	}
	const n = 100000
	day := benchStart.Format(time.DateOnly)
	rendered := make([]preread.Rendered, n)
	for i := range rendered {
		rendered[i] = render(b, prompt(fmt.Sprintf("person%06d@corp.example", i), day, benchStart))
	}
	dir := preread.Directory{}
	for i := range n {
		dir.People = append(dir.People, preread.Person{Email: fmt.Sprintf("person%06d@corp.example", i), Name: "P",
			TimeZone: time.UTC, Workdays: preread.DefaultWorkdays, Active: true})
	}
	srv := mailtest.StartSMTP(b, mailtest.SMTPOptions{})
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		var outbox [2]time.Duration
		var queued time.Duration
		for i, conns := range []int{1, 4} {
			queued, outbox[i] = burstOutbox(b, dir, rendered, srv, conns)
			b.Logf("%d connection(s): enqueue %v, enqueue and send %v", conns, queued.Round(time.Millisecond), outbox[i].Round(time.Millisecond))
		}
		bare := [2]time.Duration{burstBare(b, rendered, srv, 1), burstBare(b, rendered, srv, 4)}
		b.Logf("bare go-mail: %v over 1 connection, %v over 4", bare[0].Round(time.Millisecond), bare[1].Round(time.Millisecond))
		b.ReportMetric(queued.Seconds(), "enqueue-s")
		b.ReportMetric(outbox[0].Seconds(), "outbox1-s")
		b.ReportMetric(outbox[1].Seconds(), "outbox4-s")
		b.ReportMetric(bare[0].Seconds(), "bare1-s")
		b.ReportMetric(bare[1].Seconds(), "bare4-s")
		b.ReportMetric(outbox[0].Seconds()/bare[0].Seconds(), "ratio1")
		b.ReportMetric(outbox[1].Seconds()/bare[1].Seconds(), "ratio4")
		b.ReportMetric(outbox[1].Seconds()/bare[0].Seconds(), "ratio4-to-bare1")
		b.StartTimer()
	}
}

// burstOutbox queues the emails into a new database of dir and flushes
// them over conns connections; it returns how long the queueing and the
// whole (queueing and sending) took.
func burstOutbox(b *testing.B, dir preread.Directory, rendered []preread.Rendered, srv *mailtest.SMTPServer, conns int) (queued, total time.Duration) {
	b.Helper()
	ctx := b.Context()
	now := func() time.Time { return benchStart }
	db := storetest.Synced(b, dir, store.Options{Now: now})
	defer db.Close()
	srv.Reset()
	s := &mailout.Sender{Relay: mailout.Relay{Addr: srv.Addr(), Security: "none"}, Queue: db,
		Envelope: envelope, Now: now, Log: slog.New(slog.DiscardHandler), Connections: conns}
	start := time.Now()
	for i := 0; i < len(rendered); i += 1000 {
		if _, err := db.EnqueueAll(ctx, rendered[i:min(i+1000, len(rendered))]); err != nil {
			b.Fatalf("EnqueueAll = %v", err)
		}
	}
	queued = time.Since(start)
	sent, parked, err := s.Flush(ctx)
	total = time.Since(start)
	if err != nil || sent != len(rendered) || parked != 0 {
		b.Fatalf("Flush() = %d, %d, %v; want %d, 0, nil", sent, parked, err, len(rendered))
	}
	if got := len(srv.Messages()); got != len(rendered) {
		b.Fatalf("relay got %d messages, want %d", got, len(rendered))
	}
	return queued, total
}

// burstBare sends the emails with bare go-mail over conns clients at once,
// each its share over one connection, and returns how long it took.
func burstBare(b *testing.B, rendered []preread.Rendered, srv *mailtest.SMTPServer, conns int) time.Duration {
	b.Helper()
	ctx := b.Context()
	msgs := make([]*mail.Msg, len(rendered))
	for j, r := range rendered {
		var err error
		if msgs[j], err = mail.EMLToMsgFromReader(bytes.NewReader(r.Raw)); err != nil {
			b.Fatal(err)
		}
	}
	srv.Reset()
	start := time.Now()
	var g errgroup.Group
	share := (len(msgs) + conns - 1) / conns
	for i := 0; i < len(msgs); i += share {
		part := msgs[i:min(i+share, len(msgs))]
		g.Go(func() error {
			client, err := mailout.Relay{Addr: srv.Addr(), Security: "none"}.Client()
			if err != nil {
				return err
			}
			if err := client.DialWithContext(ctx); err != nil {
				return err
			}
			if err := client.Send(part...); err != nil {
				return err
			}
			return client.Close()
		})
	}
	if err := g.Wait(); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	if got := len(srv.Messages()); got != len(rendered) {
		b.Fatalf("relay got %d messages, want %d", got, len(rendered))
	}
	return elapsed
}
