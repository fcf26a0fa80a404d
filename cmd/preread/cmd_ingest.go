package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/config"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/store"
)

// The store is what mailin files into and looks up.
var (
	_ mailin.Filer  = (*store.DB)(nil)
	_ mailin.Lookup = (*store.DB)(nil)
)

func runIngest(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	// No backquotes here but around the argument's name: flag takes
	// the quoted word for it (PITFALLS).
	once := fs.Bool("once", false, "one pass over the mailbox, then exit (required; preread serve keeps reading)")
	profile := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the pass to `FILE`")
	at := fs.String("at", "", "run the pass on a clock stopped at `INSTANT`, RFC 3339 (default now): what it files and queues counts as then")
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if !*once {
		return usageError{"ingest does one pass and needs --once; use `preread serve` to keep reading the mailbox"}
	}
	now := time.Now
	if *at != "" {
		t, err := parseAt(*at)
		if err != nil {
			return err
		}
		now = func() time.Time { return t }
	}
	cfg, err := config.Load(*file)
	if err != nil {
		return err
	}
	// Log in while the database opens and the directory syncs: each takes
	// tens of milliseconds, and a pass often has little else to do.
	type dialed struct {
		client *mailin.Conn
		err    error
	}
	login := make(chan dialed, 1)
	go func() {
		c, err := mailin.Dial(ctx, imapServer(cfg, env.getenv))
		login <- dialed{c, err}
	}()
	a, err := newApp(ctx, env, cfg, now)
	d := <-login
	if d.client != nil {
		defer d.client.Close()
	}
	if err != nil {
		return err
	}
	defer a.Close()
	if d.err != nil {
		return fmt.Errorf("%w\ncheck mailbox.imap, mailbox.username and the login settings in %s, and that the server is up (`preread check --connect` tries each step)",
			d.err, cfg.Path)
	}
	client := d.client
	syncer := a.syncer()
	syncer.Progress = progress(env.stderr, "messages")
	stats, err := syncer.Pass(ctx, client)
	if err != nil {
		return err
	}
	client.Logout()
	fmt.Fprintf(env.stdout, "%d message%s: %d filed, %d ignored, %d rejected, %d failed\n", stats.Seen, plural(stats.Seen),
		stats.Outcomes[preread.OutcomeFiled], stats.Outcomes[preread.OutcomeIgnored],
		stats.Outcomes[preread.OutcomeRejected], stats.Outcomes[preread.OutcomeFailed])
	// What the pass queued (confirmations, notices, help, questions) goes
	// out now, as serve sends it at once; a relay that is down only defers it.
	n, err := a.sender().FlushCount(ctx)
	if err != nil {
		return err
	}
	if n.Sent+n.Deferred+n.Parked > 0 {
		fmt.Fprintf(env.stdout, "outbox: %d sent, %d deferred, %d parked as failed\n", n.Sent, n.Deferred, n.Parked)
	}
	return nil
}

// syncer builds the inbound pipeline on the app's config and database;
// each message is classified by the directory current then (reload.go).
func (a *app) syncer() *mailin.Syncer {
	m := a.cfg.Mailbox
	return &mailin.Syncer{
		Folders:   mailin.Folders{Inbox: m.Folder, Processed: m.ProcessedFolder, Rejected: m.RejectedFolder, Failed: m.FailedFolder},
		Filer:     a.db,
		Processor: &a.proc,
		MaxSize:   m.MaxSize,
		BatchSize: 500,
		Log:       a.log,
		Now:       a.now,
	}
}

// startProfile writes a CPU profile to file until stop is called.
func startProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
