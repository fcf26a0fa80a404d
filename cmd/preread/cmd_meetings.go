package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/preread/preread"
)

// meetingsSpan is how far `preread meetings` looks ahead without --until.
const meetingsSpan = 28

func runMeetings(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	pairKey := fs.String("pair", "", "only this pair, as `MANAGER:REPORT`")
	since := fs.String("since", "", "from `DAY` on (YYYY-MM-DD, in each pair's time zone; default today)")
	until := fs.String("until", "", fmt.Sprintf("up to `DAY`, inclusive (default %d days after --since)", meetingsSpan))
	reset := fs.String("reset", "", "drop the calendar invitations kept for the pair `MANAGER:REPORT`, then list")
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	var from, to preread.Date
	for _, f := range []struct {
		name, val string
		day       *preread.Date
	}{{"since", *since, &from}, {"until", *until, &to}} {
		if f.val == "" {
			continue
		}
		d, err := preread.ParseDate(f.val)
		if err != nil {
			return usageError{fmt.Sprintf("--%s: %v", f.name, err)}
		}
		*f.day = d
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return usageError{fmt.Sprintf("--until %s is before --since %s", to, from)}
	}
	a, err := openApp(ctx, env, *file)
	if err != nil {
		return err
	}
	defer a.Close()
	if *reset != "" {
		if err := resetCalendar(ctx, a, env.stdout, *reset); err != nil {
			return err
		}
		if *pairKey == "" {
			*pairKey = *reset
		}
	}
	dir, err := a.liveDirectory(ctx, a.now())
	if err != nil {
		return err
	}
	pairs := dir.Pairs
	if *pairKey != "" {
		m, r, ok := preread.ParsePairKey(*pairKey)
		i := slices.IndexFunc(pairs, func(p preread.Pair) bool { return p.Manager == m && p.Report == r })
		if !ok || i < 0 {
			return fmt.Errorf("no pair %s in %s", *pairKey, a.cfg.Path)
		}
		pairs = pairs[i : i+1]
	}
	for _, p := range pairs {
		loc := p.TimeZone
		start := from
		if start.IsZero() {
			start = preread.DateOf(a.now().In(loc))
		}
		end := to
		if end.IsZero() {
			end = start.AddDays(meetingsSpan)
		}
		writeMeetings(env.stdout, p, start.In(loc, preread.Clock{}), end.AddDays(1).In(loc, preread.Clock{}), dir.Holidays)
		if p.Calendar != nil && len(p.CalendarMeetings(a.now(), a.now().Add(noMeetingSpan))) == 0 {
			fmt.Fprintf(env.stdout, "  note: its calendar sets no meeting in the next year; "+
				"`preread meetings --reset %s` gives it back to its config rule\n", p.Key())
		}
	}
	return nil
}

// noMeetingSpan is how far ahead a calendar with no meeting is named.
const noMeetingSpan = 366 * 24 * time.Hour

// resetCalendar drops the calendar invitations kept for one pair: after a
// token holder froze its updates, or to give it back to its rule.
func resetCalendar(ctx context.Context, a *app, w io.Writer, key string) error {
	m, r, ok := preread.ParsePairKey(key)
	if !ok || !slices.ContainsFunc(a.cfg.Directory.Pairs, func(p preread.Pair) bool { return p.Manager == m && p.Report == r }) {
		return fmt.Errorf("no pair %s in %s", key, a.cfg.Path)
	}
	n, err := a.db.ResetCalendar(ctx, m, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: dropped %d calendar invitation%s; its meetings follow the config (rule or none) until the next invitation\n",
		key, n, plural(n))
	return nil
}

// writeMeetings lists a pair's meetings in [from, to), and where each
// comes from: the config's rule, the calendar's invitation, moved by it,
// or cancelled by it.
func writeMeetings(w io.Writer, p preread.Pair, from, to time.Time, holidays []preread.Date) {
	loc := p.TimeZone
	switch {
	case p.Calendar != nil && p.Meets.String() != "":
		fmt.Fprintf(w, "%s: follows the calendar invitation (the config's rule %q is overridden)\n", p.Key(), p.Meets.String())
	case p.Calendar != nil:
		fmt.Fprintf(w, "%s: follows the calendar invitation\n", p.Key())
	case p.Meets.String() != "":
		fmt.Fprintf(w, "%s: the config's rule %q, until a calendar invitation comes\n", p.Key(), p.Meets.String())
	default:
		fmt.Fprintf(w, "%s: waits for a calendar invitation (meets: calendar)\n", p.Key())
	}
	list := p.MeetingsBetween(from, to, holidays)
	if p.Calendar != nil {
		list = append(list, p.Calendar.Cancelled(from, to)...)
		slices.SortStableFunc(list, func(a, b preread.Meeting) int { return a.Start.Compare(b.Start) })
	}
	if len(list) == 0 {
		fmt.Fprintln(w, "  no meetings")
	}
	for _, m := range list {
		line := fmt.Sprintf("  %s  %-5s  %s", m.Start.In(loc).Format("2006-01-02 Mon 15:04"), m.End.Sub(m.Start).String(), m.Source)
		if m.Source == preread.FromCancelled {
			line = fmt.Sprintf("  %s  %-5s  %s", m.Start.In(loc).Format("2006-01-02 Mon 15:04"), "", m.Source)
		}
		if m.Source == preread.FromMoved && !m.At.Equal(m.Start) {
			line += ", was " + m.At.In(loc).Format("Mon 2 Jan 15:04")
		}
		fmt.Fprintln(w, line)
	}
}
