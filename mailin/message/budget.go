package message

import (
	"errors"
	"io"
	"time"
)

// ErrTooSlow is ReadBody giving up: the body took longer to read than the
// time it was given. Go can't stop a running parse, so every costly step
// reads its input through a clock and stops when the clock runs out.
var ErrTooSlow = errors.New("reading the body took longer than its time budget")

// clock is a deadline that the steps of a body's reading check as they go.
// A nil *clock, or one with the zero deadline, never runs out.
type clock struct {
	deadline time.Time
	err      error // ErrTooSlow once the deadline has passed
}

func newClock(deadline time.Time) *clock { return &clock{deadline: deadline} }

// expired reports whether the deadline has passed, and remembers it.
func (c *clock) expired() bool {
	if c == nil || c.deadline.IsZero() {
		return false
	}
	if c.err == nil && !time.Now().Before(c.deadline) {
		c.err = ErrTooSlow
	}
	return c.err != nil
}

// share returns a clock that runs out after 1/n of the time c has left;
// with no deadline on c, one that never runs out, so that output without a
// budget does not depend on the machine's speed.
func (c *clock) share(n int) *clock {
	if c == nil || c.deadline.IsZero() {
		return nil
	}
	return newClock(time.Now().Add(time.Until(c.deadline) / time.Duration(n)))
}

// clockReader fails with ErrTooSlow once its clock runs out. The HTML
// tokenizer reads at most 4 KiB at a time, so the parser checks the clock
// every 4 KiB of input.
type clockReader struct {
	r io.Reader
	c *clock
}

func (r clockReader) Read(p []byte) (int, error) {
	if r.c.expired() {
		return 0, ErrTooSlow
	}
	return r.r.Read(p)
}
