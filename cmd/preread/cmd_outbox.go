package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
)

var runOutbox = appCommand(0, 2, func(ctx context.Context, a *app, rest []string) error {
	env := a.env
	if len(rest) > 0 {
		if rest[0] != "retry" || len(rest) != 2 {
			return usageError{"want `outbox` or `outbox retry ID`"}
		}
		id, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil {
			return usageError{fmt.Sprintf("ID %q is not a number; `preread outbox` lists them", rest[1])}
		}
		if err := a.db.Retry(ctx, id); err != nil {
			return err
		}
		n, err := a.sender().FlushCount(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "email %d queued again: %d sent, %d deferred, %d parked as failed\n", id, n.Sent, n.Deferred, n.Parked)
		return retried(ctx, a, id)
	}
	entries, err := a.db.Outbox(ctx, "pending", "failed")
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		fmt.Fprintln(env.stdout, "the outbox is empty: everything was sent")
		return nil
	}
	w := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tSTATE\tKIND\tTO\tFOR\tTRIES\tLAST ERROR")
	for _, e := range entries {
		// The relay's answer came from outside; the rest is ours, cleaned alike.
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%d\t%s\n", e.ID, cleanLine(e.State), cleanLine(string(e.Kind)), cleanLine(e.Recipient),
			cleanLine(e.Period), e.Attempts, cleanLine(e.LastError))
	}
	return w.Flush()
})

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
