package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin"
)

// timedStep is a step of the script at its instant.
type timedStep struct {
	step
	at time.Time
}

// play runs the week: the clock stops at every hour, when prompts, digests
// and pre-reads come due, and at every instant someone sends an email.
func (w *week) play(ctx context.Context) error {
	steps, err := timeline(w.people, script())
	if err != nil {
		return err
	}
	start := monday()
	end := start.AddDate(0, 0, 5) // Saturday 00:00
	var instants []time.Time
	for t := start; t.Before(end); t = t.Add(time.Hour) {
		instants = append(instants, t)
	}
	for _, s := range steps {
		instants = append(instants, s.at)
	}
	slices.SortFunc(instants, time.Time.Compare)
	instants = slices.CompactFunc(instants, time.Time.Equal)
	next := 0
	for _, t := range instants {
		if err := ctx.Err(); err != nil {
			return err
		}
		w.now = t
		var batch []timedStep
		for next < len(steps) && steps[next].at.Equal(t) {
			batch = append(batch, steps[next])
			next++
		}
		if len(batch) > 0 {
			if err := w.receive(ctx, batch); err != nil {
				return err
			}
		}
		if err := w.tick(ctx); err != nil {
			return err
		}
	}
	return nil
}

// timeline places each step at its instant, in the author's time zone
// (the team's for an outsider), in order.
func timeline(people preread.Directory, steps []step) ([]timedStep, error) {
	mon := monday()
	out := make([]timedStep, 0, len(steps))
	for _, s := range steps {
		loc := mon.Location()
		if p, ok := people.Person(s.address()); ok {
			loc = p.TimeZone
		}
		clock, err := time.Parse("15:04", s.clock)
		if err != nil {
			return nil, fmt.Errorf("demo script: %s at %q: %w", s.who, s.clock, err)
		}
		day := mon.AddDate(0, 0, int(s.day-time.Monday))
		at := time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc)
		out = append(out, timedStep{step: s, at: at})
	}
	slices.SortStableFunc(out, func(a, b timedStep) int { return a.at.Compare(b.at) })
	return out, nil
}

// tick does what `preread serve` does each minute: queue what is due and
// flush the outbox through the relay.
func (w *week) tick(ctx context.Context) error {
	if err := w.svc.Enqueue(ctx, w.now); err != nil {
		return err
	}
	if err := w.svc.Flush(ctx); err != nil {
		return err
	}
	var fresh []*sentMail
	for _, m := range w.smtp.Since(len(w.sent)) {
		s, err := w.keep(ctx, m)
		if err != nil {
			return err
		}
		w.sent = append(w.sent, s)
		fresh = append(fresh, s)
	}
	return w.acct.outbound(ctx, w, fresh)
}

// receive writes the batch's emails, delivers them to the mailbox and
// files them with one pass of the syncer, as `preread ingest --once` does.
func (w *week) receive(ctx context.Context, batch []timedStep) error {
	raws := make([][]byte, len(batch))
	ids := make([]string, len(batch))
	for i, s := range batch {
		var err error
		if raws[i], ids[i], err = w.write(ctx, s); err != nil {
			return err
		}
		w.received++
		local, _, _ := strings.Cut(s.address(), "@")
		name := fmt.Sprintf("%03d-%s-%s.eml", w.received, local, s.act)
		if err := os.WriteFile(filepath.Join(w.dir, "received", name), raws[i], 0o644); err != nil {
			return fmt.Errorf("write received/%s: %w", name, err)
		}
	}
	if err := w.imap.Deliver(w.now, raws...); err != nil {
		return err
	}
	wrap := func(p mailin.Processor) mailin.Processor { return recorder{p, w.inbox} }
	if err := w.svc.Ingest(ctx, wrap); err != nil {
		return err
	}
	for i, s := range batch {
		w.acct.inbound(s, w.inbox[ids[i]])
	}
	return nil
}

// recorder passes each message to the real classifier and keeps its
// result, so the account can say what became of it.
type recorder struct {
	mailin.Processor
	results map[string]preread.Processed
}

// Process processes raw and keeps the result under its key.
func (r recorder) Process(ctx context.Context, raw []byte, received time.Time) (preread.Processed, error) {
	p, err := r.Processor.Process(ctx, raw, received)
	if err == nil {
		r.results[p.Key] = p
	}
	return p, err
}
