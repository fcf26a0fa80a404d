package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
)

// The store is the outbox the sender delivers.
var _ mailout.Queue = (*store.DB)(nil)

func runRun(ctx context.Context, env *cliEnv, c *command, args []string) error {
	kind, err := subcommand(c, env, args, allDue...)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet(c.name+" "+kind, flag.ContinueOnError)
	file := configFlag(fs, env)
	at := fs.String("at", "", "the instant to act at, RFC 3339 (default now), e.g. 2026-11-24T09:00:00+01:00")
	if _, err := parseFlags(c, env, fs, args[1:], 0, 0); err != nil {
		return err
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return usageError{fmt.Sprintf("--at %q: want RFC 3339, like 2026-11-24T09:00:00+01:00", *at)}
		}
		now = t
	}
	a, err := openAppAt(ctx, env, *file, func() time.Time { return now })
	if err != nil {
		return err
	}
	defer a.Close()
	queued, err := a.planner().enqueue(ctx, []string{kind}, now)
	if err != nil {
		return err
	}
	sent, parked, err := a.sender().Flush(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s at %s: %d queued, %d sent, %d parked as failed\n", kind, now.Format(time.RFC3339), queued, sent, parked)
	return nil
}

// sender delivers the outbox through the configured relay.
func (a *app) sender() *mailout.Sender {
	return &mailout.Sender{Relay: relay(a.cfg, a.env.getenv), Queue: a.db, Envelope: envelope(a.cfg), Now: a.now, Log: a.log}
}
