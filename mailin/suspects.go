package mailin

import (
	"context"
	"slices"

	"github.com/emersion/go-imap/v2/imapclient"
)

// maxAloneDeaths is how many times the process may die while reading one
// message alone before that message is failed unread: a message that
// kills the process (out of memory, a crash in a parser) must not be
// fetched again forever.
const maxAloneDeaths = 2

// diedReason is why a message that stopped the pass twice, read alone, is
// failed unread: it killed the process, or the server dropped the
// connection at it.
const diedReason = "reading this message stopped preread's pass twice with no other message in it (the process died or the server dropped the connection); it is not read again"

// readSuspects handles the messages an earlier pass began to read and
// never recorded, the process having died meanwhile: each is read alone,
// so a message that kills the process is told apart from the ones read
// with it, and one that died alone maxAloneDeaths times is failed unread.
// It returns the other UIDs, for the usual stream, and the suspects over
// the size limit, for readOversized.
func (s *Syncer) readSuspects(ctx context.Context, c *imapclient.Client, validity uint32, uids []uint32, progress func(int), stats *Stats) (rest, tooBig []uint32, err error) {
	attempts, err := s.Filer.Attempts(ctx, validity)
	if err != nil || len(attempts) == 0 {
		return uids, nil, err
	}
	var suspects, dead, gone []uint32
	for _, uid := range uids {
		switch a, ok := attempts[uid]; {
		case !ok:
			rest = append(rest, uid)
		case a.Alone >= maxAloneDeaths:
			dead = append(dead, uid)
		default:
			suspects = append(suspects, uid)
		}
		delete(attempts, uid)
	}
	for uid := range attempts {
		gone = append(gone, uid) // no longer in the inbox
	}
	if err := s.Filer.DropAttempts(ctx, validity, gone); err != nil {
		return nil, nil, err
	}
	if err := s.failDead(ctx, c, validity, dead, progress, stats); err != nil {
		return nil, nil, err
	}
	if len(suspects) > 0 {
		s.Log.Warn("reading one by one the messages an earlier pass stopped on", "count", len(suspects))
	}
	slices.Sort(suspects)
	for _, uid := range suspects {
		big, err := s.stream(ctx, c, validity, []uint32{uid}, true, progress, stats)
		if err != nil {
			return nil, nil, err
		}
		tooBig = append(tooBig, big...)
	}
	return rest, tooBig, nil
}
