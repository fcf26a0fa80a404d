package mailin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
)

// Rerecorder replaces a message's record with the result of reading it
// again. *store.DB is one.
type Rerecorder interface {
	Rerecord(ctx context.Context, id int64, p preread.Processed) error
}

// Refiled is what refiling one message did.
type Refiled struct {
	Result preread.Processed // the new reading
	From   string            // the folder it was in, as the server names it
	To     string            // the folder it is in now
}

// ErrNotInFolder means a recorded message is not in the folder its outcome
// sent it to (someone moved or deleted it).
var ErrNotInFolder = errors.New("not in its folder")

// Refile reads again a message recorded as rejected or failed (after the
// config changed: an alias or a person added), from the folder it went to:
// the processor decides anew, the store replaces the old record (id) with
// the new one, and the message moves to its new outcome's folder. The
// record is replaced before the move, as in a pass; a crash between the two
// leaves a filed record whose message is still in Rejected or Failed, which
// Tidy moves.
func (s *Syncer) Refile(ctx context.Context, c *Conn, r Rerecorder, id int64, key string, outcome preread.Outcome) (Refiled, error) {
	if err := s.mapFolders(c.c); err != nil {
		return Refiled{}, err
	}
	from := s.onServer.For(outcome)
	uid, raw, received, err := s.find(c.c, from, key)
	if err != nil {
		return Refiled{}, err
	}
	p, err := s.Processor.Process(ctx, raw, received)
	if err != nil {
		return Refiled{}, err
	}
	if err := r.Rerecord(ctx, id, p); err != nil {
		return Refiled{}, err
	}
	done := Refiled{Result: p, From: from, To: s.onServer.For(p.Outcome)}
	if done.To == from {
		return done, nil
	}
	if _, err := moveUIDs(c.c, []uint32{uid}, done.To); err != nil {
		return done, err
	}
	return done, nil
}

// Tidy moves a message recorded as filed or ignored out of the Rejected
// and Failed folders, where a refile that stopped before its move left
// it; moved says it found one.
func (s *Syncer) Tidy(ctx context.Context, c *Conn, key string, outcome preread.Outcome) (moved bool, err error) {
	if err := s.mapFolders(c.c); err != nil {
		return false, err
	}
	to := s.onServer.For(outcome)
	for _, folder := range []string{s.onServer.Rejected, s.onServer.Failed} {
		if folder == to {
			continue
		}
		uid, _, _, err := s.find(c.c, folder, key)
		if errors.Is(err, ErrNotInFolder) {
			continue
		}
		if err != nil {
			return false, err
		}
		if _, err := moveUIDs(c.c, []uint32{uid}, to); err != nil {
			return false, err
		}
		moved = true
	}
	return moved, nil
}

// mapFolders reads the server's namespace, once per connection's use.
func (s *Syncer) mapFolders(c *imapclient.Client) error {
	ns, err := serverNamespace(c)
	if err != nil {
		return err
	}
	s.onServer = ns.Folders(s.Folders)
	return nil
}

// find selects folder and fetches the message with key: by its Message-ID,
// or, for a key that is a hash of the bytes, among the messages without
// one. It returns its UID, its bytes and its INTERNALDATE.
func (s *Syncer) find(c *imapclient.Client, folder, key string) (uint32, []byte, time.Time, error) {
	if _, err := c.Select(folder, nil).Wait(); err != nil {
		return 0, nil, time.Time{}, fmt.Errorf("select %s: %w", folder, err)
	}
	criteria := &imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}
	byID := strings.HasPrefix(key, "<")
	if byID {
		criteria.Header = []imap.SearchCriteriaHeaderField{{Key: "Message-Id", Value: strings.Trim(key, "<>")}}
	} else {
		criteria.Not = []imap.SearchCriteria{{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-Id", Value: ""}}}}
	}
	data, err := c.UIDSearch(criteria, nil).Wait()
	if err != nil {
		return 0, nil, time.Time{}, fmt.Errorf("search %s: %w", folder, err)
	}
	body := &imap.FetchItemBodySection{Peek: true}
	for _, uid := range data.AllUIDs() {
		msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{body}}).Collect()
		if err != nil {
			return 0, nil, time.Time{}, fmt.Errorf("fetch uid %d of %s: %w", uid, folder, err)
		}
		if len(msgs) == 0 {
			continue
		}
		raw := msgs[0].FindBodySection(body)
		if m, err := message.ParseHeader(raw, 0); (err == nil && m.Key == key) || message.RawKey(raw) == key {
			return uint32(uid), raw, msgs[0].InternalDate, nil
		}
	}
	return 0, nil, time.Time{}, fmt.Errorf("message %s in %s: %w", key, folder, ErrNotInFolder)
}
