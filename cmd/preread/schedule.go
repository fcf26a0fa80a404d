package main

import (
	"context"
	"fmt"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/config"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
)

// What the scheduler enqueues. Each email is rendered once and queued
// under its key (kind, recipient, period), so running again at any later
// instant queues nothing twice.
const (
	duePrompts   = "prompts"
	dueDigests   = "digest"
	duePrereads  = "preread"
	dueFollowups = "followups"
	dueReviews   = "reviews"
)

var allDue = []string{duePrompts, dueDigests, duePrereads, dueFollowups, dueReviews}

// planner turns what is due at an instant into rendered emails in the outbox.
type planner struct {
	a        *app
	renderer mailout.Renderer
	dir      preread.Directory // the config's, with what people set by email; set by enqueue for its own call
}

func (a *app) planner() *planner {
	return &planner{a: a, renderer: mailout.Renderer{From: a.cfg.SMTP.From}}
}

// enqueue queues everything of the given kinds due at now (and the welcome
// of anyone new) and returns how many emails it added.
func (p *planner) enqueue(ctx context.Context, kinds []string, now time.Time) (int, error) {
	if err := p.a.db.CarryOver(ctx, now); err != nil {
		return 0, err
	}
	dir, err := p.a.liveDirectory(ctx, now)
	if err != nil {
		return 0, err
	}
	// A planner of its own for this call: serve's tick and a reload may
	// enqueue at once.
	p = &planner{a: p.a, renderer: p.renderer, dir: dir}
	n, err := p.welcomes(ctx, now)
	if err != nil {
		return n, err
	}
	steps := map[string]func(context.Context, time.Time) (int, error){
		duePrompts: p.prompts, dueDigests: p.digests, duePrereads: p.prereads,
		dueFollowups: p.followups, dueReviews: p.reviews,
	}
	for _, k := range kinds {
		added, err := steps[k](ctx, now)
		n += added
		if err != nil {
			return n, fmt.Errorf("enqueue %s: %w", k, err)
		}
	}
	p.pruneSent(ctx, now)
	return n, nil
}

// pruneSent drops the bytes of old sent mail, after what is due is
// queued; a failure is logged and tried again next time, and never
// keeps mail from being queued.
func (p *planner) pruneSent(ctx context.Context, now time.Time) {
	pruned, err := p.a.db.PruneSentBytes(ctx, now.Add(-store.KeepSentBytes))
	switch {
	case err != nil:
		p.a.log.Warn("dropping the bytes of old sent mail failed; next time", "err", err)
	case pruned > 0:
		p.a.log.Info("dropped the bytes of old sent mail", "emails", pruned, "kept", store.KeepSentBytes.String())
	}
}

// queue renders and queues one email unless its key is already there.
func (p *planner) queue(ctx context.Context, e preread.Email, now time.Time) (int, error) {
	done, err := p.a.db.Queued(ctx, e.Kind, e.To, e.Period)
	if err != nil || done {
		return 0, err
	}
	e.Date = now
	r, err := p.renderer.Render(e)
	if err != nil {
		return 0, err
	}
	if err := p.a.db.Enqueue(ctx, r); err != nil {
		return 0, err
	}
	p.a.log.Info("queued", "kind", e.Kind, "to", e.To, "period", e.Period, "message_id", r.MessageID)
	return 1, nil
}

// addresses are a person's status and agenda addresses.
func (p *planner) addresses(ctx context.Context, email string) (digest.Addresses, error) {
	token, err := p.a.db.Token(ctx, email)
	if err != nil {
		return digest.Addresses{}, err
	}
	return tokenAddresses(p.a.cfg, token), nil
}

func tokenAddresses(cfg *config.File, token string) digest.Addresses {
	return digest.AddressesFor(preread.Mailbox{Address: cfg.Mailbox.Address, Separator: cfg.Mailbox.Separator}, token)
}

// managerOf is the first name of the person's manager, if they have one.
func managerOf(dir preread.Directory, email string) string {
	for _, pair := range dir.PairsOf(email) { // not every pair: this runs for each prompt
		if pair.Report == email {
			if m, ok := dir.Person(pair.Manager); ok {
				return m.FirstName()
			}
		}
	}
	return ""
}

// welcomes queues the welcome of everyone not welcomed yet, written for
// their role in the directory.
func (p *planner) welcomes(ctx context.Context, now time.Time) (int, error) {
	dir := p.dir
	var added map[string]time.Time
	n := 0
	for _, person := range dir.People {
		if done, err := p.a.db.Queued(ctx, preread.KindWelcome, person.Email, digest.WelcomePeriod); err != nil || done {
			if err != nil {
				return n, err
			}
			continue
		}
		addr, err := p.addresses(ctx, person.Email)
		if err != nil {
			return n, err
		}
		calendarToken, err := p.a.db.CalendarToken(ctx, person.Email)
		if err != nil {
			return n, err
		}
		addr = addr.WithCalendar(calendarToken)
		if added == nil {
			if added, err = p.a.db.Added(ctx); err != nil {
				return n, err
			}
		}
		queued, err := p.queue(ctx, digest.Welcome(dir, person, addr, now, added[person.Email]), now)
		n += queued
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// plannedDays is how far back a prompt looks for the person's last Today.
const plannedDays = 14

// promptBatch is how many prompts go into the outbox in one transaction:
// at 09:00 a large directory has tens of thousands due at once.
const promptBatch = 1000

func (p *planner) prompts(ctx context.Context, now time.Time) (int, error) {
	dir := p.dir
	added, err := p.a.db.Added(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	var batch []preread.Rendered
	for _, due := range digest.DuePrompts(dir, now, added) {
		e, ok, err := p.prompt(ctx, due)
		if err != nil {
			return n, err
		}
		if !ok {
			continue
		}
		e.Date = now
		r, err := p.renderer.Render(e)
		if err != nil {
			return n, err
		}
		if batch = append(batch, r); len(batch) == promptBatch {
			queued, err := p.queueAll(ctx, batch)
			n += queued
			if err != nil {
				return n, err
			}
			batch = batch[:0]
		}
	}
	queued, err := p.queueAll(ctx, batch)
	return n + queued, err
}

// prompt writes one due prompt; false when it is queued already.
func (p *planner) prompt(ctx context.Context, due digest.PromptDue) (preread.Email, bool, error) {
	email := due.Person.Email
	if done, err := p.a.db.Queued(ctx, preread.KindPrompt, email, due.Date.String()); err != nil || done {
		return preread.Email{}, false, err
	}
	addr, err := p.addresses(ctx, email)
	if err != nil {
		return preread.Email{}, false, err
	}
	planned, err := p.a.db.LastToday(ctx, email, due.Date.AddDays(-plannedDays), due.Date.AddDays(-1))
	if err != nil {
		return preread.Email{}, false, err
	}
	return digest.Prompt(due.Person, due.Date, addr, managerOf(p.dir, email), planned), true, nil
}

// queueAll queues rendered emails in one transaction.
func (p *planner) queueAll(ctx context.Context, rs []preread.Rendered) (int, error) {
	if len(rs) == 0 {
		return 0, nil
	}
	n, err := p.a.db.EnqueueAll(ctx, rs)
	if err != nil {
		return 0, err
	}
	for _, r := range rs {
		p.a.log.Info("queued", "kind", r.Email.Kind, "to", r.Email.To, "period", r.Email.Period, "message_id", r.MessageID)
	}
	return n, nil
}

// digests queues each due team digest to each of its readers. A quiet day
// (nobody of the team was asked since the previous digest: the first start
// of serve in the afternoon, a day everyone is away) has none, and a reader
// added after the team was asked starts with the next one.
func (p *planner) digests(ctx context.Context, now time.Time) (int, error) {
	dir := p.dir
	var added map[string]time.Time
	n := 0
	src := digest.NewDayCache(p.a.db) // a day's entries read once for all teams
	for _, due := range digest.DueDigests(dir, now) {
		var day *digest.TeamDay
		for _, to := range due.Team.Recipients() {
			reader, ok := dir.Person(to)
			if !ok {
				continue // the config check keeps this from happening
			}
			period := digest.DigestPeriod(due.Team.Name, due.Date)
			if done, err := p.a.db.Queued(ctx, preread.KindDigest, reader.Email, period); err != nil || done {
				if err != nil {
					return n, err
				}
				continue
			}
			if day == nil {
				d, err := digest.BuildTeamDay(ctx, src, dir, due.Team, due.Date)
				if err != nil {
					return n, err
				}
				if added, err = p.a.db.Added(ctx); err != nil {
					return n, err
				}
				day = &d
			}
			if day.Quiet() {
				break
			}
			if a, ok := added[reader.Email]; ok && a.After(day.FirstAsked) {
				continue
			}
			addr, err := p.addresses(ctx, reader.Email)
			if err != nil {
				return n, err
			}
			added, err := p.queue(ctx, digest.TeamDigest(*day, reader, addr), now)
			n += added
			if err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// prereads renders each due pre-read and saves it with its meeting's item
// numbers in one transaction, so a reply's DONE 2 means what the reader saw.
// First, the readers of pre-reads whose meeting the calendar moved or
// cancelled since are told.
func (p *planner) prereads(ctx context.Context, now time.Time) (int, error) {
	n, renamed, err := p.calendarChanges(ctx, now)
	if err != nil {
		return n, err
	}
	if renamed {
		// A meeting took another calendar key: read the schedules again,
		// so it keeps its name (and its pre-read) under the new key.
		if p.dir, err = p.a.liveDirectory(ctx, now); err != nil {
			return n, err
		}
	}
	dir := p.dir
	for _, due := range digest.DuePrereads(dir, now) {
		done, err := p.a.db.Queued(ctx, preread.KindPreread, due.Pair.Manager, digest.PrereadPeriod(due.Pair, due.Meeting.At))
		if err != nil {
			return n, err
		}
		if done {
			continue
		}
		m, err := digest.BuildMeeting(ctx, p.a.db, dir, due.Pair, due.Meeting, now)
		if err != nil {
			return n, err
		}
		var rendered []preread.Rendered
		for _, to := range due.Pair.Readers(due.Pair.PrereadTo == preread.PrereadToBoth) {
			reader, _ := dir.Person(to)
			addr, err := p.addresses(ctx, reader.Email)
			if err != nil {
				return n, err
			}
			e := digest.Preread(m, reader, addr)
			e.Date = now
			r, err := p.renderer.Render(e)
			if err != nil {
				return n, err
			}
			rendered = append(rendered, r)
		}
		if err := p.a.db.SaveMeeting(ctx, due.Pair.Manager, due.Pair.Report, due.Meeting, digest.ItemIDs(m.Items), rendered); err != nil {
			return n, err
		}
		n += len(rendered)
		p.a.log.Info("queued", "kind", preread.KindPreread, "pair", due.Pair.Key(), "meeting", due.Meeting.Start, "source", due.Meeting.Source)
	}
	return n, nil
}
