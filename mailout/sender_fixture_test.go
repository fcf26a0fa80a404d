package mailout_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

var _ mailout.Queue = (*store.DB)(nil)

const envelope = "preread@corp.example"

// testClock is a clock the test moves by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// outbox is a real store with people in its directory and emails queued
// for them, and a capturing SMTP server to send them to.
type outbox struct {
	t      *testing.T
	ctx    context.Context
	clock  *testClock
	db     *store.DB
	smtp   *mailtest.SMTPServer
	emails []preread.Rendered // in the order they were queued
}

// newOutbox queues one prompt for each of n people.
func newOutbox(t *testing.T, n int, opts mailtest.SMTPOptions) *outbox {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	clock := &testClock{now: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
	db := storetest.Synced(t, people(n), store.Options{Now: clock.Now})
	o := &outbox{t: t, ctx: ctx, clock: clock, db: db, smtp: mailtest.StartSMTP(t, opts)}
	for i := range n {
		r := render(t, prompt(person(i), "2026-11-24", clock.Now()))
		if err := db.Enqueue(ctx, r); err != nil {
			t.Fatalf("Enqueue(%s) = %v", r.Email.To, err)
		}
		o.emails = append(o.emails, r)
	}
	return o
}

func person(i int) string { return fmt.Sprintf("person%03d@corp.example", i) }

// people is a directory of n people and nothing else.
func people(n int) preread.Directory {
	var dir preread.Directory
	for i := range n {
		dir.People = append(dir.People, preread.Person{Email: person(i), Name: fmt.Sprintf("Person %d", i),
			TimeZone: time.UTC, Workdays: preread.DefaultWorkdays, PromptAt: preread.Clock{Hour: 9},
			PrereadAt: preread.Clock{Hour: 16}, Active: true})
	}
	return dir
}

func prompt(to, day string, date time.Time) preread.Email {
	return preread.Email{Kind: preread.KindPrompt, To: to, Period: day,
		Subject: "[STATUS] What are you working on? (" + day + ")",
		Text:    "Reply with what you did, what you're doing and what blocks you.\n.\n..a line that starts with dots\n",
		HTML:    "<p>Reply with what you did, what you&#39;re doing and what blocks you.</p>",
		ReplyTo: "preread+status@corp.example", Date: date}
}

func render(t testing.TB, e preread.Email) preread.Rendered {
	t.Helper()
	r, err := mailout.Renderer{From: "preread <" + envelope + ">"}.Render(e)
	if err != nil {
		t.Fatalf("Render(%s) = %v", e.To, err)
	}
	return r
}

// sender is a Sender for the outbox's relay and store.
func (o *outbox) sender(q mailout.Queue) *mailout.Sender {
	if q == nil {
		q = o.db
	}
	return &mailout.Sender{
		Relay:    mailout.Relay{Addr: o.smtp.Addr(), Security: "none"},
		Queue:    q,
		Envelope: envelope,
		Now:      o.clock.Now,
		Log:      slog.New(slog.NewTextHandler(mailtest.LogTo(o.t), &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
}

// flush runs s.Flush and checks what it reports.
func (o *outbox) flush(s *mailout.Sender, wantSent, wantParked int) {
	o.t.Helper()
	sent, parked, err := s.Flush(o.ctx)
	if err != nil || sent != wantSent || parked != wantParked {
		o.t.Fatalf("Flush() = %d, %d, %v; want %d, %d, nil", sent, parked, err, wantSent, wantParked)
	}
}

// states lists the state of each queued email, in queue order.
func (o *outbox) states() []string {
	o.t.Helper()
	entries, err := o.db.Outbox(o.ctx)
	if err != nil {
		o.t.Fatalf("Outbox() = %v", err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.State)
	}
	return out
}

func (o *outbox) checkStates(want ...string) {
	o.t.Helper()
	if got := o.states(); strings.Join(got, " ") != strings.Join(want, " ") {
		o.t.Errorf("outbox states = %v, want %v", got, want)
	}
}

// delivered counts the captured messages by Message-ID, and checks that
// each went from the envelope sender to its queued recipient only, with
// the queued bytes.
func (o *outbox) delivered() map[string]int {
	o.t.Helper()
	byID := make(map[string]preread.Rendered)
	for _, r := range o.emails {
		byID[r.MessageID] = r
	}
	counts := make(map[string]int)
	for _, m := range o.smtp.Messages() {
		id := messageID(o.t, m.Data)
		r, ok := byID[id]
		if !ok {
			o.t.Errorf("relay got Message-ID %q, which was never queued", id)
			continue
		}
		counts[id]++
		if len(m.To) != 1 || m.To[0] != r.Email.To {
			o.t.Errorf("message %s went to %v, want only [%s]", id, m.To, r.Email.To)
		}
		if m.From != envelope {
			o.t.Errorf("message %s MAIL FROM %q, want %q", id, m.From, envelope)
		}
		if got, want := crlf(m.Data), crlf(r.Raw); !bytes.Equal(got, want) {
			o.t.Errorf("message %s bytes differ from the outbox:\n got %q\nwant %q", id, got, want)
		}
	}
	return counts
}

// checkDelivered checks how often each queued email (by queue position)
// reached the relay.
func (o *outbox) checkDelivered(want ...int) {
	o.t.Helper()
	counts := o.delivered()
	for i, r := range o.emails {
		if counts[r.MessageID] != want[i] {
			o.t.Errorf("email %d (%s) delivered %d times, want %d", i+1, r.MessageID, counts[r.MessageID], want[i])
		}
	}
}

func crlf(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")) }

func messageID(t testing.TB, data []byte) string {
	t.Helper()
	id, err := headerMessageID(data)
	if err != nil {
		t.Fatalf("captured message: %v", err)
	}
	return id
}

// headerMessageID reads the Message-ID header; safe off the test goroutine.
func headerMessageID(data []byte) (string, error) {
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	return m.Header.Get("Message-Id"), nil
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func ones(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = 1
	}
	return out
}
