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
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	team := fs.String("team", "", "render the digest of the team called `NAME` (preview digest)")
	pair := fs.String("pair", "", "render the pre-read of the pair `MANAGER:REPORT`, two addresses (preview preread)")
	date := fs.String("date", "", "the day `D`, YYYY-MM-DD: the digest's workday, or the day after which the pre-read's meeting comes (default today)")
	htmlFile := fs.String("html", "", "write the HTML part to `FILE` (mode 0600) instead of the text to stdout")
	what, err := subcommand(c, env, fs, args, "digest", "preread")
	if err != nil {
		return err
	}
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
		if err := writePrivate(*htmlFile, []byte(email.HTML)); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "wrote %s (%s)\n", *htmlFile, cleanLine(email.Subject))
		return nil
	}
	// The text quotes what people wrote: clean, as every output of stored text.
	fmt.Fprintf(env.stdout, "To: %s\nSubject: %s\n\n%s", cleanLine(email.To), cleanLine(email.Subject), clean(email.Text))
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
		return digest.TeamDigest(d, reader, digest.Addresses{}), nil
	}
	return preread.Email{}, fmt.Errorf("no team %q in %s", name, a.cfg.Path)
}

func (a *app) previewPreread(ctx context.Context, key, date string) (preread.Email, error) {
	manager, report, ok := preread.ParsePairKey(key)
	if !ok {
		return preread.Email{}, usageError{"preview preread needs --pair MANAGER:REPORT"}
	}
	schedules, err := a.schedules.Load(ctx, a.db)
	if err != nil {
		return preread.Email{}, err
	}
	dir := a.cfg.Directory.WithCalendars(schedules) // the meetings a calendar set

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
		// As made when it is due: an action item due before then is overdue.
		at, ok := digest.PrereadTime(dir, p, next[0].Start)
		if !ok {
			at = a.now()
		}
		m, err := digest.BuildMeeting(ctx, a.db, dir, p, next[0], at)
		if err != nil {
			return preread.Email{}, err
		}
		reader, _ := dir.Person(p.Manager)
		return digest.Preread(m, reader, digest.Addresses{}), nil
	}
	return preread.Email{}, fmt.Errorf("no pair %s in %s", key, a.cfg.Path)
}

// writePrivate writes data to path, readable by its owner only: a preview
// holds people's status and agenda. An existing file is overwritten and
// made 0600 too.
func writePrivate(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
