package main

import (
	"context"
	"flag"
	"fmt"
)

func runBackup(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	rest, err := parseFlags(c, env, fs, args, 1, 1)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, env, *file)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.db.Backup(ctx, rest[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "wrote a consistent copy of %s to %s\nto restore: stop preread, copy it over %s (and remove %s-wal and %s-shm), start preread\n",
		a.cfg.Database, rest[0], a.cfg.Database, a.cfg.Database, a.cfg.Database)
	return nil
}
