package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/preread/preread/config"
)

func runCheck(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	connect := fs.Bool("connect", false, "also check the *_env variables and log in to the IMAP and SMTP servers")
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	cfg, err := config.Load(*file)
	var cerr *config.Error
	if errors.As(err, &cerr) {
		fmt.Fprintln(env.stderr, cerr.Error())
		fmt.Fprintf(env.stderr, "%d problem%s in %s\n", len(cerr.Problems), plural(len(cerr.Problems)), *file)
		return exitError{1}
	}
	if err != nil {
		return err
	}
	if *connect {
		problems := cfg.MissingEnv(env.getenv)
		if len(problems) > 0 {
			e := &config.Error{Path: cfg.Path, Problems: problems}
			fmt.Fprintln(env.stderr, e.Error())
			fmt.Fprintf(env.stderr, "set the variables above and run `preread check --connect` again\n")
			return exitError{1}
		}
		if err := checkServers(ctx, env, cfg); err != nil {
			return err
		}
	}
	d := cfg.Directory
	fmt.Fprintf(env.stdout, "%s: ok: %d %s, %d team%s, %d pair%s\n", *file,
		len(d.People), pluralWord(len(d.People), "person", "people"), len(d.Teams), plural(len(d.Teams)), len(d.Pairs), plural(len(d.Pairs)))
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
