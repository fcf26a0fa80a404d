package main

import (
	"context"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
)

// followups queues the follow-up of each pair's meeting that has ended,
// to the manager (or both), once per meeting. Only a meeting preread made
// a pre-read for is followed up: its numbering is what the reply's DONE n
// refers to.
func (p *planner) followups(ctx context.Context, now time.Time) (int, error) {
	n := 0
	for _, due := range digest.DueFollowups(p.dir, now) {
		pair := due.Pair
		last, err := p.a.db.LastMeeting(ctx, pair.Manager, pair.Report, due.Meeting.At.Add(time.Millisecond))
		if err != nil {
			return n, err
		}
		if !last.Equal(due.Meeting.At) {
			continue
		}
		added, err := p.queueToEach(ctx, now, preread.KindFollowup, digest.FollowupPeriod(pair, due.Meeting.At),
			pair.Readers(pair.FollowupTo == preread.FollowupToBoth), func() (writer, error) {
				f, err := digest.BuildFollowup(ctx, p.a.db, p.dir, pair, due.Meeting, now)
				return func(r preread.Person, a digest.Addresses) preread.Email { return digest.Followup(f, r, a) }, err
			})
		n += added
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// reviews queues the review pre-read of each pair's coming review, to the
// manager (or both, as the pair's pre-reads go), once per review.
func (p *planner) reviews(ctx context.Context, now time.Time) (int, error) {
	n := 0
	for _, due := range digest.DueReviews(p.dir, now) {
		pair := due.Pair
		added, err := p.queueToEach(ctx, now, preread.KindReview, digest.ReviewPeriod(pair, due.Date),
			pair.Readers(pair.PrereadTo == preread.PrereadToBoth), func() (writer, error) {
				b, err := digest.BuildReview(ctx, p.a.db, p.dir, pair, due.Date, now)
				return func(r preread.Person, a digest.Addresses) preread.Email { return digest.Review(b, r, a) }, err
			})
		n += added
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// writer writes one email of a kind for one reader.
type writer func(reader preread.Person, addr digest.Addresses) preread.Email

// queueToEach queues an email of kind and period to each reader who has
// none yet; what they share is built once, when the first is needed.
func (p *planner) queueToEach(ctx context.Context, now time.Time, kind preread.EmailKind, period string, readers []string,
	build func() (writer, error)) (int, error) {
	var write writer
	n := 0
	for _, to := range readers {
		if done, err := p.a.db.Queued(ctx, kind, to, period); err != nil || done {
			if err != nil {
				return n, err
			}
			continue
		}
		if write == nil {
			var err error
			if write, err = build(); err != nil {
				return n, err
			}
		}
		reader, _ := p.dir.Person(to)
		addr, err := p.addresses(ctx, to)
		if err != nil {
			return n, err
		}
		added, err := p.queue(ctx, write(reader, addr), now)
		n += added
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
