package mailout_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/wneessen/go-mail"

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
// prompts queued (one Enqueue each, as the planner does) and sent with one
// Flush over the in-process relay, then the same 100,000 messages sent by
// bare go-mail over one connection; it reports both and their ratio.
// Needs BENCH_BIG (minutes, and a 100,000-person database).
func BenchmarkBurst100k(b *testing.B) {
	if os.Getenv("BENCH_BIG") == "" {
		b.Skip("set BENCH_BIG=1 for the 100,000-person benchmarks (make bench does)")
	}
	const n = 100000
	ctx := b.Context()
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
	now := func() time.Time { return benchStart }
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db := storetest.Synced(b, dir, store.Options{Now: now})
		srv.Reset()
		s := &mailout.Sender{Relay: mailout.Relay{Addr: srv.Addr(), Security: "none"}, Queue: db,
			Envelope: envelope, Now: now, Log: slog.New(slog.DiscardHandler)}
		b.StartTimer()
		start := time.Now()
		for _, r := range rendered {
			if err := db.Enqueue(ctx, r); err != nil {
				b.Fatalf("Enqueue = %v", err)
			}
		}
		queued := time.Since(start)
		sent, parked, err := s.Flush(ctx)
		outbox := time.Since(start)
		b.StopTimer()
		if err != nil || sent != n || parked != 0 {
			b.Fatalf("Flush() = %d, %d, %v; want %d, 0, nil", sent, parked, err, n)
		}
		db.Close()

		msgs := make([]*mail.Msg, n)
		for j, r := range rendered {
			if msgs[j], err = mail.EMLToMsgFromReader(bytes.NewReader(r.Raw)); err != nil {
				b.Fatal(err)
			}
		}
		client, err := mailout.Relay{Addr: srv.Addr(), Security: "none"}.Client()
		if err != nil {
			b.Fatal(err)
		}
		srv.Reset()
		start = time.Now()
		if err := client.DialWithContext(ctx); err != nil {
			b.Fatal(err)
		}
		if err := client.Send(msgs...); err != nil {
			b.Fatal(err)
		}
		client.Close()
		bare := time.Since(start)
		b.Logf("enqueue %v, enqueue and send %v, bare go-mail %v: ratio %.2f", queued.Round(time.Millisecond),
			outbox.Round(time.Millisecond), bare.Round(time.Millisecond), outbox.Seconds()/bare.Seconds())
		b.ReportMetric(queued.Seconds(), "enqueue-s")
		b.ReportMetric(outbox.Seconds(), "enqueue+send-s")
		b.ReportMetric(bare.Seconds(), "bare-s")
		b.ReportMetric(outbox.Seconds()/bare.Seconds(), "ratio")
		b.ReportMetric((outbox-queued).Seconds()/bare.Seconds(), "send-ratio")
		b.StartTimer()
	}
}
