package mailin

import (
	"context"
	"fmt"
	"io"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread/mailin/message"
)

// A UID MOVE cut off by a dropped connection (preread killed mid-move, a
// network fault) may have made the copy and not yet removed the
// original: Dovecot commits the destination first. The next pass finds
// the message recorded and not moved; moving it again would leave two
// copies in the folder. So before moving what an earlier pass left, the
// newest messages of the folder are looked at, and a message whose copy
// is there already is only removed from the inbox.

// copySlack is how many more of the folder's newest messages are read
// than there are messages to look for: copies the admin or another
// client put there since.
const copySlack = 100

// alreadyCopied returns which of uids (inbox UIDs) have a copy, by their
// Message-ID, among folder's newest messages. The inbox is selected
// again before it returns; a failure to look is logged, and the messages
// are moved as before. The look is noted in the database while it runs:
// after one that stopped its pass (a message the server drops the
// connection on), skipped says the folder is moved to again without a
// look until that move is made, two copies being better than an inbox
// that never empties.
func (s *Syncer) alreadyCopied(ctx context.Context, c *imapclient.Client, validity uint32, folder string, uids []uint32) (copied map[uint32]bool, skipped bool, err error) {
	keys, err := s.Filer.MessageKeys(ctx, validity, uids)
	if err != nil {
		return nil, false, err
	}
	wanted := map[string]uint32{}
	for uid, key := range keys {
		if len(key) > 0 && key[0] == '<' { // a Message-ID; a hash of the bytes can't be looked for
			wanted[key] = uid
		}
	}
	if len(wanted) == 0 {
		return nil, false, nil
	}
	// A message the server can't read may drop the connection at each
	// look: after a look that stopped its pass, the folder is moved to
	// without one (finishMoves ends the note then).
	stopped, err := s.Filer.BeginCopyLookup(ctx, folder)
	if err != nil {
		return nil, false, err
	}
	if stopped {
		s.Log.Warn("the last look for copies a cut-off move made stopped its pass (a message the server can't read?); moving again without looking",
			"folder", folder)
		return nil, true, nil
	}
	st, err := c.Status(folder, &imap.StatusOptions{UIDNext: true}).Wait()
	if err != nil || st.UIDNext <= 1 {
		if err != nil {
			s.Log.Warn("could not look for copies a cut-off move made; moving again", "folder", folder, "err", err)
		}
		return nil, false, s.Filer.EndCopyLookup(ctx, folder) // no message was read
	}
	from := imap.UID(1)
	if n := imap.UID(len(uids) + copySlack); st.UIDNext > n {
		from = st.UIDNext - n
	}
	var found map[uint32]bool
	if _, err = c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err == nil {
		found, err = copiesIn(c, imap.UIDSet{imap.UIDRange{Start: from, Stop: 0}}, wanted) // from:*
	}
	if err != nil {
		s.Log.Warn("could not look for copies a cut-off move made; moving again", "folder", folder, "err", err)
		found = nil
	}
	sel, err := c.Select(s.onServer.Inbox, nil).Wait()
	if err != nil {
		return nil, false, fmt.Errorf("select %s: %w", s.onServer.Inbox, err)
	}
	if err := s.Filer.EndCopyLookup(ctx, folder); err != nil { // the connection outlived the look
		return nil, false, err
	}
	if sel.UIDValidity != validity {
		return nil, false, fmt.Errorf("select %s: its UIDVALIDITY changed during the pass", s.onServer.Inbox)
	}
	return found, false, nil
}

// copiesIn reads the Message-ID of the messages in set of the selected
// folder and returns the inbox UIDs of those wanted.
func copiesIn(c *imapclient.Client, set imap.UIDSet, wanted map[string]uint32) (map[uint32]bool, error) {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: []string{"Message-ID"}, Peek: true}
	cmd := c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	found := map[uint32]bool{}
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		for item := msg.Next(); item != nil; item = msg.Next() {
			b, ok := item.(imapclient.FetchItemDataBodySection)
			if !ok || b.Literal == nil {
				continue
			}
			header, err := io.ReadAll(io.LimitReader(b.Literal, 16<<10)) // a Message-ID field is short
			if err != nil {
				cmd.Close()
				return nil, fmt.Errorf("fetch message IDs: %w", err)
			}
			if uid, ok := wanted[message.MessageIDIn(header)]; ok {
				found[uid] = true
			}
		}
	}
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("fetch message IDs: %w", err)
	}
	return found, nil
}

// removeCopied takes out of the inbox the messages whose copy is in
// their folder already, and notes them moved; in UID sets small enough for
// one command line, as moves are.
func (s *Syncer) removeCopied(ctx context.Context, c *imapclient.Client, validity uint32, uids []uint32) error {
	for _, set := range uidSets(uids, maxSetRanges) {
		if err := removeFromInbox(c, set); err != nil {
			return err
		}
	}
	return s.Filer.MarkMoved(ctx, validity, uids)
}
