package e2e

import (
	"strings"
	"testing"
	"time"
)

// Issue 18 through the built binary: a 1:1 invitation sets, moves and
// cancels the pair's meetings, as Google Calendar and Exchange mail them
// to a calendar address.

// berlinAt is a wall-clock instant in Berlin in 2026.
func berlinAt(month time.Month, day, h, m int) time.Time {
	return time.Date(2026, month, day, h, m, 0, 0, berlin)
}

func oct(day, h, m int) time.Time { return berlinAt(time.October, day, h, m) }
func nov(day, h, m int) time.Time { return berlinAt(time.November, day, h, m) }

// subjects are the subjects of mails, one a line.
func subjects(ms []sentMail) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return strings.Join(out, "\n")
}

// noCalendarSent fails when preread sent calendar data (an iMIP REPLY) or
// wrote to anyone outside the directory.
func (w *world) noCalendarSent(directory ...string) {
	w.t.Helper()
	w.checkDeliveries(directory)
	for _, m := range w.sentMails() {
		if strings.Contains(strings.ToLower(string(m.Raw)), "text/calendar") {
			w.t.Errorf("%q to %v carries calendar data: preread never answers a calendar", m.Subject, m.Rcpt)
		}
	}
}

// A weekly Google series sets Mara's 1:1s with Ravi (the config names no
// rule): the pre-read goes the workday before at Mara's 16:00, at 10:00
// Berlin time on both sides of the end of DST; a moved occurrence moves
// its pre-read; a cancelled one gets none and its agenda carries over; a
// move after the pre-read went out gets one notice and no second
// pre-read, and DONE on that pre-read still closes its item; an older
// update arriving late changes nothing; a cancellation after the
// pre-read gets one notice.
func TestCalendarSeriesThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, calendarDirectory(""))
	w.runAt("prompts", oct(19, 8, 0)) // syncs the directory: tokens
	ct := w.calendarToken("mara@corp.example")
	tok := w.tokens("mara@corp.example", "ravi@corp.example")
	cal := calendarAddr(ct)

	w.deliver(googleInvite(cal, "Invitation: Mara / Ravi 1:1 @ Weekly from 10:00 to 10:30 on Tuesday", "inv-1", oct(19, 8, 30),
		ics(w, "google-weekly-request.ics", ct)))
	w.ingestAt(oct(19, 9, 0))
	if got := w.outcome("<inv-1@google.com>"); got != "filed: " {
		t.Fatalf("the invitation: %s, want filed", got)
	}
	follows := w.mailTo("mara@corp.example", "preread follows your 1:1 with Ravi")
	if len(follows) != 1 || !strings.Contains(space(follows[0].Text),
		"preread now follows your 1:1 with Ravi: weekly on Tuesday 10:00 Europe/Berlin; the next pre-read comes Mon 19 Oct 16:00.") {
		t.Errorf("Mara's confirmation: %q", texts(follows))
	}

	// The pre-read of Tue 20 Oct comes the workday before at 16:00, not earlier.
	w.runAt("preread", oct(19, 15, 59))
	if got := w.mailTo("mara@corp.example", "1:1 with Ravi"); len(got) != 0 {
		t.Errorf("before 16:00 Mara got %q", subjects(got))
	}
	w.runAt("preread", oct(19, 16, 0))
	w.deliver(reply("ravi@corp.example", agendaAddr(tok["ravi@corp.example"]), "", "Conference budget",
		"May I go to GopherCon EU?", 1, oct(20, 12, 0)))
	w.ingestAt(oct(20, 12, 5))
	// DST ends on Sun 25 Oct: the meeting stays at 10:00 Berlin time.
	w.runAt("preread", oct(26, 16, 0))
	want := []string{"1:1 with Ravi, Tue 20 Oct 10:00: pre-read", "1:1 with Ravi, Tue 27 Oct 10:00: pre-read"}
	if got := subjects(w.mailTo("mara@corp.example", "1:1 with Ravi")); got != strings.Join(want, "\n") {
		t.Errorf("Mara's pre-reads:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if n := w.count(`SELECT count(*) FROM meetings WHERE starts_at IN ('2026-10-20T08:00:00.000Z', '2026-10-27T09:00:00.000Z')`); n != 2 {
		t.Errorf("%d meetings at 08:00Z on 20 Oct (CEST) and 09:00Z on 27 Oct (CET), want 2", n)
	}

	// Google moves Tue 3 Nov to Wed 4 Nov 15:00, and cancels Tue 10 Nov.
	w.deliver(googleInvite(cal, "Updated invitation: Mara / Ravi 1:1 @ Wed 4 Nov 2026 15:00", "move-1", oct(28, 17, 0),
		ics(w, "google-moved-occurrence.ics", ct)))
	w.ingestAt(oct(28, 17, 5))
	w.deliver(googleInvite(cal, "Cancelled event: Mara / Ravi 1:1 @ Tue 10 Nov 2026 10:00", "cancel-1", nov(2, 10, 0),
		ics(w, "google-cancel-occurrence.ics", ct)))
	w.ingestAt(nov(2, 10, 5))
	w.runAt("preread", nov(2, 16, 0))
	w.runAt("preread", nov(3, 16, 0))
	w.runAt("preread", nov(9, 16, 0))
	w.runAt("preread", nov(16, 16, 0))
	want = append(want, "1:1 with Ravi, Wed 4 Nov 15:00: pre-read", "1:1 with Ravi, Tue 17 Nov 10:00: pre-read")
	if got := subjects(w.mailTo("mara@corp.example", "1:1 with Ravi")); got != strings.Join(want, "\n") {
		t.Errorf("Mara's pre-reads:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	prereads := w.mailTo("mara@corp.example", "1:1 with Ravi, Tue 17 Nov")
	if len(prereads) != 1 || !strings.Contains(prereads[0].Text, "Conference budget") {
		t.Fatalf("the pre-read after the cancelled 1:1 lacks Ravi's topic, carried over:\n%s", texts(prereads))
	}

	// After that pre-read went out, Tue 17 Nov moves to Wed 18 Nov 10:00.
	moved := ics(w, "google-moved-occurrence.ics", ct, "RECURRENCE-ID;TZID=Europe/Berlin:20261103T100000",
		"RECURRENCE-ID;TZID=Europe/Berlin:20261117T100000", "20261104T150000", "20261118T100000",
		"20261104T153000", "20261118T103000", "DTSTAMP:20261028T164210Z", "DTSTAMP:20261116T165900Z", "SEQUENCE:1", "SEQUENCE:2")
	w.deliver(googleInvite(cal, "Updated invitation: Mara / Ravi 1:1 @ Wed 18 Nov 2026 10:00", "move-2", nov(16, 17, 0), moved))
	w.ingestAt(nov(16, 17, 5))
	w.runAt("preread", nov(16, 17, 10))
	w.runAt("preread", nov(17, 16, 0))
	if got := w.mailTo("mara@corp.example", "1:1 with Ravi moved"); len(got) != 1 || got[0].Subject != "1:1 with Ravi moved to Wed 10:00" ||
		!strings.Contains(space(got[0].Text), "Your 1:1 with Ravi on Tue 17 Nov 10:00 moved to Wed 18 Nov 10:00.") {
		t.Errorf("Mara's notices of the move: %q\n%s", subjects(got), texts(got))
	}
	if got := subjects(w.mailTo("mara@corp.example", "1:1 with Ravi,")); got != strings.Join(want, "\n") {
		t.Errorf("after the move Mara's pre-reads are:\n%s\nwant no second one for 18 Nov", got)
	}
	// DONE 1 on the moved meeting's pre-read closes the topic it numbered.
	w.deliver(reply("mara@corp.example", replyAddr(tok["mara@corp.example"]), prereads[0].MessageID, "Re: "+prereads[0].Subject,
		"DONE 1", 2, nov(17, 18, 0)))
	// An older update of Tue 17 Nov (SEQUENCE 1, to Thu 19 Nov) comes late.
	older := ics(w, "google-moved-occurrence.ics", ct, "RECURRENCE-ID;TZID=Europe/Berlin:20261103T100000",
		"RECURRENCE-ID;TZID=Europe/Berlin:20261117T100000", "20261104T150000", "20261119T140000", "20261104T153000", "20261119T143000")
	w.deliver(googleInvite(cal, "Updated invitation: Mara / Ravi 1:1 @ Thu 19 Nov 2026 14:00", "move-old", nov(17, 18, 1), older))
	w.ingestAt(nov(17, 18, 5))
	if n := w.count(`SELECT count(*) FROM agenda_items WHERE subject = 'Conference budget' AND state = 'done'`); n != 1 {
		t.Errorf("DONE 1 on the moved meeting's pre-read closed %d items, want Ravi's topic", n)
	}
	if got := w.outcome("<move-old@google.com>"); !strings.HasPrefix(got, "ignored: an older or repeated calendar update") {
		t.Errorf("the older update: %s", got)
	}
	out := w.must("meetings", "--pair", "mara@corp.example:ravi@corp.example", "--since", "2026-11-02", "--until", "2026-11-24")
	for _, line := range []string{
		"mara@corp.example:ravi@corp.example: follows the calendar invitation",
		"2026-11-04 Wed 15:00  30m0s  moved, was Tue 3 Nov 10:00",
		"2026-11-10 Tue 10:00         cancelled",
		"2026-11-18 Wed 10:00  30m0s  moved, was Tue 17 Nov 10:00",
		"2026-11-24 Tue 10:00  30m0s  invitation",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("preread meetings lacks %q:\n%s", line, out)
		}
	}
	if strings.Contains(out, "2026-11-19") {
		t.Errorf("preread meetings shows the older update's Thursday:\n%s", out)
	}

	// Tue 24 Nov is cancelled after its pre-read went out: one notice.
	w.runAt("preread", nov(23, 16, 0))
	cancel := ics(w, "google-cancel-occurrence.ics", ct, "20261110T100000", "20261124T100000", "20261110T103000", "20261124T103000",
		"DTSTAMP:20261102T091133Z", "DTSTAMP:20261123T165900Z")
	w.deliver(googleInvite(cal, "Cancelled event: Mara / Ravi 1:1 @ Tue 24 Nov 2026 10:00", "cancel-2", nov(23, 17, 0), cancel))
	w.ingestAt(nov(23, 17, 5))
	w.runAt("preread", nov(23, 17, 10))
	w.runAt("preread", nov(23, 18, 0))
	if got := w.mailTo("mara@corp.example", "1:1 with Ravi on Tue 24 Nov cancelled"); len(got) != 1 ||
		!strings.Contains(space(got[0].Text), "Your 1:1 with Ravi on Tue 24 Nov 10:00 was cancelled: Ravi's agenda carries over to Tue 1 Dec.") {
		t.Errorf("Mara's notices of the cancellation: %q\n%s", subjects(got), texts(got))
	}
	// Mara puts Tue 24 Nov back, at 11:00: one notice that it is on, and
	// no second pre-read.
	back := ics(w, "google-moved-occurrence.ics", ct, "RECURRENCE-ID;TZID=Europe/Berlin:20261103T100000",
		"RECURRENCE-ID;TZID=Europe/Berlin:20261124T100000", "20261104T150000", "20261124T110000", "20261104T153000", "20261124T113000",
		"SEQUENCE:1", "SEQUENCE:2", "DTSTAMP:20261028T164210Z", "DTSTAMP:20261123T185900Z")
	w.deliver(googleInvite(cal, "Updated invitation: Mara / Ravi 1:1 @ Tue 24 Nov 2026 11:00", "back-on", nov(23, 19, 0), back))
	w.ingestAt(nov(23, 19, 5))
	w.runAt("preread", nov(23, 19, 10))
	w.runAt("preread", nov(23, 19, 30))
	if got := w.mailTo("mara@corp.example", "1:1 with Ravi on Tue 24 Nov is back on"); len(got) != 1 ||
		!strings.Contains(space(got[0].Text), "Your 1:1 with Ravi on Tue 24 Nov 10:00, cancelled before, is back on at Tue 24 Nov 11:00.") {
		t.Errorf("Mara's notices that Tue 24 Nov is back on: %q\n%s", subjects(got), texts(got))
	}
	if got := w.mailTo("mara@corp.example", "1:1 with Ravi, Tue 24 Nov"); len(got) != 1 {
		t.Errorf("pre-reads of Tue 24 Nov: %q, want the one sent before it was cancelled", subjects(got))
	}
	if got := w.mailTo("ravi@corp.example", "1:1 with"); len(got) != 0 {
		t.Errorf("Ravi (pre-reads to the manager only) got %q", subjects(got))
	}
	w.noCalendarSent("mara@corp.example", "ravi@corp.example", "nina@corp.example")
}

// An Exchange series (a Windows zone name) overrides the config's rule,
// which `preread check` names at its line; once Exchange cancels the
// series, the rule is back. Nina's 1:1 waits for an invitation; when its
// Google series is cancelled it has no meetings at all.
func TestCalendarFallsBackThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, calendarDirectory("weekly thu 14:00")+`  - manager: mara@corp.example
    report: nina@corp.example
    meets: calendar
`)
	w.runAt("prompts", oct(19, 8, 0))
	ct := w.calendarToken("mara@corp.example")
	out := w.must("check")
	if !strings.Contains(out, "pairs[1].meets: note: mara@corp.example:nina@corp.example waits for a calendar invitation") {
		t.Errorf("preread check before any invitation:\n%s", out)
	}
	w.deliver(exchangeInvite("Mara.Manager@corp.example", "Ravi Report <Ravi.Report@corp.example>, "+calendarAddr(ct), "1:1 Mara / Ravi",
		"ex-1", oct(19, 8, 30), ics(w, "exchange-weekly-exdate.ics", ct)))
	ninaSeries := ics(w, "google-weekly-request.ics", ct, "ravi@corp.example", "nina@corp.example", "Ravi Report", "Nina Simone",
		"7kq3m1v9d2h8s4t6u0w2y5a1c3@google.com", "nina-series@google.com", "BYDAY=TU", "BYDAY=WE", "20261006T1", "20261007T1")
	w.deliver(googleInvite(calendarAddr(ct), "Invitation: Mara / Nina", "nina-1", oct(19, 8, 31), ninaSeries))
	w.ingestAt(oct(19, 9, 0))
	out = w.must("check")
	if !strings.Contains(out, `preread.yaml:`) || !strings.Contains(out, `pairs[0].meets: note: "weekly thu 14:00" is overridden`) {
		t.Errorf("preread check does not name the overridden rule:\n%s", out)
	}
	w.runAt("preread", oct(19, 16, 0))
	w.runAt("preread", oct(20, 16, 0))
	w.runAt("preread", oct(21, 16, 0))
	want := "1:1 with Ravi, Tue 20 Oct 10:00: pre-read\n1:1 with Nina, Wed 21 Oct 10:00: pre-read"
	if got := subjects(w.mailTo("mara@corp.example", "1:1 with")); got != want {
		t.Errorf("with the invitations Mara's pre-reads are:\n%s\nwant:\n%s", got, want)
	}

	// Exchange cancels Ravi's series, Google Nina's.
	w.deliver(exchangeInvite("Mara.Manager@corp.example", "Ravi Report <Ravi.Report@corp.example>, "+calendarAddr(ct),
		"Canceled: 1:1 Mara / Ravi", "ex-2", oct(22, 9, 0), ics(w, "exchange-cancel-series.ics", ct, "DTSTAMP:20261201T101010Z", "DTSTAMP:20261022T085900Z")))
	ninaCancel := strings.NewReplacer("METHOD:REQUEST", "METHOD:CANCEL", "STATUS:CONFIRMED", "STATUS:CANCELLED",
		"SEQUENCE:0", "SEQUENCE:1", "DTSTAMP:20261001T081500Z", "DTSTAMP:20261022T090000Z").Replace(ninaSeries)
	w.deliver(googleInvite(calendarAddr(ct), "Cancelled event: Mara / Nina", "nina-2", oct(22, 9, 1), ninaCancel))
	w.ingestAt(oct(22, 9, 5))
	for _, at := range []time.Time{oct(26, 16, 0), oct(27, 16, 0), oct(28, 16, 0)} {
		w.runAt("preread", at)
	}
	want += "\n1:1 with Ravi, Thu 29 Oct 14:00: pre-read"
	if got := subjects(w.mailTo("mara@corp.example", "1:1 with")); got != want {
		t.Errorf("after the cancellations Mara's pre-reads are:\n%s\nwant:\n%s", got, want)
	}
	out = w.must("meetings", "--since", "2026-10-26", "--until", "2026-11-01")
	for _, line := range []string{`mara@corp.example:ravi@corp.example: the config's rule "weekly thu 14:00"`,
		"2026-10-29 Thu 14:00  30m0s  rule", "mara@corp.example:nina@corp.example: waits for a calendar invitation"} {
		if !strings.Contains(out, line) {
			t.Errorf("preread meetings lacks %q:\n%s", line, out)
		}
	}
	w.noCalendarSent("mara@corp.example", "ravi@corp.example", "nina@corp.example")
}

// An invitation from a stranger, with a guessed token, or under Mara's
// forged name without a token changes nothing and gets no answer; an
// event organized by a stranger, sent to Mara's real calendar address,
// matches no 1:1 and gets no answer either. Mara herself, authenticated,
// gets one short explanation for an event that is no 1:1.
func TestCalendarStrangersChangeNothingThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, calendarDirectory("weekly tue 10:00"))
	w.runAt("prompts", oct(19, 8, 0))
	ct := w.calendarToken("mara@corp.example")
	thursday := func(organizer string) string {
		return ics(w, "google-weekly-request.ics", ct, "BYDAY=TU", "BYDAY=TH", "20261006T1", "20261008T1",
			"ORGANIZER;CN=Mara Manager:mailto:mara@corp.example", "ORGANIZER;CN=Someone:mailto:"+organizer)
	}
	stranger := googleInvite("preread+calendar.aaaaaaaaaaaaaaaa@corp.example", "Invitation: 1:1", "eve-1", oct(19, 9, 0), thursday("mara@corp.example"))
	stranger = []byte(strings.Replace(string(stranger), "From: Mara Manager <mara@corp.example>", "From: Eve <eve@evil.example>", 1))
	forged := googleInvite("preread+calendar@corp.example", "Invitation: 1:1", "forged-1", oct(19, 9, 1), thursday("mara@corp.example"))
	strangers := googleInvite(calendarAddr(ct), "Invitation: 1:1", "eve-2", oct(19, 9, 2), thursday("eve@evil.example"))
	strangers = []byte(strings.Replace(string(strangers), "From: Mara Manager <mara@corp.example>", "From: Eve <eve@evil.example>", 1))
	offsite := ics(w, "google-weekly-request.ics", ct, "SUMMARY:Mara / Ravi 1:1", "SUMMARY:Team offsite",
		"ORGANIZER;CN=Mara Manager:mailto:mara@corp.example", "ORGANIZER;CN=Nina:mailto:nina@corp.example")
	authentic := googleInvite(calendarAddr(ct), "Invitation: Team offsite", "offsite-1", oct(19, 9, 3), offsite)
	authentic = append([]byte("Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example; dmarc=pass header.from=corp.example\r\n"), authentic...)
	w.deliver(stranger, forged, strangers, authentic)
	w.ingestAt(oct(19, 9, 30))

	for id, want := range map[string]string{
		"<eve-1@google.com>":     "rejected: unknown calendar token in the address",
		"<forged-1@google.com>":  "rejected: calendar mail with no calendar token in the address",
		"<eve-2@google.com>":     "ignored: the event",
		"<offsite-1@google.com>": `ignored: the event "Team offsite" matches no 1:1 in preread`,
	} {
		if got := w.outcome(id); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %s, want %s…", id, got, want)
		}
	}
	if n := w.count(`SELECT count(*) FROM calendar_parts`); n != 0 {
		t.Errorf("%d calendar parts kept, want none", n)
	}
	help := w.mailTo("mara@corp.example", "Re: Invitation: Team offsite")
	if len(help) != 1 || !strings.Contains(space(help[0].Text), "preread did not use the calendar invitation you sent") {
		t.Errorf("Mara's explanations: %q", subjects(help))
	}
	w.runAt("preread", oct(19, 16, 0))
	if got := subjects(w.mailTo("mara@corp.example", "1:1 with Ravi")); got != "1:1 with Ravi, Tue 20 Oct 10:00: pre-read" {
		t.Errorf("Mara's pre-reads: %q, want Tuesday's by the rule", got)
	}
	if got := len(w.sentMails()); got != len(w.mailTo("mara@corp.example", ""))+len(w.mailTo("ravi@corp.example", ""))+len(w.mailTo("nina@corp.example", "")) {
		t.Errorf("mail went to someone outside the directory")
	}
	w.noCalendarSent("mara@corp.example", "ravi@corp.example", "nina@corp.example")
}
