package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/mailout"
)

// replier writes the reply mailin says a message calls for: digest gives
// the words, mailout the bytes, and the store records the reply in the
// same transaction as the message.
type replier struct {
	mailin.Processor
	dir     preread.Directory
	mailbox preread.Mailbox
	tokens  interface {
		Token(ctx context.Context, email string) (string, error)
		CalendarToken(ctx context.Context, email string) (string, error)
	}
	books    digest.BookSource // the notebooks NOTEBOOK asks for
	renderer mailout.Renderer
}

// Process classifies raw and renders the reply that is due, if any.
func (r *replier) Process(ctx context.Context, raw []byte, received time.Time) (preread.Processed, error) {
	p, err := r.Processor.Process(ctx, raw, received)
	return r.render(ctx, p, err)
}

// TooBig decides a message too big to read and renders its notice, if any.
func (r *replier) TooBig(ctx context.Context, header []byte, size, limit int64, received time.Time) (preread.Processed, error) {
	p, err := r.Processor.TooBig(ctx, header, size, limit, received)
	return r.render(ctx, p, err)
}

// FromHeader decides a message from its header when it can and renders
// its notice, if any.
func (r *replier) FromHeader(ctx context.Context, header []byte, received time.Time) (preread.Processed, bool, error) {
	p, decided, err := r.Processor.FromHeader(ctx, header, received)
	p, err = r.render(ctx, p, err)
	return p, decided, err
}

// render renders the reply that is due, if any.
func (r *replier) render(ctx context.Context, p preread.Processed, err error) (preread.Processed, error) {
	if err != nil || p.Due == nil {
		return p, err
	}
	token, err := r.tokens.Token(ctx, p.Due.To)
	if err != nil {
		return p, err
	}
	addr := digest.AddressesFor(r.mailbox, token)
	if p.Due.Kind == preread.ReplyCalendar || p.Due.Kind == preread.ReplyFollows {
		ct, err := r.tokens.CalendarToken(ctx, p.Due.To)
		if err != nil {
			return p, err
		}
		addr = addr.WithCalendar(ct)
	}
	var e preread.Email
	if p.Due.Kind == preread.ReplyNotebook {
		e, err = r.notebook(ctx, *p.Due, addr)
	} else {
		e, err = digest.Reply(*p.Due, r.dir, addr)
	}
	if err != nil {
		return p, err
	}
	rendered, err := r.renderer.Render(e)
	if err != nil {
		return p, err
	}
	p.Reply = &rendered
	return p, nil
}

// notebook writes the reply to NOTEBOOK: the pair's notebook since the day
// asked, to the pair member who asked, and to nobody else.
func (r *replier) notebook(ctx context.Context, due preread.ReplyDue, addr digest.Addresses) (preread.Email, error) {
	c := due.Command
	if c == nil {
		return preread.Email{}, fmt.Errorf("notebook reply to %s: no command", due.To)
	}
	i := slices.IndexFunc(r.dir.Pairs, func(p preread.Pair) bool { return p.Key() == c.Pair })
	if i < 0 || !r.dir.Pairs[i].Has(due.To) || !r.dir.Pairs[i].Has(c.Person) {
		return preread.Email{}, fmt.Errorf("notebook of %s asked by %s: not a pair of theirs", c.Pair, c.Person)
	}
	reader, _ := r.dir.Person(due.To)
	b, err := digest.BuildBook(ctx, r.books, r.dir, r.dir.Pairs[i], preread.Period{Since: c.Since}, due.At)
	if err != nil {
		return preread.Email{}, err
	}
	return digest.NotebookReply(due, b, reader, addr), nil
}
