package mailin

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/preread/preread"
)

// refusals are the result folders whose copies the server refuses (a full
// quota, no write permission), as the database keeps them across passes.
type refusals struct {
	mu     sync.Mutex
	folder map[string]preread.MoveRefusal
}

// loadRefusals reads the refusals recorded by earlier passes.
func (s *Syncer) loadRefusals(ctx context.Context) error {
	list, err := s.Filer.MoveRefusals(ctx)
	if err != nil {
		return err
	}
	s.refusals.mu.Lock()
	defer s.refusals.mu.Unlock()
	s.refusals.folder = map[string]preread.MoveRefusal{}
	for _, r := range list {
		s.refusals.folder[s.onServer.For(s.Folders.outcome(r.Folder))] = r
	}
	return nil
}

// mayMoveTo reports whether moves to folder may be tried now: it refused
// none, or its next try has come.
func (s *Syncer) mayMoveTo(folder string) bool {
	s.refusals.mu.Lock()
	defer s.refusals.mu.Unlock()
	r, ok := s.refusals.folder[folder]
	return !ok || !s.now().Before(r.NextTry)
}

// refused records that the server refused a copy to folder (as the server
// names it; the database keeps the config's name); the messages stay in
// the inbox, recorded and unmoved, until the next try.
func (s *Syncer) refused(ctx context.Context, folder string, e *CopyError) error {
	r, err := s.Filer.RefuseMoves(ctx, s.configName(folder), refusalReason(e))
	if err != nil {
		return err
	}
	s.refusals.mu.Lock()
	s.refusals.folder[folder] = r
	s.refusals.mu.Unlock()
	s.Log.Error("the server refused to copy messages to their folder; they stay in the inbox and the copy is tried again",
		"folder", folder, "reason", r.Reason, "attempts", r.Attempts, "next_try", r.NextTry.Format(time.RFC3339))
	return nil
}

// accepted forgets a refusal of folder once a copy to it worked.
func (s *Syncer) accepted(ctx context.Context, folder string) error {
	s.refusals.mu.Lock()
	_, was := s.refusals.folder[folder]
	delete(s.refusals.folder, folder)
	s.refusals.mu.Unlock()
	if !was {
		return nil
	}
	s.Log.Info("the server takes copies to the folder again", "folder", folder)
	return s.Filer.MovesAccepted(ctx, s.configName(folder))
}

// NextMoveTry is when a move the server refused is due again; the zero
// time when none waits.
func (s *Syncer) NextMoveTry() time.Time {
	s.refusals.mu.Lock()
	defer s.refusals.mu.Unlock()
	var next time.Time
	for _, r := range s.refusals.folder {
		if next.IsZero() || r.NextTry.Before(next) {
			next = r.NextTry
		}
	}
	return next
}

// refusalReason is the server's answer to a refused copy, on one line of
// printable text: "NO [OVERQUOTA] Quota exceeded".
func refusalReason(e *CopyError) string {
	reason := e.Err.Error()
	if i := strings.LastIndex(reason, ": "); i >= 0 {
		reason = reason[i+2:]
	}
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, reason)
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// configName is the config's name of a result folder the server names
// folder.
func (s *Syncer) configName(folder string) string {
	for _, f := range []string{s.Folders.Processed, s.Folders.Rejected, s.Folders.Failed} {
		if s.onServer.For(s.Folders.outcome(f)) == folder {
			return f
		}
	}
	return folder
}
