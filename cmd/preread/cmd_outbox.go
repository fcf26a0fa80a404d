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
		sent, parked, err := a.sender().Flush(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "email %d queued again: %d sent, %d parked as failed\n", id, sent, parked)
		return nil
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
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%d\t%s\n", e.ID, e.State, e.Kind, e.Recipient, e.Period, e.Attempts, e.LastError)
	}
	return w.Flush()
})
