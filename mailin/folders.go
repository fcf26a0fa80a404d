package mailin

import (
	"errors"
	"fmt"
	"slices"

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

// outcome is the outcome whose messages go to folder (Processed for any
// other name).
func (f Folders) outcome(folder string) preread.Outcome {
	switch folder {
	case f.Rejected:
		return preread.OutcomeRejected
	case f.Failed:
		return preread.OutcomeFailed
	}
	return preread.OutcomeFiled
}

// results are the folders a pass moves mail to.
func (f Folders) results() []string { return []string{f.Processed, f.Rejected, f.Failed} }

// ensureFolders creates the result folders that are missing.
func ensureFolders(c *imapclient.Client, f Folders) error {
	have, _, err := listFolders(c)
	if err != nil {
		return fmt.Errorf("list folders: %w", err)
	}
	for _, name := range f.results() {
		created, err := ensureFolder(c, have, name)
		if err != nil {
			return fmt.Errorf("create folder %s: %w", name, err)
		}
		if created {
			have = append(have, name)
		}
	}
	return nil
}

// listFolders lists the account's folders (LIST "" *) and the hierarchy
// delimiter the server named, or 0.
func listFolders(c *imapclient.Client) (names []string, delim rune, err error) {
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		return nil, 0, err
	}
	for _, l := range list {
		names = append(names, l.Mailbox)
		if l.Delim != 0 {
			delim = l.Delim
		}
	}
	return names, delim, nil
}

// ensureFolder creates the folder name unless have lists it; created says
// it was missing. A folder that another client created since the LIST
// counts as created now.
func ensureFolder(c *imapclient.Client, have []string, name string) (created bool, err error) {
	if slices.Contains(have, name) {
		return false, nil
	}
	err = c.Create(name, nil).Wait()
	var ierr *imap.Error
	if errors.As(err, &ierr) && ierr.Code == imap.ResponseCodeAlreadyExists {
		err = nil
	}
	return err == nil, err
}

// moveUIDs moves messages to a folder: UID MOVE where the server has it
// (MOVE or IMAP4rev2). Elsewhere it does the fallback itself, one command
// at a time: UID COPY, and only once the server has answered OK, \Deleted
// and, with UIDPLUS, UID EXPUNGE of exactly the UIDs copied. Without
// UIDPLUS the copies stay flagged \Deleted in the inbox: a bare EXPUNGE
// would also remove other clients' deleted mail. A refused copy leaves the
// messages in the inbox unflagged and returns a *CopyError. Consecutive
// UIDs go as ranges, so one command moves thousands.
//
// It returns the UIDs the server said it copied (COPYUID, RFC 4315), or
// all of them when it says nothing: a UID missing there was not in the
// inbox any more.
//
// go-imap's own Move fallback is not used: it sends COPY, STORE and
// EXPUNGE together, without waiting for COPY's answer, so a refused copy
// still expunges the messages.
func moveUIDs(c *imapclient.Client, uids []uint32, folder string) (moved []uint32, err error) {
	caps := c.Caps()
	for _, set := range uidSets(uids, maxSetRanges) {
		if caps.Has(imap.CapMove) || caps.Has(imap.CapIMAP4rev2) {
			data, err := c.Move(set, folder).Wait()
			if err != nil {
				return moved, refusedOr(fmt.Errorf("move %s to %s: %w", set, folder, err), folder)
			}
			if data != nil {
				moved = append(moved, confirmed(set, data.SourceUIDs)...)
			} else {
				moved = append(moved, confirmed(set, nil)...)
			}
			continue
		}
		data, err := c.Copy(set, folder).Wait()
		if err != nil {
			return moved, refusedOr(fmt.Errorf("copy %s to %s: %w", set, folder, err), folder)
		}
		var copied []uint32
		if data != nil {
			copied = confirmed(set, data.SourceUIDs)
		} else {
			copied = confirmed(set, nil)
		}
		if len(copied) == 0 {
			continue
		}
		if err := removeFromInbox(c, uidSet(copied)); err != nil {
			return moved, err
		}
		moved = append(moved, copied...)
	}
	return moved, nil
}

// confirmed lists the UIDs of set that the server's COPYUID names as
// copied; all of set when it named none.
func confirmed(set imap.UIDSet, source imap.NumSet) []uint32 {
	all, _ := set.Nums()
	src, _ := source.(imap.UIDSet)
	if len(src) == 0 {
		return uint32s(all)
	}
	var out []uint32
	for _, u := range all {
		if src.Contains(u) {
			out = append(out, uint32(u))
		}
	}
	return out
}

func uint32s(nums []imap.UID) []uint32 {
	out := make([]uint32, len(nums))
	for i, u := range nums {
		out[i] = uint32(u)
	}
	return out
}

// CopyError is a copy or move the server refused with a NO: the messages
// are still in the inbox, unflagged, and the connection is fine.
type CopyError struct {
	Folder string
	Err    error
}

func (e *CopyError) Error() string { return e.Err.Error() }
func (e *CopyError) Unwrap() error { return e.Err }

// refusedOr wraps err in a *CopyError when the server answered NO (a full
// quota, a folder without write permission), so the caller can keep the
// connection and try again later; any other error is returned as it is.
func refusedOr(err error, folder string) error {
	var ierr *imap.Error
	if errors.As(err, &ierr) && ierr.Type == imap.StatusResponseTypeNo {
		return &CopyError{Folder: folder, Err: err}
	}
	return err
}

// maxSetRanges bounds the ranges in one command's UID set, so no command
// line grows past server limits (Dovecot takes 64 KiB).
const maxSetRanges = 1000

// uidSets turns UIDs into sets of runs of consecutive UIDs, at most max
// runs per set.
func uidSets(uids []uint32, max int) []imap.UIDSet {
	sorted := slices.Clone(uids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	var out []imap.UIDSet
	var set imap.UIDSet
	for _, u := range sorted {
		if n := len(set); n > 0 && uint32(set[n-1].Stop)+1 == u {
			set[n-1].Stop = imap.UID(u)
			continue
		}
		if len(set) == max {
			out = append(out, set)
			set = nil
		}
		set = append(set, imap.UIDRange{Start: imap.UID(u), Stop: imap.UID(u)})
	}
	if len(set) > 0 {
		out = append(out, set)
	}
	return out
}

// chunks splits a list into pieces of at most size.
func chunks[T any](uids []T, size int) [][]T {
	var out [][]T
	for len(uids) > size {
		out = append(out, uids[:size])
		uids = uids[size:]
	}
	if len(uids) > 0 {
		out = append(out, uids)
	}
	return out
}

// uidSet is one set of all the UIDs.
func uidSet(uids []uint32) imap.UIDSet {
	sets := uidSets(uids, len(uids))
	if len(sets) == 0 {
		return nil
	}
	return sets[0]
}

// removeFromInbox takes the messages of set, copied to their folder,
// out of the selected inbox: flagged \Deleted, then expunged by UID where
// the server can (UIDPLUS); elsewhere they stay flagged, and no pass
// reads a \Deleted message.
func removeFromInbox(c *imapclient.Client, set imap.UIDSet) error {
	flags := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}
	if err := c.Store(set, flags, nil).Close(); err != nil {
		return fmt.Errorf("flag %s deleted: %w", set, err)
	}
	if c.Caps().Has(imap.CapUIDPlus) {
		if err := c.UIDExpunge(set).Close(); err != nil {
			return fmt.Errorf("expunge %s: %w", set, err)
		}
	}
	return nil
}
