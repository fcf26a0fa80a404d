package mailin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
)

// Lookup is what classification asks the store. *store.DB is one.
type Lookup interface {
	TokenOwner(ctx context.Context, token string) (email string, current bool, err error)
	SentEmail(ctx context.Context, messageID string) (preread.Email, error)
	Personal(ctx context.Context, since preread.Date) (preread.Personal, error)
	BounceOwner(ctx context.Context, token string) (email string, err error)
	CalendarOwner(ctx context.Context, token string) (email string, err error)
	PairCalendar(ctx context.Context, manager, report string, have func(id int64) bool) (preread.PairCalendar, error)
}

// Classifier decides what one message means: it parses it, checks the
// sender, and files it as a status entry, an agenda item or a pair note, or
// says why not, and which reply is due. It writes no email itself.
type Classifier struct {
	Directory  preread.Directory
	Mailbox    preread.Mailbox
	AuthservID string
	TrustFrom  bool
	MaxSize    int
	// Budget is the time one message's body may take to read; past it the
	// message goes to Failed. 0 means DefaultBudget.
	Budget time.Duration
	Lookup Lookup
	// Schedules remembers the calendar parts parsed, shared with the
	// planner; nil parses each pair's parts for each calendar mail.
	Schedules *Schedules
	Now       func() time.Time
	Log       *slog.Logger

	tokens tokenCache
}

// DefaultBudget is the time a message's body may take to read. Real mail
// takes well under a millisecond; hostile HTML is cut short long before.
const DefaultBudget = 2 * time.Second

// Process classifies raw, which the server took in at received (its
// INTERNALDATE; the zero time when unknown). Only a lookup error is returned; everything about
// the message itself is in the result. Who sent the message, whether it is
// authenticated and whether a machine sent it are decided from its header
// alone: the body of mail that is not to be filed is never decoded, so a
// stranger's hostile body costs nothing.
func (c *Classifier) Process(ctx context.Context, raw []byte, received time.Time) (preread.Processed, error) {
	m, err := message.ParseHeader(raw, c.MaxSize)
	if err != nil {
		return preread.Processed{Key: message.RawKey(raw), Outcome: preread.OutcomeFailed, Reason: err.Error()}, nil
	}
	p, in, ok, err := c.header(ctx, m, received)
	if err != nil || !ok {
		return p, err
	}
	if err := m.ReadBody(time.Now().Add(c.budget())); err != nil {
		p.Outcome, p.Reason = preread.OutcomeFailed, fmt.Sprintf("%v (%s)", err, c.budget())
		return p, nil
	}
	if in.calendar != nil {
		return c.fileCalendar(ctx, in, p)
	}
	in.body = newBody(m)
	if reason, auto := in.body.automated(); auto {
		return c.machineMail(ctx, m, p, in.subs, reason, in.received)
	}
	return c.classify(ctx, in, p)
}

// header decides what a message's header alone decides: duplicate fields,
// machine mail, an unknown or unauthenticated sender (with a notice when
// their own old token shows it is them). ok says none of that: the message
// is from a known, authenticated person and its body is to be read.
func (c *Classifier) header(ctx context.Context, m *message.Message, received time.Time) (p preread.Processed, in inbound, ok bool, err error) {
	subs := c.subAddresses(m)
	p = preread.Processed{Key: m.Key, Sender: m.From.Address, Kind: tagged(m, subs)}
	if reason := duplicateFields(m); reason != "" {
		p.Outcome, p.Reason = preread.OutcomeRejected, reason
		return p, in, false, nil
	}
	if sub, ok := calendarAddress(subs); ok {
		return c.calendarHeader(ctx, m, p, subs, sub, received)
	}
	if reason, auto := Automated(m); auto {
		p, err = c.machineMail(ctx, m, p, subs, reason, received)
		return p, in, false, err
	}
	sender, known := c.Directory.Person(m.From.Address)
	if !known {
		p.Outcome, p.Reason = preread.OutcomeRejected, "unknown sender"
		return p, in, false, nil
	}
	reason, notice, err := c.authenticate(ctx, m, sender, subs)
	if err != nil {
		return p, in, false, err
	}
	if reason != "" {
		p.Outcome, p.Reason = preread.OutcomeRejected, reason
		if notice != "" {
			p.Due = c.notice(m, p, sender, notice)
		}
		return p, in, false, nil
	}
	return p, inbound{msg: m, sender: sender, subs: subs, received: received}, true, nil
}

// notice is the reply that tells a known, authenticated person why their
// mail could not be used.
func (c *Classifier) notice(m *message.Message, p preread.Processed, to preread.Person, problem string) *preread.ReplyDue {
	return &preread.ReplyDue{Kind: preread.ReplyNotice, To: to.Email, Problem: problem, Answers: answered(m, p.Key), At: c.now()}
}

// TooBig decides, from its header alone, a message over the size limit
// whose text could not be read either: it fails with the reason, and its
// author, when known and authenticated, is told the limit.
func (c *Classifier) TooBig(ctx context.Context, header []byte, size, limit int64, received time.Time) (preread.Processed, error) {
	reason := fmt.Sprintf("message is %s, over the %s limit", mib(size), mib(limit))
	m, err := headerOnly(header)
	if err != nil {
		return preread.Processed{Key: message.RawKey(header), Outcome: preread.OutcomeFailed, Reason: reason}, nil
	}
	p, in, ok, err := c.header(ctx, m, received)
	if err != nil || !ok {
		return p, err
	}
	p.Outcome, p.Reason = preread.OutcomeFailed, reason
	if in.calendar != nil {
		return p, nil // never answered: it may come from a calendar server
	}
	p.Due = c.notice(m, p, in.sender, fmt.Sprintf("it was %s, over the %s preread reads, even without its attachments: "+
		"send the text alone, and share big files by link", mib(size), mib(limit)))
	return p, nil
}

// FromHeader decides what a message's header alone decides, as Process
// would: machine mail, a stranger, an unauthenticated sender. decided is
// false when the message is from a known, authenticated person, whose
// text is then to be read.
func (c *Classifier) FromHeader(ctx context.Context, header []byte, received time.Time) (p preread.Processed, decided bool, err error) {
	m, err := headerOnly(header)
	if err != nil {
		return preread.Processed{Key: message.RawKey(header), Outcome: preread.OutcomeFailed, Reason: err.Error()}, true, nil
	}
	p, _, ok, err := c.header(ctx, m, received)
	return p, !ok, err
}

// headerOnly parses a message's header, fetched apart from its body.
func headerOnly(header []byte) (*message.Message, error) {
	return message.ParseHeader(append(bytes.TrimRight(header, "\r\n"), "\r\n\r\n"...), len(header)+4)
}

func (c *Classifier) budget() time.Duration {
	if c.Budget > 0 {
		return c.Budget
	}
	return DefaultBudget
}

// duplicateFields says why a message with more than one From, Sender or
// Subject field is refused (RFC 5322 §3.6 allows one): DKIM signs the last
// From, so a second one on top replays a signed message under another
// name.
func duplicateFields(m *message.Message) string {
	for _, name := range []string{"From", "Sender", "Subject"} {
		if n := len(m.Header[name]); n > 1 {
			return fmt.Sprintf("%d %s fields (a message has one)", n, name)
		}
	}
	return ""
}

// inbound is an authenticated message from a known person.
type inbound struct {
	msg      *message.Message
	sender   preread.Person
	subs     []preread.SubAddress
	received time.Time     // INTERNALDATE; zero when unknown
	body     *body         // once the body is read
	calendar *calendarMail // calendar data: whose 1:1s it may change
}

// subAddresses lists the recipients that are sub-addresses of our mailbox.
//
// A calendar address among a person's own addresses (status, agenda or
// reply) is left out: mail to both is theirs, not a calendar server's, so
// a status with the calendar address in Cc is read as a status (an .ics
// it carries to the agenda address is still read, see agendaCalendar).
func (c *Classifier) subAddresses(m *message.Message) []preread.SubAddress {
	var out []preread.SubAddress
	personal := false
	for _, r := range m.Recipients {
		if s, ok := c.Mailbox.Parse(r, preread.LooksLikeToken); ok {
			out = append(out, s)
			personal = personal || s.Kind == preread.AddressStatus || s.Kind == preread.AddressAgenda || s.Kind == preread.AddressReply
		}
	}
	if personal {
		out = slices.DeleteFunc(out, func(s preread.SubAddress) bool { return s.Kind == preread.AddressCalendar })
	}
	return out
}

// tagged is the kind the message's address or subject names, before
// anything is decided: what the listing of mail shows for a rejected one.
func tagged(m *message.Message, subs []preread.SubAddress) preread.AddressKind {
	for _, s := range subs {
		if s.Kind != preread.AddressNone {
			return s.Kind
		}
	}
	tag, _, _ := SubjectTag(m.Subject)
	return tag
}

// classify finds the kind of mail: a command by email, then the address
// tag, then the subject tag, then the thread it replies to.
func (c *Classifier) classify(ctx context.Context, in inbound, p preread.Processed) (preread.Processed, error) {
	sent, err := c.repliedTo(ctx, in.msg)
	if err != nil {
		return p, err
	}
	if w, ok := readCommand(in.msg.Subject, in.body.written); ok && takesCommands(in.subs, sent) {
		cmd, isCommand, err := c.command(ctx, in, w)
		if err != nil {
			return p, err
		}
		if isCommand {
			return c.fileCommand(ctx, in, p, cmd, w.more)
		}
	}
	return c.file(ctx, in, p, sent)
}

// file files a message that is no command: by the address tag, then the
// subject tag, then the thread it replies to.
func (c *Classifier) file(ctx context.Context, in inbound, p preread.Processed, sent preread.Email) (preread.Processed, error) {
	if sent.Kind == preread.KindConfirm || sent.Kind == preread.KindFollows {
		// "Thanks!" to a confirmation: nothing to file or to say.
		return ignored(p, "a reply to a confirmation of preread's"), nil
	}
	if sent.Kind == preread.KindDigest {
		// Only a member's reply to their team's digest is their status.
		team := sent.Period[:max(strings.LastIndex(sent.Period, "/"), 0)]
		if !c.inTeam(in.sender.Email, team) {
			p = ignored(p, "a reply to a digest from someone not asked for status in its team")
			p.Due = c.notice(in.msg, p, in.sender, fmt.Sprintf("your reply to the %s digest was not filed: "+
				"you are not asked for a daily status in that team (write a topic for a 1:1 to your agenda address)", team))
			return p, nil
		}
	}
	tag, subject, _ := SubjectTag(in.msg.Subject)
	// A status answering a prompt counts for the prompt's day, however it
	// is tagged: a reply to Monday's prompt written on Tuesday is Monday's.
	// A reply to a digest counts for the digest's day.
	promptDay := ""
	switch sent.Kind {
	case preread.KindPrompt:
		promptDay = sent.Period
	case preread.KindDigest:
		promptDay = sent.Period[strings.LastIndex(sent.Period, "/")+1:] // TEAM/YYYY-MM-DD
	}
	for _, s := range in.subs {
		switch s.Kind {
		case preread.AddressStatus:
			return c.fileStatus(ctx, in, p, promptDay)
		case preread.AddressAgenda:
			if len(in.msg.Calendars) > 0 {
				if filed, ok, err := c.agendaCalendar(ctx, in, p); err != nil || ok {
					return filed, err
				}
			}
			return c.fileAgenda(ctx, in, p, subject, s.Report)
		}
	}
	switch tag {
	case preread.AddressStatus:
		return c.fileStatus(ctx, in, p, promptDay)
	case preread.AddressAgenda:
		return c.fileAgenda(ctx, in, p, subject, "")
	}
	switch sent.Kind {
	case preread.KindPrompt, preread.KindDigest:
		return c.fileStatus(ctx, in, p, promptDay)
	case preread.KindPreread, preread.KindQuestion, preread.KindFollowup, preread.KindNotebook, preread.KindReview,
		preread.KindMoved, preread.KindCancelled:
		return c.fileReply(in, p, sent), nil
	}
	return c.help(in, p, "no STATUS or AGENDA tag", preread.ReplyHowToTag), nil
}

// repliedTo finds which of our emails the message answers, newest
// reference first; the zero Email when none.
func (c *Classifier) repliedTo(ctx context.Context, m *message.Message) (preread.Email, error) {
	ids := append([]string(nil), m.InReplyTo...)
	for i := len(m.References) - 1; i >= 0; i-- {
		ids = append(ids, m.References[i])
	}
	for _, id := range ids {
		e, err := c.Lookup.SentEmail(ctx, id)
		if errors.Is(err, preread.ErrNotFound) {
			continue
		}
		return e, err
	}
	return preread.Email{}, nil
}

func (c *Classifier) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// written is when a message was written, as far as it can be believed: its
// Date when that is within dateSlack of when the server took it in (or,
// without an INTERNALDATE, of the clock), else when the server took it
// in, else the clock. Commands and out-of-office replies count from it
// too, so mail read after downtime means what it meant when written.
func (c *Classifier) written(date, received time.Time) time.Time {
	ref := received
	if ref.IsZero() {
		ref = c.now()
	}
	if !date.IsZero() && date.Sub(ref).Abs() <= dateSlack {
		return date
	}
	return ref
}

// dateSlack is how far a Date header may be from the delivery time and
// still be believed: clocks are wrong and mail waits in queues, but not
// for half a day.
const dateSlack = 12 * time.Hour

// workday is the workday a message counts for, in the author's time zone:
// the day of its Date header when that is within dateSlack of when the
// server took it in (INTERNALDATE), else the day it was taken in, so mail
// read after a week of downtime still counts for the day it was written.
// Without an INTERNALDATE (a message handed in by hand), the Date header
// within dateSlack of the clock, else the clock. A day off gives the next
// workday.
func (c *Classifier) workday(p preread.Person, date, received time.Time) preread.Date {
	cal := p.Calendar(c.Directory.Holidays)
	d := preread.DateOf(c.written(date, received).In(cal.Location))
	if next, ok := cal.NextWorkday(d); ok {
		return next
	}
	return d
}

func ignored(p preread.Processed, format string, args ...any) preread.Processed {
	p.Outcome, p.Reason = preread.OutcomeIgnored, fmt.Sprintf(format, args...)
	return p
}

// inTeam reports whether a person is a member of the named team.
func (c *Classifier) inTeam(email, team string) bool {
	for _, t := range c.Directory.Teams {
		if t.Name == team && slices.Contains(t.Members, email) {
			return true
		}
	}
	return false
}
