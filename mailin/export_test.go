package mailin

import "github.com/emersion/go-imap/v2/imapclient"

// NewConn wraps a client that a test logged in itself (mailtest's Dovecot),
// for a Syncer's Pass.
func NewConn(c *imapclient.Client) *Conn { return &Conn{c: c} }

// Client is the IMAP client under a Conn, for a test to look around with.
func Client(c *Conn) *imapclient.Client { return c.c }

// SetBeforeMove stops a Syncer between committing a batch and moving it,
// as a crash would.
func SetBeforeMove(s *Syncer, f func() error) { s.beforeMove = f }

// SetStreamLimits shrinks a Syncer's pipeline so a test of a few messages
// crosses fetch, batch and move boundaries and the byte budget.
func SetStreamLimits(s *Syncer, fetchChunk, moveMin, queueLen int, inFlight int64) {
	s.limits = &streamLimits{fetchChunk: fetchChunk, moveMin: moveMin, queueLen: queueLen, inFlight: inFlight}
}

var Busy = busy
