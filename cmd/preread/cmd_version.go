package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

func runVersion(_ context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	commit := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				commit = s.Value
			}
		}
	}
	fmt.Fprintf(env.stdout, "preread %s (commit %s, %s)\n", version, commit, runtime.Version())
	return nil
}

// notBuilt registers a command that a later release fills in: it has its
// help text now and says plainly that it does nothing yet.
func notBuilt(name, args string) func(context.Context, *cliEnv, *command, []string) error {
	return func(_ context.Context, env *cliEnv, c *command, argv []string) error {
		for _, a := range argv {
			if a == "-h" || a == "-help" || a == "--help" {
				printCommandHelp(env.stdout, c, nil)
				return flag.ErrHelp
			}
		}
		return fmt.Errorf("not built yet in this version of preread (%s %s)", name, args)
	}
}
