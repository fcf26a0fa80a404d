package digest

import (
	"time"

	"github.com/preread/preread"
)

// Addresses are a person's own preread addresses, carrying their token.
// Every Reply-To preread writes comes from here.
type Addresses struct {
	Status string // replies with status go here
	Agenda string // topics for the next 1:1 go here
	Reply  string // replies to a pre-read or a question: filed on the pair
	// Calendar is the guest to add to a 1:1 in the calendar; "" when not
	// set (WithCalendar), as in emails that do not name it.
	Calendar string

	mailbox preread.Mailbox
	token   string
}

// AddressesFor builds the addresses of the person whose token this is.
func AddressesFor(mb preread.Mailbox, token string) Addresses {
	build := func(k preread.AddressKind) string { return mb.Build(preread.SubAddress{Kind: k, Token: token}) }
	return Addresses{
		Status: build(preread.AddressStatus), Agenda: build(preread.AddressAgenda), Reply: build(preread.AddressReply),
		mailbox: mb, token: token,
	}
}

// WithCalendar is a with the calendar address of this calendar token.
func (a Addresses) WithCalendar(token string) Addresses {
	a.Calendar = a.mailbox.Build(preread.SubAddress{Kind: preread.AddressCalendar, Token: token})
	return a
}

// agendaFor is the agenda address that names a report, for a manager.
func (a Addresses) agendaFor(report string) string {
	return a.mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: a.token, Report: report})
}

// The outbox keys of what preread sends: with the kind and the recipient,
// each period makes one email unique, so nothing is queued twice.

// DigestPeriod is the period of a team's digest of one workday.
func DigestPeriod(team string, day preread.Date) string { return team + "/" + day.String() }

// PrereadPeriod is the period of the pre-read of one meeting of a pair.
func PrereadPeriod(pair preread.Pair, start time.Time) string {
	return preread.PairPeriod(pair.Key(), start.UTC().Format(time.RFC3339))
}
