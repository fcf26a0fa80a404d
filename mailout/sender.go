package mailout

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/preread/preread"
)

// Queue is the outbox as the sender sees it. *store.DB is one.
type Queue interface {
	// Due lists up to limit pending emails due at now, oldest first.
	Due(ctx context.Context, now time.Time, limit int) ([]preread.Outgoing, error)
	// Claim takes one due email just before it is sent; false when another
	// sender has it.
	Claim(ctx context.Context, id int64, now time.Time) (bool, error)
	// MarkSent records that the relay accepted an email.
	MarkSent(ctx context.Context, id int64) error
	// MarkRetry records a failed attempt and when to try again.
	MarkRetry(ctx context.Context, id int64, next time.Time, reason string) error
	// MarkFailed parks an email the relay refused for good.
	MarkFailed(ctx context.Context, id int64, reason string) error
}

// Defaults for the zero values of Sender's fields.
const (
	defaultBatchSize   = 100
	defaultMaxAttempts = 3
	defaultMinBackoff  = time.Minute
	defaultMaxBackoff  = time.Hour
)

// Sender delivers the outbox through the relay. It sends the bytes the
// outbox holds, exactly as they were rendered once (headers, Message-ID
// and Date included), to the one recipient each email was queued for;
// it never renders anything.
//
// Delivery is at least once. An email is marked sent only after the relay
// accepted it, so if preread stops between the relay's acceptance and
// MarkSent's commit (a crash, a database error, a cancelled context), the
// email stays pending and the next Flush sends the same bytes again: the
// recipient gets it twice, with the same Message-ID, which mail clients
// and servers that deduplicate by Message-ID show once. Only the one
// email in flight at that moment on each connection is affected, since
// each is marked before its connection sends the next. The same holds for a connection that drops after the
// message was transmitted but before the relay's reply arrived.
type Sender struct {
	Relay    Relay
	Queue    Queue
	Envelope string // MAIL FROM address, e.g. preread@corp.example
	// Bounces, when set, gives each email a MAIL FROM of its recipient's
	// own: preread+bounce.TOKEN@…, where auto-replies and bounces go
	// (RFC 3834 §4, RFC 5321 §4.5.5). Their token shows whose they are,
	// so a forged out-of-office can't mute anyone. Emails to someone
	// without a token go from Envelope.
	Bounces *preread.Mailbox
	Now     func() time.Time
	Log     *slog.Logger

	// BatchSize is how many emails go over one connection before it is
	// closed and the next batch dials again; 100 when 0.
	BatchSize int
	// Connections is how many connections to the relay send at once
	// (smtp.connections), each an email at a time; 1 when 0. Each email is
	// still claimed before it is sent and marked sent before its
	// connection takes the next, so a crash resends at most the one email
	// in flight on each connection.
	Connections int
	// MaxAttempts is how many tries a permanently refused (5xx) email gets
	// before it is parked as failed; 3 when 0. Tries are counted by the
	// outbox and include earlier temporary failures. Temporary failures
	// never park an email: it is retried with capped back-off until the
	// relay takes it.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the wait before a retry: MinBackoff
	// after the first failure, doubling with each attempt up to
	// MaxBackoff, less up to a quarter of jitter; 1 minute and 1 hour when
	// 0.
	MinBackoff, MaxBackoff time.Duration
}

// Flush sends everything due now over Connections connections, each
// reused for a batch and dialled again when the relay drops it mid-batch,
// and returns how many
// emails were sent and how many were parked as failed. It returns an
// error only when the queue (the database) fails or ctx ends; trouble
// with the relay is recorded per email and retried later.
func (s *Sender) Flush(ctx context.Context) (sent, parked int, err error) {
	n, err := s.FlushCount(ctx)
	return n.Sent, n.Parked, err
}

// Flushed counts what became of the emails one flush tried.
type Flushed struct {
	Sent     int // the relay accepted them
	Deferred int // they wait for another try: the relay was down, said to try later, or refused with tries left
	Parked   int // refused for good, parked as failed
}

// FlushCount is Flush that also counts the emails deferred, so a command
// can tell a flush that sent nothing from one that had nothing to send.
func (s *Sender) FlushCount(ctx context.Context) (Flushed, error) {
	if err := validPath(s.Envelope); err != nil {
		return Flushed{}, fmt.Errorf("flush outbox: envelope sender: %w", err)
	}
	f := &flush{s: s, log: s.logger(), seen: make(map[int64]bool)}
	err := f.run(ctx)
	if f.sent+f.parked+f.deferred > 0 {
		f.log.Info("outbox flushed", "sent", f.sent, "parked", f.parked, "deferred", f.deferred)
	}
	return Flushed{Sent: f.sent, Deferred: f.deferred, Parked: f.parked}, err
}

// flush is the state of one Flush call, shared by its connections.
type flush struct {
	s    *Sender
	log  *slog.Logger
	seen map[int64]bool // emails handled in this call, so none is tried twice; run's alone

	mu                     sync.Mutex
	down                   *SendError // set once the relay can't be reached; no more dials
	sent, parked, deferred int
}

// run sends batch after batch until none is due, each batch over the
// Sender's connections in parallel. It is bounded: each email is handled
// once per call, and a batch with nothing new ends it. A batch ends when
// all of its emails are done, and its connections are closed, so the next
// query sees none of them pending unclaimed.
func (f *flush) run(ctx context.Context) error {
	now, n := f.s.now(), f.s.connections()
	limit := f.s.batchSize() * n
	for {
		batch, err := f.s.Queue.Due(ctx, now, limit)
		if err != nil {
			return fmt.Errorf("flush outbox: %w", err)
		}
		var fresh []preread.Outgoing
		for _, o := range batch {
			if !f.seen[o.ID] {
				f.seen[o.ID] = true
				fresh = append(fresh, o)
			}
		}
		if err := f.batch(ctx, fresh, now, n); err != nil {
			return err
		}
		if len(fresh) == 0 || len(batch) < limit {
			return nil
		}
	}
}

// batch hands the emails to n connections, each taking the next email
// when it is done with one, and waits for all of them. After an error
// (the queue's, or ctx's) no connection takes another email.
func (f *flush) batch(ctx context.Context, emails []preread.Outgoing, now time.Time, n int) error {
	jobs := make(chan preread.Outgoing, len(emails))
	for _, o := range emails {
		jobs <- o
	}
	close(jobs)
	var g errgroup.Group
	var failed atomic.Bool
	for range min(n, len(emails)) {
		g.Go(func() error {
			c := &conn{f: f}
			defer c.hangUp()
			for o := range jobs {
				if failed.Load() {
					break
				}
				if err := c.claimAndDeliver(ctx, o, now); err != nil {
					failed.Store(true)
					return err
				}
			}
			if err := c.finish(ctx); err != nil {
				failed.Store(true)
				return err
			}
			return nil
		})
	}
	return g.Wait()
}

func (f *flush) count(n *int) {
	f.mu.Lock()
	*n++
	f.mu.Unlock()
}

// relayDown is the error that said the relay can't be reached, if any.
func (f *flush) relayDown() *SendError {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.down
}

func (s *Sender) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Sender) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

func (s *Sender) batchSize() int {
	if s.BatchSize <= 0 {
		return defaultBatchSize
	}
	return s.BatchSize
}

func (s *Sender) connections() int {
	if s.Connections <= 0 {
		return 1
	}
	return s.Connections
}

func (s *Sender) maxAttempts() int {
	if s.MaxAttempts <= 0 {
		return defaultMaxAttempts
	}
	return s.MaxAttempts
}

// envelope is the MAIL FROM of one email: its recipient's bounce address,
// or Envelope.
func (s *Sender) envelope(o preread.Outgoing) string {
	if s.Bounces == nil || o.Token == "" {
		return s.Envelope
	}
	return s.Bounces.Build(preread.SubAddress{Kind: preread.AddressBounce, Token: o.Token})
}
