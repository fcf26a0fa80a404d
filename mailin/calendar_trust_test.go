package mailin_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

// Carol's calendar address is on her 1:1 with Bob, so Bob (and every guest)
// knows it. Through it alone, a new event reaches only a 1:1 of Carol's
// that follows no calendar yet; one that follows an event takes updates
// of that event, and a new event only from Carol's own authenticated
// mail.
func TestCalendarTokenReachesOnlyHeldEvents(t *testing.T) {
	e := newCalendarEnv(t)
	bob := e.fixture("google-weekly-request.ics")
	if p := e.process(e.toCalendar(bob)); p.Outcome != preread.OutcomeFiled {
		t.Fatalf("Carol's 1:1 with Bob = %s %q, want filed", p.Outcome, p.Reason)
	}
	// Eve, a guest of Carol:Bob, sends a daily 04:00 event for Carol and
	// Alice: Carol's 1:1 with Alice follows no calendar yet, so it is
	// its first invitation, as a calendar server would send it.
	alice := func(uid string) string {
		return e.fixture("google-weekly-request.ics", "bob@corp.example", "alice@corp.example",
			"7kq3m1v9d2h8s4t6u0w2y5a1c3@google.com", uid, "RRULE:FREQ=WEEKLY;BYDAY=TU", "RRULE:FREQ=DAILY", "T100000", "T040000", "T103000", "T043000")
	}
	if p := e.process(e.toCalendar(alice("eve-1@evil.example"))); p.Outcome != preread.OutcomeFiled {
		t.Fatalf("the first invitation of Carol:Alice = %s %q, want filed", p.Outcome, p.Reason)
	}
	// Now that both 1:1s follow an event, a new event through the token
	// reaches neither.
	for _, tt := range []struct{ name, cal string }{
		{"a second event for Carol:Alice", alice("eve-2@evil.example")},
		{"a new event for Carol:Bob", e.fixture("google-weekly-request.ics", "7kq3m1v9d2h8s4t6u0w2y5a1c3@google.com", "eve-3@evil.example")},
	} {
		p := e.process(e.toCalendar(tt.cal))
		if p.Outcome != preread.OutcomeIgnored || !strings.Contains(p.Reason, "follows another calendar event already") {
			t.Errorf("%s through the token = %s %q, want ignored", tt.name, p.Outcome, p.Reason)
		}
	}
	if got := e.seriesOf("alice@corp.example"); got != "eve-1@evil.example" {
		t.Errorf("Carol:Alice follows %q, want the first event alone", got)
	}
	// Carol's own mail, authenticated, may add an event to a 1:1.
	if p := e.process(e.fromOrganizer(alice("carol-2@corp.example"))); p.Outcome != preread.OutcomeFiled {
		t.Errorf("Carol's own new event = %s %q, want filed", p.Outcome, p.Reason)
	}
	// An update of the event the 1:1 holds still comes through the token:
	// here, its cancellation.
	cancel := strings.NewReplacer("METHOD:REQUEST", "METHOD:CANCEL", "SEQUENCE:0", "SEQUENCE:1").Replace(alice("eve-1@evil.example"))
	if p := e.process(e.toCalendar(cancel)); p.Outcome != preread.OutcomeFiled {
		t.Errorf("the cancellation of the held event = %s %q, want filed", p.Outcome, p.Reason)
	}
}

// seriesOf lists the UIDs of the parts a pair of Carol's holds.
func (e *calendarEnv) seriesOf(report string) string {
	e.t.Helper()
	pc, err := e.db.PairCalendar(e.t.Context(), "carol@corp.example", report, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	var uids []string
	for _, p := range pc.Parts {
		uids = append(uids, p.UID)
	}
	return strings.Join(uids, ",")
}

// An update through the token alone can't freeze a pair's calendar: a
// SEQUENCE far above the one held, or a DTSTAMP after the mail arrived,
// is refused, so the organizer's real next update still counts. The
// organizer's own authenticated mail may jump.
func TestCalendarTokenCannotFreezeUpdates(t *testing.T) {
	e := newCalendarEnv(t)
	e.process(e.toCalendar(e.fixture("google-weekly-request.ics")))
	e.now = time.Date(2026, 10, 28, 17, 0, 0, 0, time.UTC)
	moved := func(seq, stamp string) string {
		return e.fixture("google-moved-occurrence.ics", "SEQUENCE:1", "SEQUENCE:"+seq, "DTSTAMP:20261028T164210Z", "DTSTAMP:"+stamp)
	}
	for _, tt := range []struct{ name, cal, reason string }{
		{"SEQUENCE 2^31-1", moved("2147483647", "20261028T164210Z"), "SEQUENCE 2147483647"},
		{"SEQUENCE 11 above", moved("11", "20261028T164210Z"), "SEQUENCE 11"},
		{"DTSTAMP in 2200", moved("1", "22000101T030000Z"), "DTSTAMP"},
		{"DTSTAMP two days ahead", moved("1", "20261030T170000Z"), "DTSTAMP"},
	} {
		p := e.process(e.toCalendar(tt.cal))
		if p.Outcome != preread.OutcomeIgnored || !strings.Contains(p.Reason, tt.reason) {
			t.Errorf("%s through the token = %s %q, want ignored for its %s", tt.name, p.Outcome, p.Reason, tt.reason)
		}
	}
	if p := e.process(e.toCalendar(moved("1", "20261028T164210Z"))); p.Outcome != preread.OutcomeFiled {
		t.Errorf("the real update = %s %q, want filed", p.Outcome, p.Reason)
	}
	if got := e.meetings("bob@corp.example"); len(got) != 5 || got[4] != "Wed 4 Nov 15:00" {
		t.Errorf("Bob's meetings = %v, want Tue 3 Nov at Wed 4 Nov 15:00", got)
	}
	jump := e.fixture("google-moved-occurrence.ics", "SEQUENCE:1", "SEQUENCE:50", "T150000", "T160000", "T153000", "T163000")
	if p := e.process(e.fromOrganizer(jump)); p.Outcome != preread.OutcomeFiled {
		t.Errorf("Carol's own update with SEQUENCE 50 = %s %q, want filed", p.Outcome, p.Reason)
	}
	first := e.fixture("google-weekly-request.ics", "bob@corp.example", "dan@corp.example",
		"7kq3m1v9d2h8s4t6u0w2y5a1c3@google.com", "dan@google.com", "SEQUENCE:0", "SEQUENCE:5000")
	if p := e.process(e.toCalendar(first)); p.Outcome != preread.OutcomeIgnored || !strings.Contains(p.Reason, "SEQUENCE 5000") {
		t.Errorf("a first invitation with SEQUENCE 5000 = %s %q, want ignored", p.Outcome, p.Reason)
	}
}

// A status sent to the status address with the calendar address in Cc is
// Bob's status, not calendar mail dropped for having no invitation; an
// invitation to the calendar address alone is still calendar mail.
func TestCalendarAddressInCcKeepsAStatus(t *testing.T) {
	e := newCalendarEnv(t)
	token, err := e.db.Token(t.Context(), "bob@corp.example")
	if err != nil {
		t.Fatal(err)
	}
	status := mailbox.Build(preread.SubAddress{Kind: preread.AddressStatus, Token: token})
	calendar := mailbox.Build(preread.SubAddress{Kind: preread.AddressCalendar, Token: e.token})
	for _, order := range [][2]string{{"To: " + calendar, "Cc: " + status}, {"To: " + status, "Cc: " + calendar}} {
		e.n++
		p := e.process([]byte(fmt.Sprintf("From: bob@corp.example\r\n%s\r\n%s\r\nSubject: my day\r\nMessage-ID: <cc-%d@corp.example>\r\n\r\nShipped the importer.\r\n",
			order[0], order[1], e.n)))
		if p.Outcome != preread.OutcomeFiled || p.Status == nil || p.Status.Text != "Shipped the importer." {
			t.Errorf("%s, %s: %s %q %+v; want Bob's status filed", order[0], order[1], p.Outcome, p.Reason, p.Status)
		}
	}
	if p := e.process(e.toCalendar(e.fixture("google-weekly-request.ics"))); p.Outcome != preread.OutcomeFiled || p.Kind != preread.AddressCalendar {
		t.Errorf("the invitation = %s %s %q, want filed as calendar mail", p.Kind, p.Outcome, p.Reason)
	}
}
