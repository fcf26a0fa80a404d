package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
)

func runPreview(ctx context.Context, env *cliEnv, c *command, args []string) error {
	what, err := subcommand(c, env, args, "digest", "preread")
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet(c.name+" "+what, flag.ContinueOnError)
	file := configFlag(fs, env)
	team := fs.String("team", "", "the team whose digest to render (digest)")
	pair := fs.String("pair", "", "MANAGER:REPORT, the pair whose pre-read to render (preread)")
	date := fs.String("date", "", "YYYY-MM-DD: the digest's workday, or the day after which the pre-read's meeting comes (default today)")
	htmlFile := fs.String("html", "", "write the HTML part to this file instead of the text to stdout")
	if _, err := parseFlags(c, env, fs, args[1:], 0, 0); err != nil {
		return err
	}
	a, err := openApp(ctx, env, *file)
	if err != nil {
		return err
	}
	defer a.Close()
	var email preread.Email
	if what == "digest" {
		email, err = a.previewDigest(ctx, *team, *date)
	} else {
		email, err = a.previewPreread(ctx, *pair, *date)
	}
	if err != nil {
		return err
	}
	if *htmlFile != "" {
		if err := os.WriteFile(*htmlFile, []byte(email.HTML), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", *htmlFile, err)
		}
		fmt.Fprintf(env.stdout, "wrote %s (%s)\n", *htmlFile, email.Subject)
		return nil
	}
	fmt.Fprintf(env.stdout, "To: %s\nSubject: %s\n\n%s", email.To, email.Subject, email.Text)
	return nil
}

// day reads --date, or today in loc.
func (a *app) day(s string, loc *time.Location) (preread.Date, error) {
	if s == "" {
		return preread.DateOf(a.now().In(loc)), nil
	}
	d, err := preread.ParseDate(s)
	if err != nil {
		return d, usageError{"--date: " + err.Error()}
	}
	return d, nil
}

func (a *app) previewDigest(ctx context.Context, name, date string) (preread.Email, error) {
	if name == "" {
		return preread.Email{}, usageError{"preview digest needs --team NAME"}
	}
	dir := a.cfg.Directory
	for _, t := range dir.Teams {
		if t.Name != name {
			continue
		}
		day, err := a.day(date, t.TimeZone)
		if err != nil {
			return preread.Email{}, err
		}
		d, err := digest.BuildTeamDay(ctx, a.db, dir, t, day)
		if err != nil {
			return preread.Email{}, err
		}
		reader, _ := dir.Person(t.Manager)
		return digest.TeamDigest(d, reader), nil
	}
	return preread.Email{}, fmt.Errorf("no team %q in %s", name, a.cfg.Path)
}

func (a *app) previewPreread(ctx context.Context, key, date string) (preread.Email, error) {
	manager, report, ok := preread.ParsePairKey(key)
	if !ok {
		return preread.Email{}, usageError{"preview preread needs --pair MANAGER:REPORT"}
	}
	dir := a.cfg.Directory
	for _, p := range dir.Pairs {
		if p.Manager != manager || p.Report != report {
			continue
		}
		day, err := a.day(date, p.TimeZone)
		if err != nil {
			return preread.Email{}, err
		}
		after := day.AddDays(1).In(p.TimeZone, preread.Clock{})
		next := p.Meetings(after.Add(-time.Nanosecond), 1, dir.Holidays)
		if len(next) == 0 {
			return preread.Email{}, fmt.Errorf("pair %s has no meeting after %s", key, day)
		}
		m, err := digest.BuildMeeting(ctx, a.db, dir, p, next[0])
		if err != nil {
			return preread.Email{}, err
		}
		reader, _ := dir.Person(p.Manager)
		return digest.Preread(m, reader, digest.Addresses{}), nil
	}
	return preread.Email{}, fmt.Errorf("no pair %s in %s", key, a.cfg.Path)
}
