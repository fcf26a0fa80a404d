package mailin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/calendar"
	"github.com/preread/preread/mailin/message"
)

// calendarMail is what a message with calendar data may change, and who
// may hear of it: mail to a calendar address, or an invitation sent to an
// agenda address.
type calendarMail struct {
	// owner is whose 1:1s it may set, move and cancel: the owner of the
	// calendar token in the address, or the authenticated sender.
	owner preread.Person
	// organizer is true when no calendar token came: only events the
	// sender organizes count then.
	organizer bool
	// answer is a known, authenticated sender who may be told why nothing
	// was filed; nil for anyone else (a calendar server, a stranger).
	answer *preread.Person
	// sender is the known sender the mail is authenticated as (by the
	// trusted server, trust_from, or their own agenda token); nil when
	// only a calendar token vouches for it. Mail authenticated as an
	// event's organizer may do more with it (see organizes).
	sender *preread.Person
}

// organizes reports mail authenticated as the organizer's own.
func (cal *calendarMail) organizes(dir preread.Directory, inv calendar.Invitation) bool {
	org, ok := dir.Person(inv.Organizer())
	return ok && cal.sender != nil && cal.sender.Email == org.Email
}

// calendarAddress finds the calendar sub-address among the recipients.
func calendarAddress(subs []preread.SubAddress) (preread.SubAddress, bool) {
	for _, s := range subs {
		if s.Kind == preread.AddressCalendar {
			return s, true
		}
	}
	return preread.SubAddress{}, false
}

// calendarHeader decides, from the header, mail to a calendar address. A
// calendar server sends as itself and often marks its mail as machine
// mail, so neither an unknown sender nor Auto-Submitted refuses it: the
// calendar token in the address says whose 1:1s it may change. Without a
// token of ours, only an organizer's own mail, authenticated by the
// trusted server, counts. ok says the body is to be read.
func (c *Classifier) calendarHeader(ctx context.Context, m *message.Message, p preread.Processed, subs []preread.SubAddress,
	sub preread.SubAddress, received time.Time) (preread.Processed, inbound, bool, error) {
	p.Kind = preread.AddressCalendar
	from, known := c.Directory.Person(m.From.Address)
	vouched := known && (c.TrustFrom || c.AuthservID != "" && authResultsPass(m, c.AuthservID))
	cal := &calendarMail{}
	if vouched {
		cal.sender = &from
	}
	if _, auto := Automated(m); vouched && !auto {
		cal.answer = &from
	}
	reason := "calendar mail with no calendar token in the address, from a sender not authenticated"
	if sub.Token != "" {
		email, err := c.Lookup.CalendarOwner(ctx, sub.Token)
		switch {
		case errors.Is(err, preread.ErrNotFound):
			reason = "unknown calendar token in the address"
		case err != nil:
			return p, inbound{}, false, err
		default:
			cal.owner, _ = c.Directory.Person(email)
		}
	}
	if cal.owner.Email == "" {
		if !vouched {
			p.Outcome, p.Reason = preread.OutcomeRejected, reason
			return p, inbound{}, false, nil
		}
		cal.owner, cal.organizer = from, true
	}
	return p, inbound{msg: m, sender: cal.owner, subs: subs, received: received, calendar: cal}, true, nil
}

// fileCalendar files the invitations of mail to a calendar address. What
// fits no single 1:1 of the owner is filed nowhere; a known, authenticated
// sender is told why. Nobody else is answered, and the calendar server
// never: no iMIP REPLY is ever sent.
func (c *Classifier) fileCalendar(ctx context.Context, in inbound, p preread.Processed) (preread.Processed, error) {
	p.Kind = preread.AddressCalendar
	r, err := c.calendarUpdates(ctx, in)
	if err != nil {
		return p, err
	}
	if len(r.updates) > 0 {
		return c.calendarFiled(in, p, r), nil
	}
	if r.problem == "" {
		return ignored(p, "an older or repeated calendar update: nothing changed"), nil
	}
	p = ignored(p, "%s", r.problem)
	if a := in.calendar.answer; a != nil && r.explain {
		p.Due = &preread.ReplyDue{Kind: preread.ReplyCalendar, To: a.Email, Problem: r.problem,
			Answers: answered(in.msg, p.Key), At: c.now()}
	}
	return p, nil
}

// agendaCalendar files the invitation in mail to an agenda address when
// it fits one of the sender's 1:1s (a forwarded .ics); ok is false when
// it fits none, and the mail is an agenda item like any other.
func (c *Classifier) agendaCalendar(ctx context.Context, in inbound, p preread.Processed) (preread.Processed, bool, error) {
	in.calendar = &calendarMail{owner: in.sender, answer: &in.sender, sender: &in.sender}
	r, err := c.calendarUpdates(ctx, in)
	if err != nil || !r.matched {
		return p, false, err
	}
	p.Kind = preread.AddressCalendar
	switch {
	case len(r.updates) > 0:
		return c.calendarFiled(in, p, r), true, nil
	case r.problem != "":
		return ignored(p, "%s", r.problem), true, nil
	}
	return ignored(p, "an older or repeated calendar update: nothing changed"), true, nil
}

// calendarFiled is the message filed with its updates, and the
// confirmation of a pair's first invitation to the calendar's owner.
func (c *Classifier) calendarFiled(in inbound, p preread.Processed, r calendarResult) preread.Processed {
	p.Outcome, p.Calendar = preread.OutcomeFiled, r.updates
	if r.follows != nil {
		p.Due = &preread.ReplyDue{Kind: preread.ReplyFollows, To: in.calendar.owner.Email, Follows: r.follows,
			Answers: answered(in.msg, p.Key), At: c.now()}
	}
	return p
}

// calendarResult is what a message's invitations change.
type calendarResult struct {
	updates []preread.CalendarUpdate
	follows *preread.Follows // a pair's meetings follow a calendar from now on
	matched bool             // an invitation fits one of the owner's 1:1s
	problem string           // why an invitation was not used, the first
	explain bool             // problem is worth telling the sender
}

// invitation is one invitation read from a calendar part.
type invitation struct {
	calendar.Invitation
	data []byte
	zone *time.Location
}

// calendarUpdates reads the message's invitations and decides, for each,
// the one pair of the owner's it fits, and whether it changes the pair's
// series (an older update arriving late does not).
func (c *Classifier) calendarUpdates(ctx context.Context, in inbound) (calendarResult, error) {
	var r calendarResult
	invs, problem := c.readInvitations(in.msg.Calendars, in.calendar.owner)
	if len(invs) == 0 {
		r.problem, r.explain = problem, true
		return r, nil
	}
	pairs := c.Directory.PairsOf(in.calendar.owner.Email)
	held := map[string]*heldCalendar{}
	for _, p := range pairs {
		h, err := c.heldCalendar(ctx, p)
		if err != nil {
			return r, err
		}
		held[p.Key()] = h
	}
	for _, inv := range invs {
		fits, problem := c.pairFor(inv.Invitation, in.calendar, pairs, held)
		if problem != "" {
			if r.problem == "" {
				r.problem, r.explain = problem, !allDay(inv.Invitation)
			}
			continue
		}
		r.matched = true
		h := held[fits.Key()]
		data, err := calendar.Extract(inv.data, inv.UID)
		if err != nil {
			continue // Parse read the event from this data, so this does not happen
		}
		problem = h.full(inv.UID, len(data))
		if problem == "" && !in.calendar.organizes(c.Directory, inv.Invitation) {
			problem = h.unvouched(inv.Invitation, otherName(c.Directory, fits, in.calendar.owner.Email), c.arrived(in.received))
		}
		if problem != "" {
			if r.problem == "" {
				r.problem, r.explain = problem, true
			}
			continue
		}
		wasLive := h.live()
		drop, changed := h.apply(inv, len(data))
		if !changed {
			continue
		}
		r.updates = append(r.updates, preread.CalendarUpdate{Manager: fits.Manager, Report: fits.Report,
			Part: preread.CalendarPart{UID: inv.UID, Data: data, Zone: inv.zone.String(), Size: len(data)}, Drop: drop})
		if sch, live := h.schedule(); live && !wasLive && r.follows == nil {
			r.follows = c.follows(fits, sch, inv.Invitation)
		}
	}
	return r, nil
}

// follows is what a pair's first live series sets, for its confirmation.
func (c *Classifier) follows(pair preread.Pair, sch preread.Schedule, inv calendar.Invitation) *preread.Follows {
	f := &preread.Follows{Pair: pair.Key()}
	if m := inv.Master; m != nil {
		f.Rule, f.First = m.Rule, m.Start
	}
	pair.Calendar = sch
	if next := pair.Meetings(c.now(), 1, c.Directory.Holidays); len(next) > 0 {
		f.Next = next[0]
	}
	return f
}

// readInvitations reads the invitations that schedule (REQUEST, PUBLISH,
// CANCEL, or a plain .ics) from calendar parts. Floating times are read in
// the organizer's time zone, else the owner's. problem says why none was
// read.
func (c *Classifier) readInvitations(parts [][]byte, owner preread.Person) ([]invitation, string) {
	var out []invitation
	problem := "it held no calendar invitation (text/calendar) preread could read"
	for _, data := range parts {
		zone := owner.TimeZone
		if zone == nil {
			zone = time.UTC
		}
		got, err := calendar.Parse(data, zone)
		if err != nil {
			continue // the reason may quote the data: it is not kept
		}
		if org, ok := c.Directory.Person(organizerOf(got)); ok && org.TimeZone != nil &&
			org.TimeZone.String() != zone.String() && floating(got) {
			zone = org.TimeZone
			if got, err = calendar.Parse(data, zone); err != nil {
				continue
			}
		}
		for _, inv := range got {
			if !inv.Method.Schedules() {
				problem = fmt.Sprintf("it was a calendar %s, which changes no meeting", inv.Method)
				continue
			}
			out = append(out, invitation{inv, data, zone})
		}
	}
	return out, problem
}

// pairFor finds the one pair of the owner's an invitation is for: the
// pair that holds its UID already, else the pair whose manager and report
// both take part, one of them as organizer. problem says why there is
// none.
func (c *Classifier) pairFor(inv calendar.Invitation, cal *calendarMail, pairs []preread.Pair, held map[string]*heldCalendar) (preread.Pair, string) {
	summary := summaryOf(inv)
	org, orgKnown := c.Directory.Person(inv.Organizer())
	switch {
	case allDay(inv):
		return preread.Pair{}, "the event " + summary + " lasts all day: it is no 1:1 meeting, so preread ignores it"
	case inv.Err != nil:
		return preread.Pair{}, "part of the event " + summary + " could not be read, so preread did not act on it"
	case cal.organizer && (!orgKnown || org.Email != cal.owner.Email):
		return preread.Pair{}, "the event " + summary + " is organized by someone else: " +
			"invite your calendar address to the 1:1 instead of forwarding it"
	}
	var fits []preread.Pair
	for _, p := range pairs {
		if held[p.Key()].has(inv.UID) {
			fits = append(fits, p)
		}
	}
	if len(fits) == 0 && orgKnown {
		attending := map[string]bool{org.Email: true}
		for _, a := range inv.Attendees() {
			if p, ok := c.Directory.Person(a); ok {
				attending[p.Email] = true
			}
		}
		for _, p := range pairs {
			if attending[p.Manager] && attending[p.Report] && (org.Email == p.Manager || org.Email == p.Report) {
				fits = append(fits, p)
			}
		}
	}
	switch len(fits) {
	case 1:
		return fits[0], ""
	case 0:
		return preread.Pair{}, "the event " + summary + " matches no 1:1 in preread: " +
			"a 1:1's event has its manager and its report as guests, one of them the organizer"
	}
	return preread.Pair{}, fmt.Sprintf("the event %s fits %d 1:1s in preread (it has more guests): "+
		"give each 1:1 its own event", summary, len(fits))
}

// summaryOf names an event for an explanation: its SUMMARY, quoted.
func summaryOf(inv calendar.Invitation) string {
	for _, e := range inv.Events() {
		if e.Summary != "" {
			return fmt.Sprintf("%q", headerLine(e.Summary, 80))
		}
	}
	return "without a title"
}

// headerLine is s on one line, cut to at most n runes.
func headerLine(s string, n int) string {
	out := []rune{}
	for _, r := range s {
		if len(out) == n {
			break
		}
		if r < ' ' || r == 0x7f {
			r = ' '
		}
		out = append(out, r)
	}
	return string(out)
}

// allDay reports an invitation for an all-day event.
func allDay(inv calendar.Invitation) bool {
	return inv.Master != nil && inv.Master.AllDay ||
		inv.Master == nil && len(inv.Overrides) > 0 && !slices.ContainsFunc(inv.Overrides, func(e calendar.Event) bool { return !e.AllDay })
}

// organizerOf is the organizer of the first invitation that names one.
func organizerOf(invs []calendar.Invitation) string {
	for _, inv := range invs {
		if o := inv.Organizer(); o != "" {
			return o
		}
	}
	return ""
}

// floating reports an event with a floating time.
func floating(invs []calendar.Invitation) bool {
	for _, inv := range invs {
		if slices.ContainsFunc(inv.Events(), func(e calendar.Event) bool { return e.Floating }) {
			return true
		}
	}
	return false
}
