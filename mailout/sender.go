package mailout

import (
	"context"
	"fmt"
	"log/slog"
	"time"

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
// email in flight at that moment is affected, since each is marked before
// the next is sent. The same holds for a connection that drops after the
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

// Flush sends everything due now, reusing one connection per batch and
// dialling again when the relay drops it mid-batch, and returns how many
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
	defer f.hangUp()
	err := f.run(ctx)
	if f.sent+f.parked+f.deferred > 0 {
		f.log.Info("outbox flushed", "sent", f.sent, "parked", f.parked, "deferred", f.deferred)
	}
	return Flushed{Sent: f.sent, Deferred: f.deferred, Parked: f.parked}, err
}

// flush is the state of one Flush call.
type flush struct {
	s    *Sender
	log  *slog.Logger
	seen map[int64]bool // emails handled in this call, so none is tried twice

	conn *session   // the open session, nil between batches or after a drop
	down *SendError // set once the relay can't be reached; no more dials

	sent, parked, deferred int
}

// run sends batch after batch until none is due. It is bounded: each
// email is handled once per call, and a batch with nothing new ends it.
func (f *flush) run(ctx context.Context) error {
	now, limit := f.s.now(), f.s.batchSize()
	for {
		batch, err := f.s.Queue.Due(ctx, now, limit)
		if err != nil {
			return fmt.Errorf("flush outbox: %w", err)
		}
		fresh := 0
		for _, o := range batch {
			if f.seen[o.ID] {
				continue
			}
			f.seen[o.ID] = true
			fresh++
			claimed, err := f.s.Queue.Claim(ctx, o.ID, now)
			if err != nil {
				return fmt.Errorf("flush outbox: %w", err)
			}
			if !claimed {
				continue // another sender has it, or already sent it
			}
			if err := f.deliver(ctx, o); err != nil {
				return err
			}
		}
		f.hangUp()
		if fresh == 0 || len(batch) < limit {
			return nil
		}
	}
}

// deliver sends one email and records the outcome in the queue.
func (f *flush) deliver(ctx context.Context, o preread.Outgoing) error {
	serr := f.send(ctx, o)
	if serr == nil {
		if err := f.s.Queue.MarkSent(ctx, o.ID); err != nil {
			return fmt.Errorf("mark email %d sent: %w", o.ID, err)
		}
		f.sent++
		f.log.Debug("email sent", "id", o.ID, "kind", o.Kind, "message_id", o.MessageID)
		return nil
	}
	if err := ctx.Err(); err != nil {
		// The email's fate is unknown: it stays pending, untouched.
		f.log.Info("outbox flush cancelled", "id", o.ID, "message_id", o.MessageID, "err", err)
		return fmt.Errorf("flush outbox: %w", err)
	}
	return f.record(ctx, o, serr)
}

// send hands one email to the relay over the batch's session, dialling
// it first when there is none.
func (f *flush) send(ctx context.Context, o preread.Outgoing) *SendError {
	if serr := validPath(o.To); serr != nil {
		return serr
	}
	if f.down != nil {
		return f.down
	}
	if f.conn == nil {
		conn, err := f.s.Relay.dial(ctx)
		if err != nil && ctx.Err() != nil {
			return sendError("dial", err)
		}
		if err != nil {
			// The relay, not this email, is at fault: even a 5xx here
			// (a refused login) is not the email's to be parked for.
			f.down = sendError("dial", err)
			f.down.Permanent = false
			f.log.Error("relay unreachable", "relay", f.s.Relay.Addr, "err", f.down)
			return f.down
		}
		f.conn = conn
	}
	serr := f.conn.send(f.s.envelope(o), o)
	if f.conn.lost {
		f.hangUp() // the next email dials again
	}
	return serr
}

// record keeps a failed attempt: a permanent refusal that has used up its
// attempts is parked, anything else waits for its back-off.
func (f *flush) record(ctx context.Context, o preread.Outgoing, serr *SendError) error {
	attempt := o.Attempts + 1
	attrs := []any{"id", o.ID, "kind", o.Kind, "message_id", o.MessageID, "attempt", attempt, "code", serr.Code, "err", serr}
	if serr.Permanent && attempt >= f.s.maxAttempts() {
		if err := f.s.Queue.MarkFailed(ctx, o.ID, serr.reason()); err != nil {
			return fmt.Errorf("park email %d: %w", o.ID, err)
		}
		f.parked++
		f.log.Error("email parked", attrs...)
		return nil
	}
	next := f.s.now().Add(f.s.backoff(o.Attempts))
	if err := f.s.Queue.MarkRetry(ctx, o.ID, next, serr.reason()); err != nil {
		return fmt.Errorf("defer email %d: %w", o.ID, err)
	}
	f.deferred++
	level := slog.LevelWarn
	if serr == f.down {
		level = slog.LevelDebug // "relay unreachable" said it once for all
	}
	f.log.Log(ctx, level, "email deferred", append(attrs, "next", next)...)
	return nil
}

// hangUp closes the batch's session, if any.
func (f *flush) hangUp() {
	if f.conn == nil {
		return
	}
	if err := f.conn.close(); err != nil {
		f.log.Debug("relay close", "relay", f.s.Relay.Addr, "err", err)
	}
	f.conn = nil
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
