package mailout_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailout"
)

func TestFlushSendsStoredBytesOverOneConnection(t *testing.T) {
	o := newOutbox(t, 5, mailtest.SMTPOptions{})
	s := o.sender(nil)
	o.flush(s, 5, 0)
	if n := o.smtp.Connections(); n != 1 {
		t.Errorf("Connections() = %d, want 1", n)
	}
	o.checkDelivered(ones(5)...)
	o.checkStates(repeat("sent", 5)...)

	o.flush(s, 0, 0)
	if n := o.smtp.Connections(); n != 1 {
		t.Errorf("Connections() after an empty flush = %d, want still 1", n)
	}
}

func TestFlushReconnectsPerBatch(t *testing.T) {
	o := newOutbox(t, 5, mailtest.SMTPOptions{})
	s := o.sender(nil)
	s.BatchSize = 2
	o.flush(s, 5, 0)
	if n := o.smtp.Connections(); n != 3 {
		t.Errorf("Connections() with batches of 2 = %d, want 3", n)
	}
	o.checkDelivered(ones(5)...)
}

func TestFlushSendsOnlyToTheQueuedRecipient(t *testing.T) {
	o := newOutbox(t, 1, mailtest.SMTPOptions{})
	// Headers that name others must not widen the envelope: RCPT TO is
	// the outbox's recipient alone (go-mail's Msg would add Cc and Bcc).
	r := render(t, prompt(person(0), "2026-11-25", o.clock.Now()))
	r.Raw = append([]byte("Cc: outsider@elsewhere.example\r\nBcc: person001@corp.example\r\n"), r.Raw...)
	if err := o.db.Enqueue(o.ctx, r); err != nil {
		t.Fatalf("Enqueue = %v", err)
	}
	o.emails = append(o.emails, r)
	o.flush(o.sender(nil), 2, 0)
	o.checkDelivered(1, 1) // and each only to [person000@corp.example]
	for _, m := range o.smtp.Messages() {
		if len(m.To) != 1 || m.To[0] != person(0) {
			t.Errorf("RCPT TO %v, want only [%s]", m.To, person(0))
		}
	}
}

// firstTryFails answers 451 to the first attempt of each message.
func firstTryFails() func(mailtest.Message, int) error {
	var mu sync.Mutex
	tried := make(map[string]bool)
	return func(m mailtest.Message, _ int) error {
		id, err := headerMessageID(m.Data)
		if err != nil {
			return err // 554: the test's checks will show it
		}
		mu.Lock()
		defer mu.Unlock()
		if tried[id] {
			return nil
		}
		tried[id] = true
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
}

func TestFlushRetriesTemporaryFailures(t *testing.T) {
	o := newOutbox(t, 3, mailtest.SMTPOptions{})
	s := o.sender(nil)
	o.smtp.SetFault(firstTryFails())
	o.flush(s, 0, 0)
	o.checkStates(repeat("pending", 3)...)
	if n := o.smtp.Connections(); n != 1 {
		t.Errorf("Connections() after three 451s = %d, want 1 (a 4xx keeps the session)", n)
	}

	o.clock.Advance(30 * time.Second) // before the first back-off (45s–1m)
	o.flush(s, 0, 0)

	o.clock.Advance(time.Minute)
	o.smtp.DropNext(1)
	o.flush(s, 2, 0) // the first due is dropped, the session re-dialled for the other two
	dropped := slices.Index(o.states(), "pending")
	if got := strings.Join(o.states(), " "); strings.Count(got, "pending") != 1 {
		t.Fatalf("outbox states after a drop = %s, want one pending", got)
	}
	if n := o.smtp.Connections(); n != 3 {
		t.Errorf("Connections() after a drop = %d, want 3", n)
	}

	o.clock.Advance(time.Minute) // before the second back-off (1m30s–2m)
	o.flush(s, 0, 0)
	o.clock.Advance(time.Minute)
	o.flush(s, 1, 0)
	o.checkStates(repeat("sent", 3)...)
	o.checkDelivered(ones(3)...)

	entries, err := o.db.Outbox(o.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		want := 2 // 451, sent
		if i == dropped {
			want = 3 // 451, dropped, sent
		}
		if e.Attempts != want {
			t.Errorf("email %d attempts = %d, want %d", i+1, e.Attempts, want)
		}
	}
}

func TestFlushParksPermanentFailure(t *testing.T) {
	o := newOutbox(t, 2, mailtest.SMTPOptions{})
	s := o.sender(nil)
	bad := o.emails[0].Email.To
	o.smtp.SetFault(func(m mailtest.Message, _ int) error {
		if m.To[0] == bad {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "user unknown"}
		}
		return nil
	})
	o.flush(s, 1, 0)
	o.clock.Advance(2 * time.Minute)
	o.flush(s, 0, 0)
	o.checkStates("pending", "sent")
	o.clock.Advance(5 * time.Minute)
	o.flush(s, 0, 1) // the third try of three parks it
	o.checkStates("failed", "sent")

	failed, err := o.db.Outbox(o.ctx, "failed")
	if err != nil || len(failed) != 1 {
		t.Fatalf("Outbox(failed) = %v, %v; want one email", failed, err)
	}
	if f := failed[0]; f.LastError != "550 5.1.1 user unknown" || f.Attempts != 3 || f.Recipient != bad {
		t.Errorf("parked email = %+v, want to %s after 3 attempts with reason %q", f, bad, "550 5.1.1 user unknown")
	}
	o.clock.Advance(2 * time.Hour)
	o.flush(s, 0, 0) // parked stays parked
	if n := o.smtp.Attempts(); n != 4 {
		t.Errorf("relay saw %d DATA commands, want 4 (3 refused, 1 accepted)", n)
	}

	o.smtp.SetFault(nil)
	if err := o.db.Retry(o.ctx, failed[0].ID); err != nil {
		t.Fatalf("Retry(%d) = %v", failed[0].ID, err)
	}
	o.flush(s, 1, 0)
	o.checkStates("sent", "sent")
	o.checkDelivered(1, 1)
}

// crashingQueue fails MarkSent for the crashAt-th accepted email, as if
// preread died between the relay's acceptance and the commit.
type crashingQueue struct {
	mailout.Queue
	mu                sync.Mutex // connections mark in parallel
	crashAt, accepted int
}

func (q *crashingQueue) MarkSent(ctx context.Context, id int64) error {
	q.mu.Lock()
	q.accepted++
	crash := q.accepted == q.crashAt
	q.mu.Unlock()
	if crash {
		return errors.New("disk I/O error")
	}
	return q.Queue.MarkSent(ctx, id)
}

func TestFlushAfterCrashResendsOnlyTheEmailInFlight(t *testing.T) {
	o := newOutbox(t, 5, mailtest.SMTPOptions{})
	sent, parked, err := o.sender(&crashingQueue{Queue: o.db, crashAt: 3}).Flush(o.ctx)
	if err == nil || !strings.Contains(err.Error(), "disk I/O error") || sent != 2 || parked != 0 {
		t.Fatalf("Flush(crashing at 3) = %d, %d, %v; want 2, 0, the queue's error", sent, parked, err)
	}
	o.checkStates("sent", "sent", "pending", "pending", "pending")
	o.checkDelivered(1, 1, 1, 0, 0)

	// A restart: a new Sender on the same store, once the claim on the
	// email that was in flight has run out.
	o.clock.Advance(3 * time.Minute)
	o.flush(o.sender(nil), 3, 0)
	o.checkStates(repeat("sent", 5)...)
	o.checkDelivered(1, 1, 2, 1, 1)
}

func TestFlushNeverParksWhenTheRelayIsDown(t *testing.T) {
	o := newOutbox(t, 3, mailtest.SMTPOptions{})
	s := o.sender(nil)
	s.Relay.Addr = closedPort(t)
	for range 5 {
		o.flush(s, 0, 0)
		o.clock.Advance(2 * time.Hour)
	}
	entries, err := o.db.Outbox(o.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.State != "pending" || e.Attempts != 5 || !strings.Contains(e.LastError, "refused") {
			t.Errorf("email %d = %s after %d attempts, %q; want pending after 5, connection refused", e.ID, e.State, e.Attempts, e.LastError)
		}
	}
	s.Relay.Addr = o.smtp.Addr()
	o.flush(s, 3, 0)
	o.checkDelivered(ones(3)...)
}

// closedPort is a loopback address nothing listens on.
func closedPort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// startTLSRelay is the Relay settings for o's server with STARTTLS and a
// login.
func (o *outbox) startTLSRelay(password string) mailout.Relay {
	return mailout.Relay{Addr: o.smtp.Addr(), Security: "starttls", Username: "preread", Password: password,
		TLSConfig: &tls.Config{RootCAs: o.smtp.CertPool, ServerName: o.smtp.Host(), MinVersion: tls.VersionTLS12}}
}

func TestFlushLogsInOverSTARTTLS(t *testing.T) {
	o := newOutbox(t, 2, mailtest.SMTPOptions{TLS: true, Users: map[string]string{"preread": "s3cret"}})
	s := o.sender(nil)
	s.Relay = o.startTLSRelay("s3cret")
	o.flush(s, 2, 0)
	for _, m := range o.smtp.Messages() {
		if !m.TLS || m.User != "preread" {
			t.Errorf("message to %v: TLS %v, user %q; want TLS as preread", m.To, m.TLS, m.User)
		}
	}
	o.checkDelivered(1, 1)
}

func TestFlushDefersOnRefusedLogin(t *testing.T) {
	o := newOutbox(t, 2, mailtest.SMTPOptions{TLS: true, Users: map[string]string{"preread": "s3cret"}})
	s := o.sender(nil)
	s.Relay = o.startTLSRelay("wrong")
	s.MaxAttempts = 1 // a 535 is the relay's answer to us, not to an email: never parked
	o.flush(s, 0, 0)
	o.checkStates("pending", "pending")
	if n := o.smtp.Connections(); n != 1 {
		t.Errorf("Connections() = %d, want 1 (no dial after the relay refused the login)", n)
	}
	o.clock.Advance(2 * time.Minute)
	s.Relay = o.startTLSRelay("s3cret")
	o.flush(s, 2, 0)
	o.checkDelivered(1, 1)
}

func TestFlushStopsWhenContextEnds(t *testing.T) {
	o := newOutbox(t, 3, mailtest.SMTPOptions{})
	ctx, cancel := context.WithCancel(o.ctx)
	defer cancel()
	release := make(chan struct{})
	o.smtp.SetFault(func(_ mailtest.Message, n int) error {
		if n != 2 {
			return nil
		}
		cancel() // shutdown while the relay is busy with email 2
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
		return &smtp.SMTPError{Code: 451, Message: "shutting down"}
	})
	sent, parked, err := o.sender(nil).Flush(ctx)
	close(release)
	if !errors.Is(err, context.Canceled) || sent != 1 || parked != 0 {
		t.Fatalf("Flush(cancelled during email 2) = %d, %d, %v; want 1, 0, context.Canceled", sent, parked, err)
	}
	entries, err := o.db.Outbox(o.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries[1:] {
		if e.State != "pending" || e.Attempts != 0 {
			t.Errorf("email %d = %s after %d attempts, want pending and untouched", e.ID, e.State, e.Attempts)
		}
	}
}

func TestFlushNeedsEnvelope(t *testing.T) {
	o := newOutbox(t, 1, mailtest.SMTPOptions{})
	s := o.sender(nil)
	s.Envelope = ""
	if _, _, err := s.Flush(o.ctx); err == nil {
		t.Errorf("Flush() without an envelope sender = nil, want an error")
	}
	o.checkStates("pending")
}
