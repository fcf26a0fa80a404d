package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
)

// runAway lists who is away, today and later, and who said so: the config,
// an AWAY command, or an out-of-office reply; and whose prompts are paused.
func runAway(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	person := fs.String("person", "", "only this `ADDRESS` (any case, or an alias)")
	at := fs.String("at", "", "list as of the `INSTANT`, RFC 3339 (default now)")
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	now, err := parseAt(*at)
	if err != nil {
		return err
	}
	a, err := openAppAt(ctx, env, *file, func() time.Time { return now })
	if err != nil {
		return err
	}
	defer a.Close()
	dir := a.directory()
	only := ""
	if *person != "" {
		p, ok := dir.Person(*person)
		if !ok {
			return fmt.Errorf("%s is not in the directory", cleanLine(*person))
		}
		only = p.Email
	}
	personal, err := a.db.Personal(ctx, preread.DateOf(a.now().UTC()).AddDays(-1))
	if err != nil {
		return err
	}
	type row struct {
		who string
		preread.Away
	}
	var rows []row
	var paused []string
	for _, p := range dir.People {
		if only != "" && p.Email != only {
			continue
		}
		today := preread.DateOf(a.now().In(p.TimeZone))
		for _, r := range p.Away {
			rows = append(rows, row{p.Email, preread.Away{DateRange: r, Source: preread.AwayConfig}})
		}
		for _, r := range personal.Away[p.Email] {
			rows = append(rows, row{p.Email, r})
		}
		rows = slices.DeleteFunc(rows, func(r row) bool { return r.who == p.Email && r.To.Before(today) })
		if since, ok := personal.Paused[p.Email]; ok {
			paused = append(paused, fmt.Sprintf("%s: prompts paused since %s (until RESUME)", p.Email, since.In(p.TimeZone).Format(whenFormat)))
		}
	}
	slices.SortStableFunc(rows, func(x, y row) int {
		return strings.Compare(x.who+x.From.String(), y.who+y.From.String())
	})
	if len(rows) == 0 && len(paused) == 0 {
		fmt.Fprintln(env.stdout, "nobody is away today or later")
		return nil
	}
	if len(rows) > 0 {
		w := newTable(env.stdout, "PERSON", "FROM", "TO", "SOURCE")
		for _, r := range rows {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.who, r.From, r.To, r.Source)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	for _, p := range paused {
		fmt.Fprintln(env.stdout, p)
	}
	return nil
}
