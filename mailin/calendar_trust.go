package mailin

import (
	"fmt"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/calendar"
)

// What an invitation may do when only a calendar token vouches for it:
// every guest of a 1:1 sees the calendar address, and calendar servers
// send as themselves, so the token says whose 1:1s it may touch, not who
// wrote it. The organizer's own mail, authenticated by the trusted
// server, is not held to these bounds.
const (
	// maxSequenceStep is how far above the SEQUENCE preread holds for an
	// event an update may go: each change mails every guest, so a real
	// update is one or two above. A SEQUENCE of 2^31 would make every
	// later real update look older.
	maxSequenceStep = 10
	// maxFirstSequence bounds the SEQUENCE of an event's first
	// invitation: a series edited many times before preread was invited.
	maxFirstSequence = 1000
	// maxStampSkew is how much later than the mail's arrival its DTSTAMP
	// may be: the clocks of calendar servers differ a little.
	maxStampSkew = 24 * time.Hour
)

// unvouched says why an invitation that only a calendar token vouches for
// is not taken for the pair (with names the pair's other person), "" when
// it is: an event new to a 1:1 whose calendar sets meetings ahead already
// (a token reaches all its owner's 1:1s, and only this one's guests know
// its event), a SEQUENCE far above the one held, or a DTSTAMP after the
// mail arrived.
func (h *heldCalendar) unvouched(inv calendar.Invitation, with string, arrived time.Time) string {
	summary := summaryOf(inv)
	held := h.has(inv.UID)
	if !held && h.meetsAfter(arrived) {
		return fmt.Sprintf("the event %s is new to your 1:1 with %s, which follows another calendar event already: "+
			"preread takes a new event for a 1:1 that follows one only from its organizer's own mail; "+
			"cancel the old event, or have the organizer send the invitation", summary, with)
	}
	limit := maxFirstSequence
	if held {
		base := 0
		for _, old := range h.invitations(inv.UID) {
			for _, e := range old.Events() {
				base = max(base, e.Revision.Sequence)
			}
		}
		limit = base + maxSequenceStep
	}
	for _, e := range inv.Events() {
		if e.Revision.Sequence > limit {
			return fmt.Sprintf("the update of the event %s has SEQUENCE %d, more than %d above the one preread holds: "+
				"only the organizer's own mail may jump so far", summary, e.Revision.Sequence, maxSequenceStep)
		}
		if e.Revision.Stamp.After(arrived.Add(maxStampSkew)) {
			return fmt.Sprintf("the update of the event %s is stamped %s (DTSTAMP), after it arrived", summary,
				e.Revision.Stamp.UTC().Format("2 Jan 2006 15:04 UTC"))
		}
	}
	return ""
}

// meetsAfter reports whether the pair's calendar sets a meeting after t:
// a 1:1 whose every event is cancelled or ended ("this and following"
// ends the old event where the new one begins) follows no calendar.
func (h *heldCalendar) meetsAfter(t time.Time) bool {
	sch, ok := h.schedule()
	return ok && len(sch.Between(t, t.Add(followHorizon))) > 0
}

// followHorizon is how far ahead a calendar's meetings count for whether
// a 1:1 follows it.
const followHorizon = 400 * 24 * time.Hour

// arrived is when a message came: the later of the server's INTERNALDATE
// and now, so neither a slow clock nor a test's clock refuses a real
// update.
func (c *Classifier) arrived(received time.Time) time.Time {
	if now := c.now(); now.After(received) {
		return now
	}
	return received
}

// otherName is the first name of the pair's person who is not email.
func otherName(dir preread.Directory, pair preread.Pair, email string) string {
	other := pair.Report
	if other == preread.CanonicalAddress(email) {
		other = pair.Manager
	}
	if p, ok := dir.Person(other); ok {
		return p.FirstName()
	}
	return other
}
