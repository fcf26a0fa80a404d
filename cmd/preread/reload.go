package main

import (
	"context"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/config"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/mailout"
)

// The directory (people, teams, pairs, defaults, holidays) is the part of
// the config that serve takes up again on SIGHUP; the rest (the mailbox,
// the relay, the database, the listener) is what its connections, token
// commands and files were built from, and a change there waits for a
// restart. The directory is swapped whole, behind an atomic pointer: the
// planner and each message's classification read the one current when
// they start, and a value once published is never changed.

// directory is the directory as last synced into the database.
func (a *app) directory() preread.Directory { return *a.dir.Load() }

// liveDirectory is the directory with what people set by email (away,
// pauses, skipped 1:1s, and the calendars of their 1:1s), as the planner
// and the demo read it at now.
func (a *app) liveDirectory(ctx context.Context, now time.Time) (preread.Directory, error) {
	personal, err := a.db.Personal(ctx, preread.DateOf(now.UTC()).AddDays(-1))
	if err != nil {
		return preread.Directory{}, err
	}
	schedules, err := a.schedules.Load(ctx, a.db)
	if err != nil {
		return preread.Directory{}, err
	}
	return a.directory().With(personal).WithCalendars(schedules), nil
}

// setDirectory publishes d, synced already, to the planner and the
// inbound pipeline.
func (a *app) setDirectory(d preread.Directory) {
	d = d.Indexed()
	a.dir.Store(&d)
	a.proc.current.Store(a.replier(d))
}

// replier classifies messages by d and writes the replies they call for.
func (a *app) replier(d preread.Directory) *replier {
	m := a.cfg.Mailbox
	mailbox := preread.Mailbox{Address: m.Address, Separator: m.Separator}
	classifier := &mailin.Classifier{
		Directory:  d,
		Mailbox:    mailbox,
		AuthservID: m.AuthservID,
		TrustFrom:  m.TrustFrom,
		MaxSize:    m.MaxSize,
		Lookup:     a.db,
		Schedules:  &a.schedules,
		Now:        a.now,
		Log:        a.log,
	}
	return &replier{Processor: classifier, dir: d, mailbox: mailbox, tokens: a.db, books: a.db,
		renderer: mailout.Renderer{From: a.cfg.SMTP.From}}
}

// currentProcessor processes each message with the replier of the
// directory current when the message's turn comes.
type currentProcessor struct {
	current atomic.Pointer[replier]
}

func (c *currentProcessor) Process(ctx context.Context, raw []byte, received time.Time) (preread.Processed, error) {
	return c.current.Load().Process(ctx, raw, received)
}

func (c *currentProcessor) TooBig(ctx context.Context, header []byte, size, limit int64, received time.Time) (preread.Processed, error) {
	return c.current.Load().TooBig(ctx, header, size, limit, received)
}

func (c *currentProcessor) FromHeader(ctx context.Context, header []byte, received time.Time) (preread.Processed, bool, error) {
	return c.current.Load().FromHeader(ctx, header, received)
}

// reload reads the config file again, as SIGHUP asks: a file with
// problems is refused and the running config kept; else its directory is
// synced into the database and published, and what changed is logged. It
// reports whether the directory was taken up.
func (a *app) reload(ctx context.Context) bool {
	a.log.Info("reloading the config", "config", a.cfg.Path)
	raiseGCLimit()
	defer fitGCLimit()
	cfg, err := config.Load(a.cfg.Path)
	if err != nil {
		a.log.Error("config not reloaded: the running one stays", "config", a.cfg.Path, "err", err)
		return false
	}
	rep, err := a.db.SyncDirectory(ctx, cfg.Directory)
	if err != nil {
		a.log.Error("config not reloaded: the running one stays", "config", a.cfg.Path, "err", err)
		return false
	}
	for _, c := range rep.Changes {
		a.log.Info("directory", "change", c)
	}
	a.setDirectory(cfg.Directory)
	if fields := needRestart(a.cfg, cfg); len(fields) > 0 {
		a.log.Warn("config changes that take a restart: serve goes on with the old ones", "sections", fields)
	}
	a.log.Info("config reloaded", "config", a.cfg.Path, "changes", len(rep.Changes))
	return true
}

// needRestart names the sections outside the directory that differ
// between the running config and the new one.
func needRestart(old, new *config.File) []string {
	var out []string
	for _, s := range []struct {
		name     string
		old, new any
	}{
		{"mailbox", old.Mailbox, new.Mailbox}, {"smtp", old.SMTP, new.SMTP},
		{"database", old.Database, new.Database}, {"listen", old.Listen, new.Listen},
	} {
		if !reflect.DeepEqual(s.old, s.new) {
			out = append(out, s.name)
		}
	}
	return out
}
