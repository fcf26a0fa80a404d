package mailin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
)

// Filer records what became of each message. *store.DB is one.
type Filer interface {
	MailboxState(ctx context.Context, folder string) (uidValidity, lastUID uint32, err error)
	SetMailboxState(ctx context.Context, folder string, uidValidity, lastUID uint32) error
	Processed(ctx context.Context, key string) (preread.Processed, error)
	Unmoved(ctx context.Context, uidValidity uint32) (map[preread.Outcome][]uint32, error)
	MarkMoved(ctx context.Context, uidValidity uint32, uids []uint32) error
	RecordBatch(ctx context.Context, folder string, ps []preread.Processed) (dup []bool, err error)
	StartAttempts(ctx context.Context, uidValidity uint32, uids []uint32, alone bool) error
	TakeBackAttempts(ctx context.Context, uidValidity uint32, uids []uint32, alone bool) error
	Attempts(ctx context.Context, uidValidity uint32) (map[uint32]preread.Attempt, error)
	DropAttempts(ctx context.Context, uidValidity uint32, uids []uint32) error
	MessageKeys(ctx context.Context, uidValidity uint32, uids []uint32) (map[uint32]string, error)
	BeginCopyLookup(ctx context.Context, folder string) (stopped bool, err error)
	EndCopyLookup(ctx context.Context, folder string) error
	RefuseMoves(ctx context.Context, folder, reason string) (preread.MoveRefusal, error)
	MovesAccepted(ctx context.Context, folder string) error
	MoveRefusals(ctx context.Context) ([]preread.MoveRefusal, error)
}

// Processor decides what one message means: what it files, or why not.
type Processor interface {
	Process(ctx context.Context, raw []byte, received time.Time) (preread.Processed, error)
	// TooBig decides a message over the size limit whose text could not
	// be read either, from its header.
	TooBig(ctx context.Context, header []byte, size, limit int64, received time.Time) (preread.Processed, error)
	// FromHeader decides what the header alone decides (machine mail, a
	// stranger, an unauthenticated sender); decided is false when the
	// text is to be read.
	FromHeader(ctx context.Context, header []byte, received time.Time) (p preread.Processed, decided bool, err error)
}

// Syncer reads new mail from the inbox, has each message processed and
// recorded, and only then moves it to its result folder.
type Syncer struct {
	Folders   Folders
	Filer     Filer
	Processor Processor
	MaxSize   int // bytes; bigger messages are read from their text parts (readOversized)
	BatchSize int // messages recorded in one transaction
	Log       *slog.Logger
	Progress  func(done, total int) // called after each batch; nil for none
	Now       func() time.Time      // the clock for move retries; time.Now when nil

	// onServer is Folders as this pass's server names them (Namespace);
	// the database keys state by the configured names.
	onServer Folders

	refusals refusals // folders whose copies the server refuses

	beforeMove func() error  // tests stop here, between commit and move
	limits     *streamLimits // tests shrink the pipeline; nil for defaultLimits
}

// Stats counts what a pass did.
type Stats struct {
	Seen     int
	Outcomes map[preread.Outcome]int
}

// Pass reads everything waiting in the inbox once. Only I/O and database
// errors end it; a bad message is recorded and moved like any other. When
// ctx is cancelled, Pass closes the connection and returns ctx's cause.
func (s *Syncer) Pass(ctx context.Context, c *Conn) (Stats, error) {
	stats, err := s.pass(ctx, c.c)
	if err != nil && ctx.Err() != nil {
		// The closed connection fails whichever command was running, maybe
		// before the cancel reaches the stages: the cancel is the reason.
		return stats, context.Cause(ctx)
	}
	return stats, err
}

func (s *Syncer) pass(ctx context.Context, c *imapclient.Client) (Stats, error) {
	stats := Stats{Outcomes: map[preread.Outcome]int{}}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	ns, err := serverNamespace(c)
	if err != nil {
		return stats, err
	}
	s.onServer = ns.Folders(s.Folders)
	if err := ensureFolders(c, s.onServer); err != nil {
		return stats, err
	}
	if err := s.loadRefusals(ctx); err != nil {
		return stats, err
	}
	sel, err := c.Select(s.onServer.Inbox, nil).Wait()
	if err != nil {
		return stats, fmt.Errorf("select %s: %w", s.onServer.Inbox, err)
	}
	validity := sel.UIDValidity
	storedValidity, lastUID, err := s.Filer.MailboxState(ctx, s.Folders.Inbox)
	if err != nil {
		return stats, err
	}
	if storedValidity != validity {
		if storedValidity != 0 {
			s.Log.Warn("uidvalidity changed: rescanning the folder, dedupe keeps it safe",
				"folder", s.Folders.Inbox, "old", storedValidity, "new", validity)
		}
		lastUID = 0
		if err := s.Filer.SetMailboxState(ctx, s.Folders.Inbox, validity, 0); err != nil {
			return stats, err
		}
	}
	if err := s.finishMoves(ctx, c, validity); err != nil {
		return stats, err
	}
	if sel.NumMessages == 0 {
		return stats, nil
	}
	uids, err := s.waiting(c, lastUID)
	if err != nil {
		return stats, err
	}
	if uids, err = s.withoutRecorded(ctx, validity, uids); err != nil {
		return stats, err
	}
	done := 0
	progress := func(n int) {
		done += n
		if s.Progress != nil {
			s.Progress(done, len(uids))
		}
	}
	rest, big, err := s.readSuspects(ctx, c, validity, uids, progress, &stats)
	if err != nil {
		return stats, err
	}
	tooBig, err := s.stream(ctx, c, validity, rest, false, progress, &stats)
	if err != nil {
		return stats, err
	}
	return stats, s.readOversized(ctx, c, validity, append(big, tooBig...), progress, &stats)
}

// waiting lists the UIDs to read: new mail past lastUID, and any older
// message still in the inbox (left over after a crash; dedupe makes a
// second read harmless).
func (s *Syncer) waiting(c *imapclient.Client, lastUID uint32) ([]uint32, error) {
	uids, err := s.search(c, &imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}})
	if err != nil {
		return nil, err
	}
	slices.Sort(uids)
	leftover := slices.IndexFunc(uids, func(u uint32) bool { return u > lastUID }) // UIDs before the first new one
	if leftover < 0 {
		leftover = len(uids)
	}
	if leftover > 0 {
		s.Log.Info("messages left in the inbox from an earlier pass", "folder", s.onServer.Inbox, "count", leftover)
	}
	return uids, nil
}

// search runs a UID SEARCH on the inbox.
func (s *Syncer) search(c *imapclient.Client, criteria *imap.SearchCriteria) ([]uint32, error) {
	data, err := c.UIDSearch(criteria, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", s.onServer.Inbox, err)
	}
	set, _ := data.All.(imap.UIDSet)
	nums, ok := set.Nums()
	if !ok {
		return nil, errors.New("search: the server answered with a dynamic UID set")
	}
	uids := make([]uint32, len(nums))
	for i, u := range nums {
		uids[i] = uint32(u)
	}
	return uids, nil
}

// finishMoves moves the messages left recorded but not moved, by a crash
// or by a folder that refused them; those a cut-off move had copied
// already only leave the inbox (alreadyCopied).
func (s *Syncer) finishMoves(ctx context.Context, c *imapclient.Client, validity uint32) error {
	unmoved, err := s.Filer.Unmoved(ctx, validity)
	if err != nil || len(unmoved) == 0 {
		return err
	}
	queued := map[string][]uint32{}
	n := 0
	for outcome, uids := range unmoved {
		folder := s.onServer.For(outcome)
		queued[folder] = append(queued[folder], uids...)
		n += len(uids)
	}
	removed := 0          // only taken out of the inbox: their copies were there
	var unlooked []string // folders moved to without a look for copies
	for folder, uids := range queued {
		if !s.mayMoveTo(folder) {
			continue
		}
		copied, skipped, err := s.alreadyCopied(ctx, c, validity, folder, uids)
		if err != nil {
			return err
		}
		if skipped {
			unlooked = append(unlooked, folder)
		}
		if len(copied) == 0 {
			continue
		}
		done := slices.DeleteFunc(slices.Clone(uids), func(u uint32) bool { return !copied[u] })
		if err := s.removeCopied(ctx, c, validity, done); err != nil {
			return err
		}
		removed += len(done)
		s.Log.Warn("messages a cut-off move had copied were only taken out of the inbox", "folder", folder, "count", len(done))
		if queued[folder] = slices.DeleteFunc(uids, func(u uint32) bool { return copied[u] }); len(queued[folder]) == 0 {
			delete(queued, folder)
		}
	}
	if err := newMover(s, c, validity, 0).move(ctx, queued); err != nil {
		return err
	}
	for _, folder := range unlooked {
		if s.mayMoveTo(folder) { // moved: the next cut-off move is looked for again
			if err := s.Filer.EndCopyLookup(ctx, folder); err != nil {
				return err
			}
		}
	}
	s.Log.Info("moved messages recorded earlier and left in the inbox", "count", n-removed)
	return nil
}

// withoutRecorded leaves out the messages recorded and still waiting to
// move (a folder that refuses copies, a try not due yet): they are not
// read again at every pass.
func (s *Syncer) withoutRecorded(ctx context.Context, validity uint32, uids []uint32) ([]uint32, error) {
	unmoved, err := s.Filer.Unmoved(ctx, validity)
	if err != nil || len(unmoved) == 0 {
		return uids, err
	}
	recorded := map[uint32]bool{}
	for _, us := range unmoved {
		for _, u := range us {
			recorded[u] = true
		}
	}
	return slices.DeleteFunc(uids, func(u uint32) bool { return recorded[u] }), nil
}
