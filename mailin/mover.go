package mailin

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/emersion/go-imap/v2/imapclient"
)

// mover moves committed messages to their folders, one after another in
// the background, joining whatever was committed while it was busy into
// one UID MOVE per folder.
type mover struct {
	s        *Syncer
	c        *imapclient.Client
	validity uint32
	min      int // messages gathered before a move, but for the last

	mu      sync.Mutex
	queued  map[string][]uint32
	closed  bool
	changed chan struct{}
}

func newMover(s *Syncer, c *imapclient.Client, validity uint32, min int) *mover {
	return &mover{s: s, c: c, validity: validity, min: min, queued: map[string][]uint32{}, changed: make(chan struct{}, 1)}
}

// add queues committed messages by folder.
func (m *mover) add(moves map[string][]uint32) {
	m.mu.Lock()
	for folder, uids := range moves {
		m.queued[folder] = append(m.queued[folder], uids...)
	}
	m.mu.Unlock()
	m.signal()
}

// close says nothing more will be added; run returns once the queue is
// empty.
func (m *mover) close() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	m.signal()
}

func (m *mover) signal() {
	select {
	case m.changed <- struct{}{}:
	default:
	}
}

// run moves queued messages until closed and drained.
func (m *mover) run(ctx context.Context) error {
	for {
		m.mu.Lock()
		queued, closed := m.queued, m.closed
		n := 0
		for _, uids := range queued {
			n += len(uids)
		}
		ready := n > 0 && (closed || n >= m.min)
		if ready {
			m.queued = map[string][]uint32{}
		}
		m.mu.Unlock()
		if ready {
			if err := m.move(ctx, queued); err != nil {
				return err
			}
			continue
		}
		if closed {
			return nil
		}
		select {
		case <-m.changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// move moves one set of committed messages by folder, then notes them
// moved. A folder whose copies the server refused is left alone until its
// next try: its messages stay in the inbox, recorded and unmoved, and a
// later pass moves them.
func (m *mover) move(ctx context.Context, queued map[string][]uint32) error {
	if m.s.beforeMove != nil {
		if err := m.s.beforeMove(); err != nil {
			return err
		}
	}
	for folder, uids := range queued {
		// Nothing new goes to a connection a cancel is closing: go-imap
		// races with itself when a command fails to send while a fetch
		// is being read.
		if err := ctx.Err(); err != nil {
			return err
		}
		if !m.s.mayMoveTo(folder) {
			continue
		}
		moved, err := moveUIDs(m.c, uids, folder)
		var refused *CopyError
		if errors.As(err, &refused) {
			// The sets before the refused one did move: marked below.
			if err := m.s.refused(ctx, folder, refused); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if err := m.s.Filer.MarkMoved(ctx, m.validity, moved); err != nil {
			return err
		}
		if refused == nil {
			if err := m.s.accepted(ctx, folder); err != nil {
				return err
			}
			if err := m.gone(ctx, uids, moved); err != nil {
				return err
			}
		}
	}
	return nil
}

// gone reports the messages the server did not copy because they were no
// longer in the inbox: recorded, but now in neither place. It should never
// happen; they are noted moved, so no pass tries them again.
func (m *mover) gone(ctx context.Context, uids, moved []uint32) error {
	if len(moved) == len(uids) {
		return nil
	}
	done := make(map[uint32]bool, len(moved))
	for _, u := range moved {
		done[u] = true
	}
	missing := slices.DeleteFunc(slices.Clone(uids), func(u uint32) bool { return done[u] })
	keys, err := m.s.Filer.MessageKeys(ctx, m.validity, missing)
	if err != nil {
		return err
	}
	for _, uid := range missing {
		m.s.Log.Error("a recorded message left the inbox before it was moved, and is in neither place", "uid", uid, "message_id", keys[uid])
	}
	return m.s.Filer.MarkMoved(ctx, m.validity, missing)
}
