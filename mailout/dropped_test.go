package mailout_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
)

// Mail waiting for someone who leaves the directory is never sent: not by
// the next flush, not after any back-off, and not after a refusal parked it.
func TestMailOfSomeoneRemovedIsNeverSent(t *testing.T) {
	o := newOutbox(t, 3, mailtest.SMTPOptions{})
	s := o.sender(nil)
	o.smtp.SetFault(firstTryFails())
	o.flush(s, 0, 0) // all three wait for a retry
	o.checkStates(repeat("pending", 3)...)

	dir := people(3)
	dir.People = slices.Delete(dir.People, 1, 2) // person001 leaves
	if _, err := o.db.SyncDirectory(o.ctx, dir); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		o.clock.Advance(2 * time.Hour)
		s.Flush(o.ctx)
	}
	o.checkStates("sent", "dropped", "sent")
	o.checkDelivered(1, 0, 1)
	for _, m := range o.smtp.Messages() {
		if slices.Contains(m.To, person(1)) {
			t.Errorf("the relay got mail for %s, who left the directory", person(1))
		}
	}
	hist, err := o.db.OutboxHistory(o.ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hist {
		if h.Recipient == person(1) && (h.State != "dropped" || h.Reason != store.DropRemoved) {
			t.Errorf("history of %s's email: %s %q, want dropped: %s", person(1), h.State, h.Reason, store.DropRemoved)
		}
	}
}

// The history reads each email's subject from the header the outbox
// keeps, as it was rendered: encoded words, folded lines and all.
func TestHistoryShowsTheRenderedSubject(t *testing.T) {
	o := newOutbox(t, 3, mailtest.SMTPOptions{})
	subjects := []string{"", "1:1 mit Jürgen — Äpfel & Birnen", "[STATUS]" + strings.Repeat(" a long subject", 12)}
	for i, subject := range subjects {
		e := prompt(person(i), "2026-11-25", o.clock.Now())
		e.Subject = subject
		if err := o.db.Enqueue(o.ctx, render(t, e)); err != nil {
			t.Fatal(err)
		}
	}
	hist, err := o.db.OutboxHistory(o.ctx, time.Time{})
	if err != nil || len(hist) != 6 {
		t.Fatalf("OutboxHistory() = %d emails, %v; want 6", len(hist), err)
	}
	for i, subject := range subjects {
		h := hist[2-i] // newest first
		if bytes.Contains(h.Header, []byte("\r\n\r\n")) || bytes.Contains(h.Header, []byte("Reply with")) {
			t.Errorf("email %d: the history read past the header: %q", h.ID, h.Header)
		}
		if got := mailout.Subject(h.Header); got != subject {
			t.Errorf("Subject(header of email %d) = %q, want %q", h.ID, got, subject)
		}
	}
	if got := mailout.Subject([]byte("no header at all")); got != "" {
		t.Errorf("Subject(not a header) = %q, want empty", got)
	}
}
