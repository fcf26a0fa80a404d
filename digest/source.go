package digest

import (
	"context"
	"time"

	"github.com/preread/preread"
)

// Source is what building a digest or pre-read reads. *store.DB is one.
type Source interface {
	OpenItems(ctx context.Context, manager, report string) ([]preread.AgendaItem, error)
	StatusOf(ctx context.Context, email string, from, to preread.Date) ([]preread.StatusEntry, error)
	StatusOn(ctx context.Context, day preread.Date) (map[string][]preread.StatusEntry, error)
	StatusFiledSince(ctx context.Context, since time.Time) (map[string][]preread.StatusEntry, error)
	NotesSince(ctx context.Context, manager, report string, since time.Time) ([]preread.Note, error)
	LastMeeting(ctx context.Context, manager, report string, before time.Time) (time.Time, error)
	LastPrereadAt(ctx context.Context, manager, report string, before time.Time) (time.Time, error)
	MeetingNumbers(ctx context.Context, manager, report string, start time.Time) (map[int]int64, error)
	Prompted(ctx context.Context, emails []string, from, to time.Time) (map[string]time.Time, error)
	OpenActions(ctx context.Context, manager, report string) ([]preread.ActionItem, error)
	LastMeetingNotes(ctx context.Context, manager, report string, before time.Time) ([]preread.MeetingNote, error)
	ClosedSince(ctx context.Context, manager, report string, since time.Time) ([]preread.AgendaItem, error)
}
