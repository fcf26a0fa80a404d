package mailin

import (
	"context"
	"errors"
	"fmt"

	"github.com/emersion/go-imap/v2"
)

// busy says a NO is the server's state for now, not the message's
// (RFC 5530: UNAVAILABLE, a temporary failure such as Gmail's bandwidth
// limit; INUSE; LIMIT): no message is failed for it.
func busy(err error) bool {
	var e *imap.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case imap.ResponseCodeUnavailable, imap.ResponseCodeInUse, imap.ResponseCodeLimit:
		return true
	}
	return false
}

// endBusy ends a pass the server refused for now: the reads noted for
// uids are taken back, since nothing of theirs stopped the pass, and the
// error says to try later. The messages stay in the inbox for the next
// pass.
func (s *Syncer) endBusy(ctx context.Context, validity uint32, uids []uint32, alone bool, err error) error {
	if terr := s.Filer.TakeBackAttempts(ctx, validity, uids, alone); terr != nil {
		return terr
	}
	return fmt.Errorf("the server refused to give messages for now, the next pass tries again: %w", err)
}
