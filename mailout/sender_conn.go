package mailout

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/preread/preread"
)

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
