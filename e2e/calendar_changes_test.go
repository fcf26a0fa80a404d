package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Review 18: moved and cancelled meetings after their pre-read.

// deliverCal delivers a calendar object to Mara's calendar address as
// Google mails it, and files it.
func (w *world) deliverCal(cal, id string, at time.Time, ics string) {
	w.t.Helper()
	w.deliver(googleInvite(cal, "Updated invitation: Mara / Ravi 1:1", id, at, ics))
	w.ingestAt(at.Add(time.Minute))
	if got := w.outcome("<" + id + "@google.com>"); got != "filed: " {
		w.t.Fatalf("%s: %s, want filed", id, got)
	}
}

// Ten updates in one evening, each moving the meeting whose pre-read went
// out, give Mara at most three notices that day; the last move waits for
// the next morning's notice, which names where the meeting is now.
func TestCalendarChangeNoticesAreBoundedThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, calendarDirectory(""))
	w.runAt("prompts", oct(19, 8, 0))
	cal := calendarAddr(w.calendarToken("mara@corp.example"))
	w.deliverCal(cal, "notices-0", oct(19, 8, 30), vcalendar("REQUEST", weeklyTuesday(0, "20261001T081500Z")))
	w.runAt("preread", oct(19, 16, 0))
	for i := 1; i <= 10; i++ {
		at := oct(19, 17, 0).Add(time.Duration(i) * 10 * time.Minute)
		move := moveTo(i, at.UTC().Format("20060102T150405Z"), "20261020", "20261020", 1100+i)
		w.deliverCal(cal, fmt.Sprintf("notices-%d", i), at, vcalendar("REQUEST", move))
		w.runAt("preread", at.Add(2*time.Minute))
	}
	notices := func() []sentMail {
		var out []sentMail
		for _, m := range w.mailTo("mara@corp.example", "") {
			if strings.Contains(m.Subject, "moved") || strings.Contains(m.Subject, "changed") || strings.Contains(m.Subject, "cancelled") {
				out = append(out, m)
			}
		}
		return out
	}
	if got := notices(); len(got) != 3 {
		t.Errorf("Mara got %d notices on Mon 19 Oct, want 3:\n%s", len(got), subjects(got))
	}
	w.runAt("preread", oct(20, 7, 0))
	got := notices()
	if len(got) != 4 || got[3].Subject != "1:1 with Ravi moved to 11:10" ||
		!strings.Contains(space(got[3].Text), "Your 1:1 with Ravi on Tue 20 Oct 11:03 moved to Tue 20 Oct 11:10.") {
		t.Errorf("Mara's notices by Tue morning:\n%s\n%s", subjects(got), texts(got))
	}
	if got := subjects(w.mailTo("mara@corp.example", "1:1 with Ravi,")); got != "1:1 with Ravi, Tue 20 Oct 10:00: pre-read" {
		t.Errorf("Mara's pre-reads: %q, want one", got)
	}
}

// Moving the whole series (a new DTSTART, so every RECURRENCE-ID changes)
// after a pre-read went out gives one "moved" notice and no second
// pre-read, to a new time on the same day and to another weekday; "this
// and following" (a new event from that meeting on) does the same. A
// SKIP after the pre-read cancels nothing.
func TestCalendarSeriesMovesThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, calendarDirectory(""))
	w.runAt("prompts", oct(19, 8, 0))
	cal := calendarAddr(w.calendarToken("mara@corp.example"))
	w.deliverCal(cal, "series-0", oct(19, 8, 30), vcalendar("REQUEST", weeklyTuesday(0, "20261001T081500Z")))
	w.runAt("preread", oct(19, 16, 0))

	// The series moves to 11:00 from its first meeting on.
	at11 := strings.NewReplacer("T100000", "T110000", "T103000", "T113000").Replace(weeklyTuesday(1, "20261019T160000Z"))
	w.deliverCal(cal, "series-1", oct(19, 17, 0), vcalendar("REQUEST", at11))
	w.runAt("preread", oct(19, 17, 5))
	w.runAt("preread", oct(20, 9, 0))
	// Then to Wednesdays at 11:00, after Tue 27 Oct's pre-read went out.
	w.runAt("preread", oct(26, 16, 0))
	wed := strings.NewReplacer("20261006T100000", "20261007T110000", "20261006T103000", "20261007T113000", "BYDAY=TU", "BYDAY=WE").
		Replace(weeklyTuesday(2, "20261026T170000Z"))
	w.deliverCal(cal, "series-2", oct(26, 17, 0), vcalendar("REQUEST", wed))
	w.runAt("preread", oct(26, 17, 5))
	w.runAt("preread", oct(27, 16, 0))
	// This and following: the old event ends before Wed 4 Nov, a new one
	// meets on Wednesdays at 15:00 from then, after 4 Nov's pre-read.
	w.runAt("preread", nov(3, 16, 0))
	ended := strings.Replace(wed, "RRULE:FREQ=WEEKLY;BYDAY=WE", "RRULE:FREQ=WEEKLY;UNTIL=20261103T225959Z;BYDAY=WE", 1)
	ended = strings.Replace(ended, "SEQUENCE:2", "SEQUENCE:3", 1)
	following := strings.NewReplacer(boundsUID, "following-1@google.com", "20261007T110000", "20261104T150000",
		"20261007T113000", "20261104T153000", "SEQUENCE:2", "SEQUENCE:0").Replace(wed)
	w.deliverCal(cal, "series-3", nov(3, 17, 0), vcalendar("REQUEST", ended, following))
	w.runAt("preread", nov(3, 17, 5))
	w.runAt("preread", nov(4, 9, 0))

	want := []string{"1:1 with Ravi moved to 11:00", "1:1 with Ravi moved to Wed 11:00", "1:1 with Ravi moved to 15:00"}
	var got []string
	for _, m := range w.mailTo("mara@corp.example", "") {
		if strings.Contains(m.Subject, "moved") || strings.Contains(m.Subject, "cancelled") || strings.Contains(m.Subject, "changed") {
			got = append(got, m.Subject)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Mara's notices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantPre := "1:1 with Ravi, Tue 20 Oct 10:00: pre-read\n1:1 with Ravi, Tue 27 Oct 11:00: pre-read\n1:1 with Ravi, Wed 4 Nov 11:00: pre-read"
	if got := subjects(w.mailTo("mara@corp.example", "1:1 with Ravi,")); got != wantPre {
		t.Errorf("Mara's pre-reads:\n%s\nwant:\n%s", got, wantPre)
	}

	// Tue 10 Nov's pre-read goes out; then Mara skips that 1:1: nothing
	// is cancelled, as with a rule's meeting.
	w.runAt("preread", nov(10, 16, 0))
	w.deliver(command(w, "mara@corp.example", "SKIP next 1:1", 90, nov(10, 17, 0)))
	w.ingestAt(nov(10, 17, 1))
	w.runAt("preread", nov(10, 17, 5))
	if got := w.mailTo("mara@corp.example", "1:1 with Ravi on"); len(got) != 0 {
		t.Errorf("after SKIP Mara got %q", subjects(got))
	}
	w.noCalendarSent("mara@corp.example", "ravi@corp.example", "nina@corp.example")
}
