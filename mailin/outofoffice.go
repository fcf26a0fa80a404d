package mailin

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
	"github.com/preread/preread/mailin/when"
)

// maxOutOfOffice is the longest an out-of-office reply sets anyone away,
// in days: a reply that names a later day still counts only this far.
const maxOutOfOffice = 30

// machineMail decides mail a machine sent: never filed, never answered.
// Whose it is comes from the address it came to (the bounce address all of
// preread's mail goes out from carries its recipient's token) or from its
// authenticated sender. An auto-reply of a person of the directory sets
// them away until the day it names (at most maxOutOfOffice days), or for
// today; a bounce of preread's mail to someone is recorded as theirs.
// Anyone could write an out-of-office, so without a token or a trusted
// pass nothing changes.
func (c *Classifier) machineMail(ctx context.Context, m *message.Message, p preread.Processed, subs []preread.SubAddress, reason string, received time.Time) (preread.Processed, error) {
	p.Outcome, p.Reason = preread.OutcomeRejected, reason
	person, viaBounce, err := c.machineOwner(ctx, m, subs)
	if err != nil || person.Email == "" {
		return p, err
	}
	if !strings.HasPrefix(reason, "auto-reply") {
		if viaBounce {
			p.Kind, p.Reason = preread.AddressBounce, reason+": preread's mail to "+person.Email+" came back"
		}
		return p, nil
	}
	if m.Text == "" {
		_ = m.ReadBody(time.Now().Add(c.budget())) // without its words, it sets today alone
	}
	today := preread.DateOf(c.written(m.Date, received).In(person.TimeZone))
	last, ok := appleEndDate(m, person.TimeZone)
	if !ok {
		last, ok = when.ReturnDate(m.Subject+"\n"+m.Text, today)
	}
	if !ok || last.Before(today) {
		last = today
	}
	last = minDate(last, today.AddDays(maxOutOfOffice-1))
	cmd := preread.Command{Kind: preread.CommandAway, Source: preread.AwayOutOfOffice, Person: person.Email,
		Written: "out-of-office reply", Away: preread.DateRange{From: today, To: last}}
	// Still machine mail: rejected, but its author's away days are set.
	p.Command = &cmd
	p.Reason += "; sets " + person.Email + " away " + when.FormatRange(cmd.Away)
	return p, nil
}

// machineOwner is the person machine mail is about: the owner of the
// bounce token in a bounce address it came to, else its sender when known,
// authenticated and answering an email of ours to them. viaBounce says it
// came to a bounce address.
func (c *Classifier) machineOwner(ctx context.Context, m *message.Message, subs []preread.SubAddress) (preread.Person, bool, error) {
	for _, s := range subs {
		if s.Kind != preread.AddressBounce || s.Token == "" {
			continue
		}
		owner, err := c.Lookup.BounceOwner(ctx, s.Token)
		if err != nil {
			return preread.Person{}, true, ignoreNotFound(err)
		}
		person, _ := c.Directory.Person(owner)
		return person, true, nil
	}
	// Else its authenticated sender, when it answers mail of ours: an
	// always-on auto-responder set off by a forged mail sets no one away.
	sender, known := c.Directory.Person(m.From.Address)
	if !known {
		return preread.Person{}, false, nil
	}
	reason, _, err := c.authenticate(ctx, m, sender, subs)
	if err != nil || reason != "" {
		return preread.Person{}, false, err
	}
	sent, err := c.repliedTo(ctx, m)
	if err != nil || sent.Kind == "" || sent.To != sender.Email {
		return preread.Person{}, false, err
	}
	return sender, false, nil
}

// appleEndDate reads the last day of an iCloud vacation reply from its
// X-Apple-Criteria field, which carries the responder's end date as an
// ISO date or as milliseconds since 1970.
func appleEndDate(m *message.Message, loc *time.Location) (preread.Date, bool) {
	v, ok := headerValue(m, "X-Apple-Criteria")
	if !ok {
		return preread.Date{}, false
	}
	match := appleEndRE.FindStringSubmatch(v)
	switch {
	case match == nil:
		return preread.Date{}, false
	case match[1] != "":
		d, err := preread.ParseDate(match[1])
		return d, err == nil
	}
	ms, err := strconv.ParseInt(match[2], 10, 64)
	if err != nil {
		return preread.Date{}, false
	}
	return preread.DateOf(time.UnixMilli(ms).In(loc)), true
}

var appleEndRE = regexp.MustCompile(`(?i)end_?date\W+(?:(\d{4}-\d{2}-\d{2})|(\d{12,13}))`)

func minDate(a, b preread.Date) preread.Date {
	if b.Before(a) {
		return b
	}
	return a
}

// ignoreNotFound is err, but nil for preread.ErrNotFound.
func ignoreNotFound(err error) error {
	if errors.Is(err, preread.ErrNotFound) {
		return nil
	}
	return err
}
