package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/preread/preread/internal/demo"
)

// runDemo plays one week of preread for a sample team (internal/demo) on
// the service `preread serve` runs, opened on the demo's config and clock.
func runDemo(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	out := fs.String("out", "", "the `DIR` for the emails sent, the config, the database and the log; new or empty (default: a new temporary folder)")
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	err := demo.Run(ctx, demo.Options{Out: *out, Stdout: env.stdout, Open: openDemoService})
	if errors.Is(err, demo.ErrNotEmpty) {
		return usageError{fmt.Sprintf("--out %s is not empty: name a new or empty folder", *out)}
	}
	return err
}

// openDemoService opens the app on the config the demo wrote, on its
// clock, with the service's log to logw and only the account on stdout.
func openDemoService(ctx context.Context, file string, now func() time.Time, getenv func(string) string, logw io.Writer) (demo.Service, error) {
	a, err := openAppAt(ctx, &cliEnv{stdout: io.Discard, stderr: logw, getenv: getenv}, file, now)
	if err != nil {
		return nil, err
	}
	return demoService{a}, nil
}
