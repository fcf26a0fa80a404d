package mailin

// SetBeforeMove stops a Syncer between committing a batch and moving it,
// as a crash would.
func SetBeforeMove(s *Syncer, f func() error) { s.beforeMove = f }

// SetStreamLimits shrinks a Syncer's pipeline so a test of a few messages
// crosses fetch, batch and move boundaries and the byte budget.
func SetStreamLimits(s *Syncer, fetchChunk, moveMin, queueLen int, inFlight int64) {
	s.limits = &streamLimits{fetchChunk: fetchChunk, moveMin: moveMin, queueLen: queueLen, inFlight: inFlight}
}
