package mailin

// SetBeforeMove stops a Syncer between committing a batch and moving it,
// as a crash would.
func SetBeforeMove(s *Syncer, f func() error) { s.beforeMove = f }
