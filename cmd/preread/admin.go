package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// What the admin commands (mail, forget, outbox) share.

// parseInterleaved is parseFlags for a command whose flags may stand before
// or after its words (`outbox history --since 7d`, `outbox --config F drop
// 3`). It returns the words.
func parseInterleaved(c *command, env *cliEnv, fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		rest, err := parseFlags(c, env, fs, args, 0, len(args))
		if err != nil {
			return nil, err
		}
		if len(rest) == 0 {
			return words, nil
		}
		words, args = append(words, rest[0]), rest[1:]
	}
}

// parseSince reads --since: a date (2026-12-01, from its midnight in the
// local zone) or a duration back from now (24h, 90m, 7d). "" is the zero
// time: since ever.
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, time.Local); err == nil {
		return t, nil
	}
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 {
		return time.Time{}, usageError{fmt.Sprintf("--since %q: want a date (2026-12-01) or a time back from now (24h, 7d)", s)}
	}
	return now.Add(-d), nil
}

// newTable starts a table of aligned columns under the header; the caller
// writes tab-separated rows and flushes it.
func newTable(w io.Writer, header ...string) *tabwriter.Writer {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	return tw
}

// whenFormat is how the admin commands show an instant, in the local zone.
const whenFormat = "2006-01-02 15:04"

// orDash is s, or "-" when s is empty, so a table's columns stay in place.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// count writes n with the noun in the singular or plural.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}
