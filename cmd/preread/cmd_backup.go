package main

import (
	"context"
	"fmt"
)

var runBackup = appCommand(1, 1, func(ctx context.Context, a *app, rest []string) error {
	if err := a.db.Backup(ctx, rest[0]); err != nil {
		return err
	}
	fmt.Fprintf(a.env.stdout, "wrote a consistent copy of %s to %s\nto restore: stop preread, copy it over %s (and remove %s-wal and %s-shm), start preread\n",
		a.cfg.Database, rest[0], a.cfg.Database, a.cfg.Database, a.cfg.Database)
	return nil
})
