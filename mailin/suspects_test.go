package mailin_test

import (
	"bytes"
	"context"
	"errors"
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
