package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/preread/preread/config"
	"github.com/preread/preread/mailin"
	"github.com/robfig/cron/v3"
)

// shutdownGrace is how long running work may take to finish on SIGTERM.
const shutdownGrace = 20 * time.Second

func runServe(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	tick := fs.Duration("tick", time.Minute, "how often the scheduler looks for email that is due")
	clock := fs.String("clock", "", "for tests and demos: run the clock from this `INSTANT` (RFC 3339) instead of now")
	grace := fs.Duration("mailbox-grace", 3*time.Minute, "how long the mailbox may be out of reach before /healthz fails")
	stuck := fs.Duration("outbox-stuck", 30*time.Minute, "how long a due email may wait before /healthz fails")
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	if *tick < time.Second {
		return usageError{"--tick must be at least 1s"}
	}
	now := time.Now
	if *clock != "" {
		start, err := time.Parse(time.RFC3339, *clock)
		if err != nil {
			return usageError{fmt.Sprintf("--clock %q: want RFC 3339, like 2026-11-24T09:00:00+01:00", *clock)}
		}
		began := time.Now()
		now = func() time.Time { return start.Add(time.Since(began)) }
	}
	// SIGHUP reloads the config (systemd's ExecReload) instead of ending
	// the process; asked for before anything else, so a reload sent while
	// serve starts waits for it.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	cfg, err := config.Load(*file)
	if err != nil {
		return err
	}
	unlock, err := lockDatabase(cfg.Database)
	if err != nil {
		return err
	}
	defer unlock()
	a, err := newApp(ctx, env, cfg, now)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.serve(ctx, *tick, health{mailboxGrace: *grace, outboxStuck: *stuck}, hup)
}

// serve runs the mailbox watcher, the scheduler and the outbox worker until
// ctx ends, and reloads the config on each value from reload. Shutdown has
// two stages: nothing new starts, then running work gets shutdownGrace to
// finish before it is cut off.
func (a *app) serve(ctx context.Context, tick time.Duration, h health, reload <-chan os.Signal) error {
	work, cutOff := context.WithCancel(context.WithoutCancel(ctx))
	defer cutOff()
	mailbox, stopMailbox := context.WithCancel(work)
	defer stopMailbox()
	stopping := make(chan struct{})
	wake := make(chan struct{}, 1)
	poke := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	mon := &monitor{}
	stopHTTP, err := a.listen(ctx, mon, h)
	if err != nil {
		return err
	}
	defer stopHTTP()
	var wg sync.WaitGroup
	w := &mailin.Watcher{Server: imapServer(a.cfg, a.env.getenv), Syncer: a.syncer(), Log: a.log,
		CheckEvery: a.cfg.Mailbox.CheckEvery, OnState: mon.mailboxState,
		OnPass: func(mailin.Stats) {
			mon.synced()
			poke() // replies it queued (help, questions) go out now
		}}
	wg.Go(func() { w.Run(mailbox) })

	planner := a.planner()
	enqueue := func() {
		mon.ticked(tick)
		n, err := planner.enqueue(work, allDue, a.now())
		if err != nil {
			a.log.Error("scheduler", "err", err)
		}
		if n > 0 {
			poke()
		}
	}
	sched := cron.New(cron.WithLocation(time.UTC))
	if _, err := sched.AddFunc(fmt.Sprintf("@every %s", tick), enqueue); err != nil {
		return fmt.Errorf("scheduler: %w", err)
	}
	enqueue() // catch up on what came due while preread was down
	sched.Start()
	wg.Go(func() { a.sendLoop(work, stopping, wake) })
	a.log.Info("serving", "config", a.cfg.Path, "mailbox", a.cfg.Mailbox.IMAP, "relay", a.cfg.SMTP.Relay, "tick", tick)

	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-reload:
			if a.reload(work) {
				enqueue() // welcome whoever is new now, not at the next tick
			}
		}
	}
	a.log.Info("shutting down: finishing running work", "grace", shutdownGrace)
	stopMailbox() // a pass cut short is safe: results are committed before moves
	close(stopping)
	done := make(chan struct{})
	go func() {
		<-sched.Stop().Done()
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(shutdownGrace):
		a.log.Warn("shutdown grace over: cutting off running work")
		cutOff()
		<-done
	}
	a.log.Info("stopped")
	return nil
}

// sendLoop flushes the outbox when woken, when retries come due, and at
// least every 30 seconds, until stopping is closed.
func (a *app) sendLoop(ctx context.Context, stopping, wake <-chan struct{}) {
	s := a.sender()
	for {
		sent, parked, err := s.Flush(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Error("outbox", "err", err)
		case sent > 0 || parked > 0:
			a.log.Info("outbox flushed", "sent", sent, "parked", parked)
		}
		wait := 30 * time.Second
		if next, err := a.db.NextDue(ctx); err == nil && !next.IsZero() {
			wait = min(wait, max(next.Sub(a.now()), time.Second))
		}
		select {
		case <-stopping:
			return
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(wait):
		}
	}
}
