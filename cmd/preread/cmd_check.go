package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/preread/preread/config"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/store"
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
	if msg := databaseProblem(cfg.Database); msg != "" {
		line, field := cfg.DatabaseLine, "database"
		if line == 0 {
			line, msg = 1, msg+" (database: is not set, so it is preread.db beside the config)"
		}
		fmt.Fprintln(env.stderr, (&config.Error{Path: cfg.Path, Problems: []config.Problem{{Line: line, Field: field, Msg: msg}}}).Error())
		fmt.Fprintf(env.stderr, "1 problem in %s\n", *file)
		return exitError{1}
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
	return calendarNotes(ctx, env, cfg)
}

// maxWaitingNotes is how many pairs waiting for an invitation check names.
const maxWaitingNotes = 10

// calendarNotes names, at its line, each pair's meets rule that a
// calendar invitation overrides, and each pair that waits for one, as the
// database (read, never changed) holds them now.
func calendarNotes(ctx context.Context, env *cliEnv, cfg *config.File) error {
	calendars, err := store.ReadCalendars(ctx, cfg.Database)
	if err != nil {
		return err
	}
	var schedules mailin.Schedules
	live := schedules.Read(calendars)
	waiting := 0 // pairs that wait for an invitation: a people file may name thousands
	defer func() {
		if waiting > maxWaitingNotes {
			fmt.Fprintf(env.stdout, "%s: note: … and %d more pairs wait for a calendar invitation\n", cfg.Path, waiting-maxWaitingNotes)
		}
	}()
	now := time.Now()
	for _, p := range cfg.Directory.Pairs {
		at := cfg.MeetsAt[p.Key()]
		if at.File == "" {
			at.File = cfg.Path
		}
		where := fmt.Sprintf("%s:%d: %s", at.File, max(at.Line, 1), at.Field)
		sch, follows := live[p.Key()]
		if follows && len(sch.Between(now, now.Add(noMeetingSpan))) == 0 {
			fmt.Fprintf(env.stdout, "%s: note: %s follows a calendar that sets no meeting in the next year: "+
				"`preread meetings --reset %s` gives it back to its rule\n", where, p.Key(), p.Key())
		}
		switch {
		case follows && p.Meets.String() != "":
			fmt.Fprintf(env.stdout, "%s: note: %q is overridden: %s's meetings follow their calendar invitation\n",
				where, p.Meets.String(), p.Key())
		case !follows && p.Meets.String() == "":
			if waiting++; waiting <= maxWaitingNotes {
				fmt.Fprintf(env.stdout, "%s: note: %s waits for a calendar invitation: no meetings until one comes\n",
					where, p.Key())
			}
		}
	}
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

// databaseProblem says why serve could not write the database file at
// path, or "". It creates nothing: a file that is not there yet is
// checked by its folder, where SQLite also keeps the -wal and -shm.
func databaseProblem(path string) string {
	dir := filepath.Dir(path)
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return path + " is not a file"
	case err == nil:
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return fmt.Sprintf("can't open %s for writing: %v", path, errors.Unwrap(err))
		}
		f.Close()
	case errors.Is(err, fs.ErrNotExist):
		st, err := os.Stat(dir)
		if err != nil {
			return fmt.Sprintf("the folder %s does not exist: create it, or name another", dir)
		}
		if !st.IsDir() {
			return dir + " is not a folder"
		}
	default:
		return err.Error()
	}
	if err := syscall.Access(dir, 0o2|0o1); err != nil { // W_OK|X_OK
		return fmt.Sprintf("can't create files in %s (SQLite keeps the database's -wal and -shm there): %v", dir, err)
	}
	return ""
}
