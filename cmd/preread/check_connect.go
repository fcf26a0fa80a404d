package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/config"
	"github.com/preread/preread/internal/probe"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/mailout"
)

// checkTimeout bounds the steps of `preread check --connect` on one server.
const checkTimeout = 2 * time.Minute

// checkServers tries the mailbox and the relay step by step, as serve
// would reach them (mailin.Probe, mailout.Probe), and prints one line per
// step: ok, or FAIL with what to fix. Each server's checks stop at the
// first step that fails, since the next ones depend on it. It returns exit
// status 1 when any step failed.
func checkServers(ctx context.Context, env *cliEnv, cfg *config.File) error {
	in, out := probeOptions(cfg, env.getenv)
	r := &connectReport{w: env.stdout}
	imapCtx, cancel := context.WithTimeout(ctx, checkTimeout)
	r.print(mailin.Probe(imapCtx, in))
	cancel()
	smtpCtx, cancel := context.WithTimeout(ctx, checkTimeout)
	r.print(mailout.Probe(smtpCtx, out))
	cancel()
	fmt.Fprintf(r.w, "note sub-addressing: %s\n", in.SubaddressNote())
	if r.failed > 0 {
		fmt.Fprintf(env.stderr, "%d of %d connection checks failed: fix the FAIL lines above and run `preread check --connect` again\n", r.failed, r.steps)
		return exitError{1}
	}
	return nil
}

// probeOptions is what the probes need of the config: the servers as serve
// reaches them, and the names the hints quote.
func probeOptions(cfg *config.File, getenv func(string) string) (mailin.ProbeOptions, mailout.ProbeOptions) {
	m, s := cfg.Mailbox, cfg.SMTP
	in := mailin.ProbeOptions{
		Server:        imapServer(cfg, getenv),
		Folders:       mailin.Folders{Inbox: m.Folder, Processed: m.ProcessedFolder, Rejected: m.RejectedFolder, Failed: m.FailedFolder},
		Mailbox:       preread.Mailbox{Address: m.Address, Separator: m.Separator},
		TokenLifetime: m.Auth.TokenLifetime,
		PasswordEnv:   m.PasswordEnv,
		CheckEvery:    m.CheckEvery,
	}
	out := mailout.ProbeOptions{Relay: relay(cfg, getenv), TokenLifetime: s.Auth.TokenLifetime, PasswordEnv: s.PasswordEnv}
	return in, out
}

// connectReport prints the outcome of each step and counts them.
type connectReport struct {
	w             io.Writer
	steps, failed int
}

// print prints each step as it is taken: ok, or FAIL with what to fix.
func (r *connectReport) print(steps iter.Seq[probe.Step]) {
	for s := range steps {
		r.steps++
		if !s.OK {
			r.failed++
		}
		fmt.Fprintln(r.w, cleanLine(s.String())) // the servers' answers are in it
	}
}
