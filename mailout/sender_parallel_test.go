package mailout_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
)

// overlap is a relay fault that holds the first message until another
// arrives while it waits (or 10 s pass), and says whether one did: only
// two connections sending at once can do that.
type overlap struct {
	mu      sync.Mutex
	waiting chan struct{} // closed when a second message arrives
	seen    bool
}

func newOverlap() *overlap { return &overlap{waiting: make(chan struct{})} }

func (o *overlap) fault(_ mailtest.Message, n int) error {
	if n == 1 {
		select {
		case <-o.waiting:
			o.mu.Lock()
			o.seen = true
			o.mu.Unlock()
		case <-time.After(10 * time.Second):
		}
		return nil
	}
	if n == 2 {
		close(o.waiting)
	}
	return nil
}

func (o *overlap) parallel() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.seen
}

func TestFlushOverSeveralConnections(t *testing.T) {
	o := newOutbox(t, 40, mailtest.SMTPOptions{})
	ov := newOverlap()
	o.smtp.SetFault(ov.fault)
	s := o.sender(nil)
	s.Connections, s.BatchSize = 4, 5 // batches of 20, 5 to a connection
	o.flush(s, 40, 0)
	o.checkStates(repeat("sent", 40)...)
	o.checkDelivered(ones(40)...)
	if !ov.parallel() {
		t.Errorf("the relay never had two messages at once, want 4 connections sending in parallel")
	}
	if n := o.smtp.Connections(); n < 2 || n > 8 {
		t.Errorf("relay accepted %d connections, want 2 to 8 (4 for each batch of 20)", n)
	}
	o.flush(s, 0, 0) // nothing twice
	o.checkDelivered(ones(40)...)
}

func TestFlushOverOneConnectionUnlessSet(t *testing.T) {
	o := newOutbox(t, 3, mailtest.SMTPOptions{})
	o.flush(o.sender(nil), 3, 0)
	if n := o.smtp.Connections(); n != 1 {
		t.Errorf("relay accepted %d connections, want 1 (smtp.connections unset)", n)
	}
}

func TestFlushOverSeveralConnectionsDefersEachRefusal(t *testing.T) {
	o := newOutbox(t, 15, mailtest.SMTPOptions{})
	refused := map[string]bool{person(2): true, person(7): true, person(11): true}
	o.smtp.SetFault(func(m mailtest.Message, _ int) error {
		if refused[m.To[0]] {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		}
		return nil
	})
	s := o.sender(nil)
	s.Connections = 3
	n, err := s.FlushCount(o.ctx)
	if err != nil || n.Sent != 12 || n.Deferred != 3 || n.Parked != 0 {
		t.Fatalf("FlushCount() = %+v, %v; want 12 sent, 3 deferred", n, err)
	}
	want := repeat("sent", 15)
	for _, i := range []int{2, 7, 11} {
		want[i] = "pending"
	}
	o.checkStates(want...)
	o.smtp.SetFault(nil)
	o.clock.Advance(2 * time.Minute)
	o.flush(s, 3, 0)
	o.checkStates(repeat("sent", 15)...)
	o.checkDelivered(ones(15)...)
}

// A crash between the relay's acceptance and the mark, with several
// connections: the others finish the email they have and take no more;
// after the restart only the email whose mark was lost goes twice.
func TestFlushOverSeveralConnectionsAfterCrash(t *testing.T) {
	o := newOutbox(t, 12, mailtest.SMTPOptions{})
	s := o.sender(&crashingQueue{Queue: o.db, crashAt: 4})
	s.Connections = 3
	_, _, err := s.Flush(o.ctx)
	if err == nil || !strings.Contains(err.Error(), "disk I/O error") {
		t.Fatalf("Flush(crashing at the 4th mark) = %v, want the queue's error", err)
	}
	o.clock.Advance(3 * time.Minute) // the claims run out
	restart := o.sender(nil)
	restart.Connections = 3
	if _, _, err := restart.Flush(o.ctx); err != nil {
		t.Fatal(err)
	}
	o.checkStates(repeat("sent", 12)...)
	twice := 0
	for id, n := range o.delivered() {
		switch {
		case n == 2:
			twice++
		case n != 1:
			t.Errorf("email %s delivered %d times", id, n)
		}
	}
	if len(o.delivered()) != 12 || twice != 1 {
		t.Errorf("%d emails delivered, %d of them twice; want all 12, one twice (the one whose mark was lost)", len(o.delivered()), twice)
	}
}

// crashingClaimer is the store with its combined mark-and-claim failing
// the crashAt-th time, as if preread died between the relay's acceptance
// of one email and the commit that marks it and claims the next.
type crashingClaimer struct {
	*store.DB
	mu                sync.Mutex
	crashAt, accepted int
}

func (q *crashingClaimer) MarkSentClaim(ctx context.Context, sent, next int64, now time.Time) (bool, error) {
	q.mu.Lock()
	q.accepted++
	crash := q.accepted == q.crashAt
	q.mu.Unlock()
	if crash {
		return false, errors.New("disk I/O error")
	}
	return q.DB.MarkSentClaim(ctx, sent, next, now)
}

func TestFlushMarksAndClaimsTogetherAfterCrash(t *testing.T) {
	for _, conns := range []int{1, 3} {
		t.Run(fmt.Sprint(conns, " connections"), func(t *testing.T) {
			o := newOutbox(t, 9, mailtest.SMTPOptions{})
			s := o.sender(&crashingClaimer{DB: o.db, crashAt: 3})
			s.Connections = conns
			if _, _, err := s.Flush(o.ctx); err == nil || !strings.Contains(err.Error(), "disk I/O error") {
				t.Fatalf("Flush(crashing at the 3rd mark) = %v, want the queue's error", err)
			}
			if conns == 1 {
				// Emails 1 and 2 were marked with the claims of 2 and 3;
				// 3's mark was lost with 4's claim.
				o.checkStates("sent", "sent", "pending", "pending", "pending", "pending", "pending", "pending", "pending")
				o.checkDelivered(1, 1, 1, 0, 0, 0, 0, 0, 0)
			}
			o.clock.Advance(3 * time.Minute)
			restart := o.sender(nil)
			restart.Connections = conns
			if _, _, err := restart.Flush(o.ctx); err != nil {
				t.Fatal(err)
			}
			o.checkStates(repeat("sent", 9)...)
			twice := 0
			for _, n := range o.delivered() {
				if n == 2 {
					twice++
				}
			}
			if len(o.delivered()) != 9 || twice != 1 {
				t.Errorf("%d emails delivered, %d of them twice; want all 9, one twice (the one whose mark was lost)", len(o.delivered()), twice)
			}
		})
	}
}
