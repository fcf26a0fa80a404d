package mailin_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
)

// deliverReplies appends n status replies, from Alice and Bob by turn,
// and every seventh from a stranger; one in ten carries a 20 KB
// attachment, more than a shrunken byte budget holds.
func deliverReplies(e *ingestEnv, n int) (filed, rejected int) {
	e.t.Helper()
	return deliverRepliesFrom(e, 0, n)
}

// deliverRepliesFrom is deliverReplies numbering the messages from first.
func deliverRepliesFrom(e *ingestEnv, first, n int) (filed, rejected int) {
	e.t.Helper()
	for i := first; i < first+n; i++ {
		who := []string{"alice", "bob"}[i%2]
		from := who + "@corp.example"
		to := func(kind preread.AddressKind) string {
			return mailbox.Build(preread.SubAddress{Kind: kind, Token: e.tokens[from]})
		}
		raw := mailtest.Reply(i, from, who, to("status"), to("agenda"))
		if i%7 == 3 {
			raw = mailtest.Reply(i, "stranger@elsewhere.example", "Stranger", "preread@corp.example", "preread@corp.example")
			rejected++
		} else {
			filed++
		}
		if i%10 == 9 {
			boundary := fmt.Sprintf("--b%d", i)
			att := strings.Repeat(strings.Repeat("QUJD", 19)+"\r\n", 20<<10/78)
			raw = []byte(strings.Replace(string(raw), boundary+"--", boundary+"\r\nContent-Type: application/pdf\r\n"+
				"Content-Disposition: attachment; filename=notes.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"+att+boundary+"--", 1))
		}
		e.dovecot.Append(e.t, mailtest.DefaultUser, "INBOX", raw)
	}
	return filed, rejected
}

// checkFiledOnce wants every reply filed once and every message out of the
// inbox, in its folder.
func checkFiledOnce(t *testing.T, e *ingestEnv, filed, rejected int) {
	t.Helper()
	keys := filedKeys(t, e)
	if len(keys) != filed {
		t.Errorf("notebook holds %d messages, want %d", len(keys), filed)
	}
	for key, n := range keys {
		if n != 1 {
			t.Errorf("%s filed %d times", key, n)
		}
	}
	for folder, want := range map[string]int{"INBOX": 0, "preread/Processed": filed, "preread/Rejected": rejected} {
		if got := e.count(folder); got != want {
			t.Errorf("%s holds %d, want %d", folder, got, want)
		}
	}
}

// filedKeys counts the notebook's entries by message.
func filedKeys(t *testing.T, e *ingestEnv) map[string]int {
	t.Helper()
	nb, err := e.db.Notebook(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]int{}
	for _, s := range nb.Status {
		keys[s.MessageID]++
	}
	for _, a := range nb.Agenda {
		keys[a.MessageID]++
	}
	return keys
}

func TestPassAcrossFetchBatchAndMoveBoundaries(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	filed, rejected := deliverReplies(e, 45)
	s := e.syncer(mailtest.LogTo(t))
	// Fetches of 7, commits of 4 (BatchSize), moves of 5 or more, two
	// messages in a queue, 4 KB in flight: every boundary is crossed many
	// times and each 20 KB message goes through alone.
	mailin.SetStreamLimits(s, 7, 5, 2, 4<<10)
	var last [2]int
	s.Progress = func(done, total int) { last = [2]int{done, total} }
	stats, err := e.pass(s)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Seen != 45 || stats.Outcomes[preread.OutcomeFiled] != filed || stats.Outcomes[preread.OutcomeRejected] != rejected {
		t.Errorf("stats = %+v, want 45 seen: %d filed, %d rejected", stats, filed, rejected)
	}
	if last != [2]int{45, 45} {
		t.Errorf("last progress = %v, want 45 of 45", last)
	}
	checkFiledOnce(t, e, filed, rejected)
}

// nthProcessor calls at on its nth message, before processing it: a lost
// database (at returns an error) or a SIGTERM (at cancels the pass).
type nthProcessor struct {
	mailin.Processor
	n    int32
	seen atomic.Int32
	at   func() error
}

func (p *nthProcessor) Process(ctx context.Context, raw []byte, received time.Time) (preread.Processed, error) {
	if p.seen.Add(1) == p.n {
		if err := p.at(); err != nil {
			return preread.Processed{}, err
		}
	}
	return p.Processor.Process(ctx, raw, received)
}

// passError runs a pass and returns its error; the test fails when the
// pass has not returned within 30 seconds.
func passError(t *testing.T, pass func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- pass() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("Pass() did not return")
		return nil
	}
}

var errLookup = errors.New("database is gone")

func TestPassStopsAtAProcessingErrorAndTheNextPassFilesTheRest(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	filed, rejected := deliverReplies(e, 30)
	s := e.syncer(mailtest.LogTo(t))
	mailin.SetStreamLimits(s, 7, 5, 2, 4<<10)
	s.Processor = &nthProcessor{Processor: s.Processor, n: 17, at: func() error { return errLookup }}
	err := passError(t, func() error {
		_, err := e.pass(s)
		return err
	})
	if !errors.Is(err, errLookup) {
		t.Fatalf("Pass() = %v, want the processing error", err)
	}
	if got := e.count("INBOX"); got == 0 {
		t.Error("every message left the inbox although processing stopped")
	}
	// Started again: what was committed is not filed twice, the rest is filed.
	stats, err := e.pass(e.syncer(mailtest.LogTo(t)))
	if err != nil {
		t.Fatal(err)
	}
	if stats.Seen == 0 {
		t.Error("the second pass saw nothing")
	}
	checkFiledOnce(t, e, filed, rejected)
}

func TestPassReturnsPromptlyWhenCancelledMidStream(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	filed, rejected := deliverReplies(e, 30)
	s := e.syncer(mailtest.LogTo(t))
	mailin.SetStreamLimits(s, 7, 5, 2, 4<<10)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	s.Processor = &nthProcessor{Processor: s.Processor, n: 12, at: func() error { cancel(); return nil }}
	err := passError(t, func() error {
		_, err := s.Pass(ctx, mailin.NewConn(e.dovecot.Client(t, mailtest.DefaultUser)))
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Pass() = %v, want context.Canceled", err)
	}
	if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
		t.Fatal(err)
	}
	checkFiledOnce(t, e, filed, rejected)
}
