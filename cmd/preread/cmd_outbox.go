package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
)

func runOutbox(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	since := fs.String("since", "", "history: only mail queued since `D`, a date (2026-12-01) or a time back from now (24h, 7d)")
	words, err := parseInterleaved(c, env, fs, args)
	if err != nil {
		return err
	}
	what := ""
	if len(words) > 0 {
		what = words[0]
	}
	var id int64
	switch {
	case what == "" && len(words) == 0, what == "history" && len(words) == 1:
	case (what == "retry" || what == "drop") && len(words) == 2:
		if id, err = strconv.ParseInt(words[1], 10, 64); err != nil {
			return usageError{fmt.Sprintf("ID %q is not a number; `preread outbox history` lists them", words[1])}
		}
	default:
		return usageError{"want `outbox`, `outbox retry ID`, `outbox drop ID` or `outbox history [--since D]`"}
	}
	if *since != "" && what != "history" {
		return usageError{"--since goes with `outbox history`"}
	}
	a, err := openApp(ctx, env, *file)
	if err != nil {
		return err
	}
	defer a.Close()
	switch what {
	case "retry":
		return a.retryEmail(ctx, id)
	case "drop":
		return a.dropEmail(ctx, id)
	case "history":
		from, err := parseSince(*since, a.now())
		if err != nil {
			return err
		}
		return a.outboxHistory(ctx, from)
	}
	return a.listOutbox(ctx)
}

func (a *app) retryEmail(ctx context.Context, id int64) error {
	if err := a.db.Retry(ctx, id); err != nil {
		return err
	}
	n, err := a.sender().FlushCount(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.stdout, "email %d queued again: %d sent, %d deferred, %d parked as failed\n", id, n.Sent, n.Deferred, n.Parked)
	return retried(ctx, a, id)
}

// retried says, with exit status 1, when the email retried did not go out:
// the relay refused it again or deferred it.
func retried(ctx context.Context, a *app, id int64) error {
	waiting, err := a.db.Outbox(ctx, "pending", "failed")
	if err != nil {
		return err
	}
	for _, e := range waiting {
		if e.ID != id {
			continue
		}
		what := "parked again as failed"
		if e.State == "pending" {
			what = "deferred; serve or the next run tries again"
		}
		fmt.Fprintf(a.env.stderr, "preread outbox: email %d was not sent: %s (%s)\n", id, what, cleanLine(e.LastError))
		return exitError{1}
	}
	return nil
}

func (a *app) dropEmail(ctx context.Context, id int64) error {
	err := a.db.Drop(ctx, id, store.DropByAdmin)
	if errors.Is(err, preread.ErrNotFound) {
		return fmt.Errorf("no email with ID %d; `preread outbox history` lists them", id)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.stdout, "email %d dropped: it will not be sent\n", id)
	return nil
}

func (a *app) listOutbox(ctx context.Context) error {
	entries, err := a.db.Outbox(ctx, "pending", "failed")
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		fmt.Fprintln(a.env.stdout, "the outbox is empty: everything was sent")
		return nil
	}
	w := newTable(a.env.stdout, "ID", "STATE", "KIND", "TO", "FOR", "TRIES", "LAST ERROR")
	for _, e := range entries {
		// The relay's answer came from outside; the rest is ours, cleaned alike.
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%d\t%s\n", e.ID, cleanLine(e.State), cleanLine(string(e.Kind)), cleanLine(e.Recipient),
			cleanLine(e.Period), e.Attempts, cleanLine(e.LastError))
	}
	return w.Flush()
}

// outboxHistory lists every email queued since an instant, sent and
// dropped ones too, newest first.
func (a *app) outboxHistory(ctx context.Context, since time.Time) error {
	recs, err := a.db.OutboxHistory(ctx, since)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		fmt.Fprintln(a.env.stdout, "no mail queued in that time")
		return nil
	}
	w := newTable(a.env.stdout, "ID", "QUEUED", "KIND", "TO", "SUBJECT", "STATE", "TRIES", "REASON")
	for _, r := range recs {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.ID, r.Queued.Local().Format(whenFormat), r.Kind, r.Recipient,
			orDash(cleanLine(mailout.Subject(r.Header))), r.State, r.Attempts, cleanLine(r.Reason))
	}
	return w.Flush()
}
