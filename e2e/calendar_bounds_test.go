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
