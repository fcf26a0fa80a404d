package demo

import (
	"context"
	"io"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/mailin"
)

// Service is the preread service as the demo drives it: what `preread
// serve` does each minute and `preread ingest --once` does once, and the
// few things the account reads back.
type Service interface {
	// Enqueue queues everything due at now: welcomes, prompts, digests
	// and pre-reads.
	Enqueue(ctx context.Context, now time.Time) error
	// Flush delivers what the outbox holds through the relay.
	Flush(ctx context.Context) error
	// Ingest runs one pass of the syncer over the mailbox, with its
	// processor wrapped by wrap.
	Ingest(ctx context.Context, wrap func(mailin.Processor) mailin.Processor) error
	// Directory is the config's people, teams and pairs.
	Directory() preread.Directory
	// Mailbox is preread's own address.
	Mailbox() preread.Mailbox
	// Token is a person's current reply token.
	Token(ctx context.Context, email string) (string, error)
	// SentEmail is the outbox's record of the email with a Message-ID.
	SentEmail(ctx context.Context, messageID string) (preread.Email, error)
	// Meeting is a pair's meeting at start as its pre-read shows it.
	Meeting(ctx context.Context, pair preread.Pair, start time.Time) (digest.Meeting, error)
	io.Closer
}
