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

// SentClaimer is a Queue that can mark one email sent and claim the next
// in one step (*store.DB can); the sender then does, between two emails
// of a connection, so nothing is sent before the last one is marked.
type SentClaimer interface {
	MarkSentClaim(ctx context.Context, sent, next int64, now time.Time) (bool, error)
}

// conn is one connection's share of a flush: its session, dialled when
// the first email needs it and again after a drop.
type conn struct {
	f    *flush
	sess *session
	// unmarked is the email the relay just accepted, marked sent when
	// the connection claims its next one (SentClaimer) or ends.
	unmarked *preread.Outgoing
}

// claimAndDeliver claims an email and, unless another sender has it,
// sends it and records the outcome.
func (c *conn) claimAndDeliver(ctx context.Context, o preread.Outgoing, now time.Time) error {
	var claimed bool
	var err error
	if q, ok := c.f.s.Queue.(SentClaimer); ok && c.unmarked != nil {
		claimed, err = q.MarkSentClaim(context.WithoutCancel(ctx), c.unmarked.ID, o.ID, now)
		if err != nil {
			return fmt.Errorf("mark email %d sent: %w", c.unmarked.ID, err)
		}
		c.marked()
	} else {
		claimed, err = c.f.s.Queue.Claim(ctx, o.ID, now)
	}
	if err != nil {
		return fmt.Errorf("flush outbox: %w", err)
	}
	if !claimed {
		return nil // another sender has it, or already sent it
	}
	return c.deliver(ctx, o)
}

// finish marks the last email the connection sent.
func (c *conn) finish(ctx context.Context) error {
	if c.unmarked == nil {
		return nil
	}
	if err := c.f.s.Queue.MarkSent(context.WithoutCancel(ctx), c.unmarked.ID); err != nil {
		return fmt.Errorf("mark email %d sent: %w", c.unmarked.ID, err)
	}
	c.marked()
	return nil
}

// marked counts the unmarked email as sent, now that it is marked.
func (c *conn) marked() {
	o := c.unmarked
	c.unmarked = nil
	c.f.count(&c.f.sent)
	c.f.log.Debug("email sent", "id", o.ID, "kind", o.Kind, "message_id", o.MessageID)
}

// deliver sends one email and records the outcome in the queue. Marking
// it sent waits for the connection's next claim where the queue can do
// both at once, and is never cancelled: the relay has the email.
func (c *conn) deliver(ctx context.Context, o preread.Outgoing) error {
	f := c.f
	serr := c.send(ctx, o)
	if serr == nil {
		c.unmarked = &o
		if _, ok := f.s.Queue.(SentClaimer); ok {
			return nil
		}
		return c.finish(ctx)
	}
	if err := ctx.Err(); err != nil {
		// The email's fate is unknown: it stays pending, untouched.
		f.log.Info("outbox flush cancelled", "id", o.ID, "message_id", o.MessageID, "err", err)
		return fmt.Errorf("flush outbox: %w", err)
	}
	return c.record(ctx, o, serr)
}

// count adds one to a count of f's.
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

// send hands one email to the relay over the connection's session,
// dialling it first when there is none.
func (c *conn) send(ctx context.Context, o preread.Outgoing) *SendError {
	f := c.f
	if serr := validPath(o.To); serr != nil {
		return serr
	}
	if down := f.relayDown(); down != nil {
		return down
	}
	if c.sess == nil {
		sess, err := f.s.Relay.dial(ctx)
		if err != nil && ctx.Err() != nil {
			return sendError("dial", err)
		}
		if err != nil {
			// The relay, not this email, is at fault: even a 5xx here
			// (a refused login) is not the email's to be parked for.
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.down == nil {
				f.down = sendError("dial", err)
				f.down.Permanent = false
				f.log.Error("relay unreachable", "relay", f.s.Relay.Addr, "err", f.down)
			}
			return f.down
		}
		c.sess = sess
	}
	serr := c.sess.send(f.s.envelope(o), o)
	if c.sess.lost {
		c.hangUp() // the next email dials again
	}
	return serr
}

// record keeps a failed attempt: a permanent refusal that has used up its
// attempts is parked, anything else waits for its back-off.
func (c *conn) record(ctx context.Context, o preread.Outgoing, serr *SendError) error {
	f := c.f
	attempt := o.Attempts + 1
	attrs := []any{"id", o.ID, "kind", o.Kind, "message_id", o.MessageID, "attempt", attempt, "code", serr.Code, "err", serr}
	if serr.Permanent && attempt >= f.s.maxAttempts() {
		if err := f.s.Queue.MarkFailed(ctx, o.ID, serr.reason()); err != nil {
			return fmt.Errorf("park email %d: %w", o.ID, err)
		}
		f.count(&f.parked)
		f.log.Error("email parked", attrs...)
		return nil
	}
	next := f.s.now().Add(f.s.backoff(o.Attempts))
	if err := f.s.Queue.MarkRetry(ctx, o.ID, next, serr.reason()); err != nil {
		return fmt.Errorf("defer email %d: %w", o.ID, err)
	}
	f.count(&f.deferred)
	level := slog.LevelWarn
	if serr == f.relayDown() {
		level = slog.LevelDebug // "relay unreachable" said it once for all
	}
	f.log.Log(ctx, level, "email deferred", append(attrs, "next", next)...)
	return nil
}

// hangUp closes the connection's session, if any.
func (c *conn) hangUp() {
	if c.sess == nil {
		return
	}
	if err := c.sess.close(); err != nil {
		c.f.log.Debug("relay close", "relay", c.f.s.Relay.Addr, "err", err)
	}
	c.sess = nil
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
