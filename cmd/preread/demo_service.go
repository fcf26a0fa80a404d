package main

import (
	"context"
	"fmt"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/internal/demo"
	"github.com/preread/preread/mailin"
)

// demoService is the app as the demo drives it: the planner, the sender
// and one ingest pass, as `preread serve` and `preread ingest --once` run
// them.
type demoService struct{ a *app }

var _ demo.Service = demoService{}

// Enqueue queues everything due at now.
func (s demoService) Enqueue(ctx context.Context, now time.Time) error {
	_, err := s.a.planner().enqueue(ctx, allDue, now)
	return err
}

// Flush delivers the outbox.
func (s demoService) Flush(ctx context.Context) error {
	_, _, err := s.a.sender().Flush(ctx)
	return err
}

// Ingest runs one pass of the syncer, its processor wrapped by wrap.
func (s demoService) Ingest(ctx context.Context, wrap func(mailin.Processor) mailin.Processor) error {
	client, err := mailin.Dial(ctx, imapServer(s.a.cfg, s.a.env.getenv))
	if err != nil {
		return err
	}
	defer client.Close()
	syncer := s.a.syncer()
	syncer.Processor = wrap(syncer.Processor)
	if _, err := syncer.Pass(ctx, client); err != nil {
		return err
	}
	if err := client.Logout(); err != nil {
		return fmt.Errorf("imap logout: %w", err)
	}
	return nil
}

// Directory is the config's directory.
func (s demoService) Directory() preread.Directory { return s.a.directory() }

// Mailbox is preread's own address, as the config sets it.
func (s demoService) Mailbox() preread.Mailbox {
	return preread.Mailbox{Address: s.a.cfg.Mailbox.Address, Separator: s.a.cfg.Mailbox.Separator}
}

// Envelope is the MAIL FROM address.

// Token is a person's reply token.
func (s demoService) Token(ctx context.Context, email string) (string, error) {
	return s.a.db.Token(ctx, email)
}

// SentEmail is the outbox's record of a sent email.
func (s demoService) SentEmail(ctx context.Context, messageID string) (preread.Email, error) {
	return s.a.db.SentEmail(ctx, messageID)
}

// Meeting builds a pair's meeting the way the planner builds its pre-read.
func (s demoService) Meeting(ctx context.Context, pair preread.Pair, start time.Time) (digest.Meeting, error) {
	return digest.BuildMeeting(ctx, s.a.db, s.a.directory(), pair, preread.Meeting{Start: start, At: start}, s.a.now())
}

// Close closes the app.
func (s demoService) Close() error { return s.a.Close() }
