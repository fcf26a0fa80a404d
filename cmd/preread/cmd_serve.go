package main

import (
	"context"
	"flag"

	"github.com/preread/preread/mailin"
)

func runServe(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	a, err := openApp(ctx, env, *file)
	if err != nil {
		return err
	}
	defer a.Close()
	w := &mailin.Watcher{Server: a.cfg.imapServer(env.getenv), Syncer: a.syncer(), Log: a.log}
	a.log.Info("serving", "config", a.cfg.File, "mailbox", a.cfg.Mailbox.IMAP)
	err = w.Run(ctx)
	a.log.Info("stopped")
	return err
}
