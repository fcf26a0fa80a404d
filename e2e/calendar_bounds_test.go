package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Review 18: what whoever holds a calendar address can make preread send
// is bounded.

const boundsUID = "bounds-1@google.com"

// weeklyTuesday is Mara's weekly 1:1 with Ravi on Tuesdays at 10:00 from 6
// Oct, with the extra lines given.
func weeklyTuesday(seq int, stamp string, extra ...string) string {
	lines := append([]string{berlinLocal("DTSTART", "20261006", 1000), berlinLocal("DTEND", "20261006", 1030),
		"RRULE:FREQ=WEEKLY;BYDAY=TU", fmt.Sprintf("SEQUENCE:%d", seq), "DTSTAMP:" + stamp}, extra...)
	return vevent(boundsUID, lines...)
}

// moveTo is an override that moves the occurrence of the weekly series on
// day (at 10:00) to the day and time given.
func moveTo(seq int, stamp, day, toDay string, at int) string {
	return vevent(boundsUID, berlinLocal("RECURRENCE-ID", day, 1000), berlinLocal("DTSTART", toDay, at),
		berlinLocal("DTEND", toDay, at+30), fmt.Sprintf("SEQUENCE:%d", seq), "DTSTAMP:"+stamp)
}

// A series with ten RDATEs on one morning, and three overrides that move
// three Tuesdays onto one Thursday, gives one meeting on each of those
// days: one pre-read each, however often the planner runs. A rule that
// meets every few minutes is not taken at all.
func TestCalendarOneMeetingADayThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, calendarDirectory(""))
	w.runAt("prompts", oct(19, 8, 0))
	cal := calendarAddr(w.calendarToken("mara@corp.example"))

	var rdates []string
	for m := range 10 {
		rdates = append(rdates, fmt.Sprintf("20261021T09%02d00", 5*m))
	}
	series := vcalendar("REQUEST", weeklyTuesday(0, "20261001T081500Z", "RDATE;TZID=Europe/Berlin:"+strings.Join(rdates, ",")))
	w.deliver(googleInvite(cal, "Invitation: Mara / Ravi 1:1", "dense-1", oct(19, 8, 30), series))
	moves := vcalendar("REQUEST", moveTo(1, "20261019T090000Z", "20261027", "20261022", 1400),
		moveTo(1, "20261019T090000Z", "20261103", "20261022", 1405), moveTo(1, "20261019T090000Z", "20261110", "20261022", 1410))
	w.deliver(googleInvite(cal, "Updated invitation: Mara / Ravi 1:1", "dense-2", oct(19, 8, 31), moves))
	minutely := vcalendar("REQUEST", vevent("minutely@google.com", berlinLocal("DTSTART", "20261019", 900),
		berlinLocal("DTEND", "20261019", 901), "RRULE:FREQ=DAILY;BYHOUR=9,10,11;BYMINUTE=0,10,20,30,40,50", "DTSTAMP:20261019T080000Z"))
	w.deliver(googleInvite(cal, "Invitation: Standup", "minutely-1", oct(19, 8, 32), minutely))
	w.ingestAt(oct(19, 9, 0))
	if got := w.outcome("<minutely-1@google.com>"); !strings.HasPrefix(got, "ignored: part of the event") {
		t.Errorf("a series that meets several times a day: %s, want ignored", got)
	}

	for _, at := range []time.Time{oct(20, 16, 0), oct(20, 16, 1), oct(20, 16, 2), oct(21, 9, 1), oct(21, 9, 6), oct(21, 9, 11),
		oct(21, 16, 0), oct(21, 16, 1), oct(22, 14, 1), oct(22, 14, 6)} {
		w.runAt("preread", at)
	}
	want := "1:1 with Ravi, Wed 21 Oct 09:00: pre-read\n1:1 with Ravi, Thu 22 Oct 14:00: pre-read"
	if got := subjects(w.mailTo("mara@corp.example", "1:1 with Ravi")); got != want {
		t.Errorf("Mara's pre-reads:\n%s\nwant:\n%s", got, want)
	}
	out := w.must("meetings", "--pair", "mara@corp.example:ravi@corp.example", "--since", "2026-10-21", "--until", "2026-10-23")
	if n := strings.Count(out, "2026-10-21"); n != 1 {
		t.Errorf("preread meetings lists %d meetings on 21 Oct, want 1:\n%s", n, out)
	}
	w.noCalendarSent("mara@corp.example", "ravi@corp.example", "nina@corp.example")
}

// A pair's calendar frozen by an update from far in its future (here the
// organizer's own mail, which may jump) is reset by the admin: `preread
// meetings --reset` drops what was kept, the pair follows its rule, and
// the calendar's next real update sets it again. rotate-token says what
// it leaves.
func TestCalendarResetThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, calendarDirectory("weekly thu 14:00"))
	w.runAt("prompts", oct(19, 8, 0))
	cal := calendarAddr(w.calendarToken("mara@corp.example"))
	w.deliverCal(cal, "reset-0", oct(19, 8, 30), vcalendar("REQUEST", weeklyTuesday(0, "20261001T081500Z")))
	frozen := strings.NewReplacer("T100000", "T030000", "T103000", "T033000").Replace(weeklyTuesday(100000, "20261019T090000Z"))
	frozenMail := googleInvite(cal, "Updated invitation", "reset-1", oct(19, 9, 0), vcalendar("REQUEST", frozen))
	w.deliver(append([]byte("Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example; dmarc=pass header.from=corp.example\r\n"), frozenMail...))
	w.ingestAt(oct(19, 9, 1))
	real := strings.NewReplacer("T100000", "T110000", "T103000", "T113000").Replace(weeklyTuesday(1, "20261019T100000Z"))
	w.deliver(googleInvite(cal, "Updated invitation", "reset-2", oct(19, 10, 0), vcalendar("REQUEST", real)))
	w.ingestAt(oct(19, 10, 1))
	if got := w.outcome("<reset-2@google.com>"); !strings.HasPrefix(got, "ignored: an older or repeated") {
		t.Fatalf("the real update after the jump: %s, want ignored", got)
	}
	out := w.must("meetings", "--reset", "mara@corp.example:ravi@corp.example", "--since", "2026-10-19", "--until", "2026-10-25")
	for _, line := range []string{"mara@corp.example:ravi@corp.example: dropped 1 calendar invitation;",
		`mara@corp.example:ravi@corp.example: the config's rule "weekly thu 14:00"`, "2026-10-22 Thu 14:00  30m0s  rule"} {
		if !strings.Contains(out, line) {
			t.Errorf("preread meetings --reset lacks %q:\n%s", line, out)
		}
	}
	w.deliver(googleInvite(cal, "Updated invitation", "reset-3", oct(19, 11, 0), vcalendar("REQUEST", real)))
	w.ingestAt(oct(19, 11, 1))
	if got := w.outcome("<reset-3@google.com>"); got != "filed: " {
		t.Errorf("the real update after the reset: %s, want filed", got)
	}
	out = w.must("meetings", "--since", "2026-10-19", "--until", "2026-10-25")
	if !strings.Contains(out, "2026-10-20 Tue 11:00  30m0s  invitation") {
		t.Errorf("after the reset and the real update:\n%s", out)
	}
	out = w.must("rotate-token", "mara@corp.example")
	if !strings.Contains(out, "The calendar invitations kept for their 1:1s stay: `preread meetings --reset MANAGER:REPORT` drops one pair's.") {
		t.Errorf("rotate-token says:\n%s", out)
	}
}
