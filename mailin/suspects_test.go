package mailin_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
)

// dyingProcessor stands for a process that dies (out of memory, killed)
// while it reads a message holding marker: it stops the pass where it is,
// and nothing after that point is recorded, as after a real death.
type dyingProcessor struct {
	mailin.Processor
	marker []byte
	deaths *atomic.Int32
	die    context.CancelCauseFunc
}

var errDied = errors.New("the process died")

func (p *dyingProcessor) Process(ctx context.Context, raw []byte, received time.Time) (preread.Processed, error) {
	if bytes.Contains(raw, p.marker) {
		p.deaths.Add(1)
		p.die(errDied)
		<-ctx.Done()
		return preread.Processed{}, context.Cause(ctx)
	}
	return p.Processor.Process(ctx, raw, received)
}

// TestAMessageThatKillsThePassIsFailedAfterDyingAloneTwice: the first
// death is in a batch; the messages begun with it are then read one by
// one, so the others are filed and the killer dies alone, twice; the pass
// after that fails it unread, and nothing is filed twice or lost.
func TestAMessageThatKillsThePassIsFailedAfterDyingAloneTwice(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	filed, rejected := deliverReplies(e, 12)
	killer := mailtest.Reply(99, "alice@corp.example", "Alice", "preread@corp.example", "preread@corp.example")
	killer = bytes.Replace(killer, []byte("Subject: "), []byte("X-Killer: yes\r\nSubject: "), 1)
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", killer)
	more, moreRejected := deliverRepliesFrom(e, 12, 9)
	filed, rejected = filed+more, rejected+moreRejected

	var deaths atomic.Int32
	for pass := 1; pass <= 3; pass++ {
		s := e.syncer(mailtest.LogTo(t))
		mailin.SetStreamLimits(s, 7, 5, 2, 4<<10)
		ctx, die := context.WithCancelCause(t.Context())
		s.Processor = &dyingProcessor{Processor: s.Processor, marker: []byte("X-Killer: yes"), deaths: &deaths, die: die}
		err := passError(t, func() error {
			_, err := s.Pass(ctx, mailin.NewConn(e.dovecot.Client(t, mailtest.DefaultUser)))
			return err
		})
		if !errors.Is(err, errDied) {
			t.Fatalf("pass %d = %v, want it to die on the killer", pass, err)
		}
		die(nil)
	}
	if got := deaths.Load(); got != 3 {
		t.Fatalf("the killer was read %d times in three passes, want 3", got)
	}
	// The fourth pass does not read it again: it goes to Failed unread.
	s := e.syncer(mailtest.LogTo(t))
	s.Processor = &dyingProcessor{Processor: s.Processor, marker: []byte("X-Killer: yes"), deaths: &deaths, die: func(error) {}}
	if _, err := e.pass(s); err != nil {
		t.Fatal(err)
	}
	if got := deaths.Load(); got != 3 {
		t.Errorf("the killer was read again in the fourth pass (%d reads)", got)
	}
	checkFiledOnce(t, e, filed, rejected)
	if got := e.count("preread/Failed"); got != 1 {
		t.Errorf("Failed holds %d, want the killer", got)
	}
	p, err := e.db.Processed(t.Context(), messageKey(t, killer))
	if err != nil || p.Outcome != preread.OutcomeFailed || p.Reason == "" {
		t.Errorf("the killer's record = %+v, %v; want failed with the reason", p, err)
	}
}

// TestAMessageTheServerDropsTheConnectionOnIsFailedAndTheRestFiled: a
// damaged file on disk that the server answers by dropping the connection
// (Dovecot's way) at every read of it, even of its envelope, fails every
// pass that reaches it. Within a bounded number of passes it is failed
// unread in the Failed folder, each message beside it is filed, and a
// pass after that runs clean: the mailbox is not stuck behind it.
func TestAMessageTheServerDropsTheConnectionOnIsFailedAndTheRestFiled(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	status := mailbox.Build(preread.SubAddress{Kind: preread.AddressStatus, Token: e.tokens["alice@corp.example"]})
	for i := 1; i <= 5; i++ {
		raw := mailtest.Reply(i, "alice@corp.example", "Alice", status, status)
		if i == 3 {
			raw = bytes.Replace(raw, []byte("<bench-3@"), []byte("<damaged@"), 1)
		}
		e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", raw)
	}
	e.dovecot.Unreadable(t, mailtest.DefaultUser, "<damaged@")
	passes := 0
	inbox := func() int { return e.dovecot.Count(t, mailtest.DefaultUser, "INBOX") }
	for ; passes < 8 && inbox() > 0; passes++ {
		if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
			t.Logf("pass %d: %v", passes+1, err)
		}
	}
	if got := inbox(); got != 0 {
		t.Fatalf("after %d passes INBOX still holds %d: the damaged message holds the mailbox up", passes, got)
	}
	if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
		t.Errorf("a pass after the damaged message left = %v, want it clean", err)
	}
	if got := e.dovecot.Count(t, mailtest.DefaultUser, "preread/Failed"); got != 1 {
		t.Errorf("Failed holds %d, want the damaged message", got)
	}
	for _, i := range []int{1, 2, 4, 5} {
		key := fmt.Sprintf("<bench-%d@mail.example>", i)
		if p, err := e.db.Processed(t.Context(), key); err != nil || p.Outcome != preread.OutcomeFiled {
			t.Errorf("%s: %+v, %v; want filed", key, p, err)
		}
	}
}
