package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/preread/preread/config"
	"github.com/preread/preread/store"
)

func runInit(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	f, err := os.OpenFile(*file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists; move it away or pick another name with --config", *file)
	}
	if err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	if _, err := f.Write(config.Example()); err != nil {
		f.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	cfg, err := config.Parse(*file, config.Example())
	if err != nil {
		return fmt.Errorf("the example config is broken, please report this: %w", err)
	}
	db, err := store.Open(ctx, cfg.Database, store.Options{})
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "wrote %s and created %s\nnext: edit %s (mailbox, smtp, people, teams, pairs), then run `preread check --config %s`\n",
		*file, cfg.Database, *file, *file)
	return nil
}
