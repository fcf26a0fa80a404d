package mailout

import (
	"math/rand/v2"
	"time"
)

// backoff is how long to wait before the next try of an email that has
// failed attempts times before this failure: MinBackoff doubling with each
// attempt, capped at MaxBackoff, less a random quarter so that emails that
// failed together (a relay outage) don't all come back in the same second.
func (s *Sender) backoff(attempts int) time.Duration {
	lo, hi := s.MinBackoff, s.MaxBackoff
	if lo <= 0 {
		lo = defaultMinBackoff
	}
	if hi <= 0 {
		hi = defaultMaxBackoff
	}
	if hi < lo {
		hi = lo
	}
	d := lo
	for i := 0; i < attempts && d < hi; i++ {
		d = min(d, hi/2) * 2 // never overflows
	}
	d = max(min(d, hi), lo)
	if j := d / 4; j > 0 {
		d -= rand.N(j)
	}
	return d
}
