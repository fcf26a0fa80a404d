package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/preread/preread"
	"time"

	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
)

// The store is the outbox the sender delivers.
var (
	_ mailout.Queue       = (*store.DB)(nil)
	_ mailout.SentClaimer = (*store.DB)(nil)
)

func runRun(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	at := fs.String("at", "", "the `INSTANT` to act at, RFC 3339 (default now), e.g. 2026-11-24T09:00:00+01:00")
	kind, err := subcommand(c, env, fs, args, allDue...)
	if err != nil {
		return err
	}
	if _, err := parseFlags(c, env, fs, args[1:], 0, 0); err != nil {
		return err
	}
	now, err := parseAt(*at)
	if err != nil {
		return err
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
	n, err := a.sender().FlushCount(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s at %s: %d queued, %d sent, %d deferred, %d parked as failed\n", kind, now.Format(time.RFC3339),
		queued, n.Sent, n.Deferred, n.Parked)
	if n.Sent == 0 && n.Deferred+n.Parked > 0 {
		fmt.Fprintf(env.stderr, "preread run: no email went out: %d deferred (serve or the next run tries again), %d parked as failed; "+
			"`preread outbox` lists them with the relay's answer\n", n.Deferred, n.Parked)
		return exitError{1}
	}
	return nil
}

// sender delivers the outbox through the configured relay.
func (a *app) sender() *mailout.Sender {
	s := &mailout.Sender{Relay: relay(a.cfg, a.env.getenv), Queue: a.db, Envelope: envelope(a.cfg), Now: a.now, Log: a.log,
		Connections: a.cfg.SMTP.Connections}
	if !a.cfg.SMTP.NoBounceAddresses {
		s.Bounces = &preread.Mailbox{Address: a.cfg.Mailbox.Address, Separator: a.cfg.Mailbox.Separator}
	}
	return s
}

// parseAt reads --at: an RFC 3339 instant, or now when empty.
func parseAt(at string) (time.Time, error) {
	if at == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return t, usageError{fmt.Sprintf("--at %q: want RFC 3339, like 2026-11-24T09:00:00+01:00", at)}
	}
	return t, nil
}
