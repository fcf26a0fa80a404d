package mailin

import (
	"context"
	"errors"
	"fmt"

	"github.com/emersion/go-imap/v2"
)

// busy says a NO is the server's state for now, not the message's
// (RFC 5530: UNAVAILABLE, a temporary failure such as Gmail's bandwidth
// limit; INUSE): no message is failed for it. LIMIT is not one: it names
// a limit the message itself may break, and retrying won't help.
func busy(err error) bool {
	var e *imap.Error
	if !errors.As(err, &e) || e.Type != imap.StatusResponseTypeNo {
		return false
	}
	return e.Code == imap.ResponseCodeUnavailable || e.Code == imap.ResponseCodeInUse
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

// undelivered is the UIDs of part a FETCH did not give.
func undelivered(part []uint32, delivered map[uint32]bool) []uint32 {
	var out []uint32
	for _, uid := range part {
		if !delivered[uid] {
			out = append(out, uid)
		}
	}
	return out
}
