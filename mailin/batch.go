package mailin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
)

// failDead records messages that stopped the pass twice when read alone
// as failed without reading them again, from their envelopes alone, and
// moves them to the Failed folder.
//
// The envelope is read from the message, and a message that died alone
// twice may be one the server drops the connection on (a damaged file,
// in Dovecot's way): each envelope is asked for alone, noted as one more
// read alone first, and a message noted so (envelopeTried) is known by
// its UID alone, so it can't hold the mailbox up.
func (s *Syncer) failDead(ctx context.Context, c *imapclient.Client, validity uint32, uids []uint32, progress func(int), stats *Stats) error {
	if len(uids) == 0 {
		return nil
	}
	for _, uid := range uids {
		s.Log.Error("message failed unread: reading it alone stopped the pass twice", "uid", uid, "uidvalidity", validity)
	}
	attempts, err := s.Filer.Attempts(ctx, validity)
	if err != nil {
		return err
	}
	var results []preread.Processed
	for _, uid := range uids {
		m := &imapclient.FetchMessageBuffer{UID: imap.UID(uid)}
		if attempts[uid].Alone >= envelopeTried {
			s.Log.Warn("message failed by its UID alone: a pass stopped reading its envelope", "uid", uid, "uidvalidity", validity)
		} else if m, err = s.envelope(ctx, c, validity, uid); err != nil {
			if busy(err) && len(results) > 0 { // keep the envelopes read so far
				if rerr := s.fileResults(ctx, c, validity, results, progress, stats); rerr != nil {
					return rerr
				}
			}
			return err
		} else if m == nil {
			continue // expunged meanwhile: the next pass drops its note
		}
		p := unread(validity, uid, m)
		p.Reason = diedReason
		results = append(results, p)
	}
	return s.fileResults(ctx, c, validity, results, progress, stats)
}

// fileResults records results and moves their messages.
func (s *Syncer) fileResults(ctx context.Context, c *imapclient.Client, validity uint32, results []preread.Processed, progress func(int), stats *Stats) error {
	var moves map[string][]uint32
	if err := s.record(ctx, validity, results, stats, func(m map[string][]uint32) { moves = m }); err != nil {
		return err
	}
	if err := newMover(s, c, validity, 0).move(ctx, moves); err != nil {
		return err
	}
	progress(len(results))
	return nil
}

// envelopeTried is how many reads alone a message failed unread has once
// its envelope was asked for: the deaths that failed it, and that one.
const envelopeTried = maxAloneDeaths + 1

// envelope fetches the envelope of one message, noted as read
// alone first; a server's NO leaves it known by its UID, and nil says it
// is gone.
func (s *Syncer) envelope(ctx context.Context, c *imapclient.Client, validity, uid uint32) (*imapclient.FetchMessageBuffer, error) {
	if err := s.Filer.StartAttempts(ctx, validity, []uint32{uid}, true); err != nil {
		return nil, err
	}
	got, err := c.Fetch(imap.UIDSetNum(imap.UID(uid)), &imap.FetchOptions{UID: true, Envelope: true}).Collect()
	var refused *imap.Error
	switch {
	case busy(err):
		return nil, s.endBusy(ctx, validity, []uint32{uid}, true, err)
	case errors.As(err, &refused):
		s.Log.Warn("the server would not give the envelope of a message failed unread", "uid", uid, "err", err)
		return &imapclient.FetchMessageBuffer{UID: imap.UID(uid)}, nil
	case err != nil:
		return nil, fmt.Errorf("fetch envelope: %w", err)
	case len(got) == 0:
		return nil, nil
	}
	return got[0], nil
}

// record commits a batch's results and says where each message goes: to
// moved as soon as they are committed, so the moves need not wait for the
// log lines. A message recorded before (a duplicate, or a re-scan) goes
// where the first went.
func (s *Syncer) record(ctx context.Context, validity uint32, results []preread.Processed, stats *Stats, moved func(map[string][]uint32)) error {
	if len(results) == 0 {
		return nil
	}
	dup, err := s.Filer.RecordBatch(ctx, s.Folders.Inbox, results)
	if err != nil {
		return err
	}
	moves := map[string][]uint32{}
	outcomes := make([]preread.Outcome, len(results))
	for i, p := range results {
		outcomes[i] = p.Outcome
		if dup[i] {
			first, err := s.Filer.Processed(ctx, p.Key)
			if err != nil {
				return err
			}
			outcomes[i] = first.Outcome
		}
		stats.Seen++
		stats.Outcomes[outcomes[i]]++
		folder := s.onServer.For(outcomes[i])
		moves[folder] = append(moves[folder], p.UID)
	}
	moved(moves)
	for i, p := range results {
		if dup[i] {
			s.Log.Info("message already filed", "message_id", p.Key, "uid", p.UID, "outcome", outcomes[i])
		}
		// Typed attributes: a line a message, thousands a pass.
		s.Log.LogAttrs(ctx, slog.LevelInfo, "message", slog.String("message_id", p.Key), slog.Uint64("uid", uint64(p.UID)),
			slog.Uint64("uidvalidity", uint64(validity)), slog.String("sender", p.Sender), slog.String("kind", string(p.MessageKind())),
			slog.String("outcome", string(outcomes[i])), slog.String("reason", p.Reason))
	}
	return nil
}

// uidKeyPrefix begins the key of a message known by its UID alone.
const uidKeyPrefix = "imap:"

// KnownByUID reports the key of a message failed unread and known by its
// inbox UID alone (no envelope could be read): once moved, no search
// finds it by that key again.
func KnownByUID(key string) bool { return strings.HasPrefix(key, uidKeyPrefix) }

// unread is the result of a message that is not read: its key comes from
// the envelope, since the body is never fetched.
func unread(validity, uid uint32, m *imapclient.FetchMessageBuffer) preread.Processed {
	p := preread.Processed{UIDValidity: validity, UID: uid, Outcome: preread.OutcomeFailed}
	if m.Envelope != nil {
		p.Key = m.Envelope.MessageID
		if len(m.Envelope.From) > 0 {
			p.Sender = preread.CanonicalAddress(m.Envelope.From[0].Addr())
		}
	}
	if p.Key == "" {
		p.Key = fmt.Sprintf("%s%d:%d", uidKeyPrefix, validity, uid)
	} else {
		p.Key = "<" + p.Key + ">"
	}
	return p
}

func (s *Syncer) maxSize() int {
	if s.MaxSize > 0 {
		return s.MaxSize
	}
	return message.DefaultMaxSize
}

func mib(n int64) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
