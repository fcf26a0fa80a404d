package mailin

import (
	"errors"
	"fmt"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
)

// Folders names the folder preread reads and where each result goes.
type Folders struct {
	Inbox     string
	Processed string // filed and ignored mail
	Rejected  string // unknown or unauthenticated senders, auto-replies
	Failed    string // unparseable or oversized mail
}

// For is the folder a message with this outcome is moved to.
func (f Folders) For(o preread.Outcome) string {
	switch o {
	case preread.OutcomeRejected:
		return f.Rejected
	case preread.OutcomeFailed:
		return f.Failed
	}
	return f.Processed
}

// ensureFolders creates the result folders that are missing.
func ensureFolders(c *imapclient.Client, f Folders) error {
	have := map[string]bool{}
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		return fmt.Errorf("list folders: %w", err)
	}
	for _, l := range list {
		have[l.Mailbox] = true
	}
	for _, name := range []string{f.Processed, f.Rejected, f.Failed} {
		if have[name] {
			continue
		}
		err := c.Create(name, nil).Wait()
		var ierr *imap.Error
		if errors.As(err, &ierr) && ierr.Code == imap.ResponseCodeAlreadyExists {
			err = nil
		}
		if err != nil {
			return fmt.Errorf("create folder %s: %w", name, err)
		}
		have[name] = true
	}
	return nil
}

// moveUIDs moves messages to a folder: UID MOVE where the server has it, or
// UID COPY, \Deleted and UID EXPUNGE (UIDPLUS) where it does not. Without
// either, the copies stay flagged \Deleted in the inbox: a bare EXPUNGE
// would also remove other clients' deleted mail.
func moveUIDs(c *imapclient.Client, uids []uint32, folder string) error {
	if len(uids) == 0 {
		return nil
	}
	caps := c.Caps()
	for _, chunk := range chunks(uids, 500) {
		set := uidSet(chunk)
		if caps.Has(imap.CapMove) || caps.Has(imap.CapIMAP4rev2) || caps.Has(imap.CapUIDPlus) {
			if _, err := c.Move(set, folder).Wait(); err != nil {
				return fmt.Errorf("move %d messages to %s: %w", len(chunk), folder, err)
			}
			continue
		}
		if _, err := c.Copy(set, folder).Wait(); err != nil {
			return fmt.Errorf("copy %d messages to %s: %w", len(chunk), folder, err)
		}
		flags := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}
		if err := c.Store(set, flags, nil).Close(); err != nil {
			return fmt.Errorf("flag %d messages deleted: %w", len(chunk), err)
		}
	}
	return nil
}

func uidSet(uids []uint32) imap.UIDSet {
	var set imap.UIDSet
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	return set
}

// chunks splits a list so no command line grows past server limits.
func chunks(uids []uint32, size int) [][]uint32 {
	var out [][]uint32
	for len(uids) > size {
		out = append(out, uids[:size])
		uids = uids[size:]
	}
	if len(uids) > 0 {
		out = append(out, uids)
	}
	return out
}
