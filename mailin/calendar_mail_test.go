package mailin_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// calendarEnv classifies calendar mail for the sample directory (Carol
// manages Alice, Bob and Dan) against a real database, and records each
// result as a pass would, so the next message sees it.
type calendarEnv struct {
	t     *testing.T
	db    *store.DB
	c     *mailin.Classifier
	token string // Carol's calendar token
	n     int
	now   time.Time // the classifier's clock
}

func newCalendarEnv(t *testing.T) *calendarEnv {
	t.Helper()
	now := time.Date(2026, 10, 19, 9, 0, 0, 0, time.UTC)
	dir := storetest.Directory(t)
	db := storetest.Synced(t, dir, store.Options{Now: func() time.Time { return now }})
	token, err := db.CalendarToken(t.Context(), "carol@corp.example")
	if err != nil {
		t.Fatal(err)
	}
	e := &calendarEnv{t: t, db: db, token: token, now: now}
	e.c = &mailin.Classifier{Directory: dir.Indexed(), Mailbox: mailbox, AuthservID: "mx.corp.example", MaxSize: 1 << 20,
		Lookup: db, Now: func() time.Time { return e.now }}
	return e
}

// fixture is a calendar fixture of mailin/calendar/testdata written for
// Carol (as Mara) and Bob (as Ravi, by his alias in Exchange's), with
// Carol's calendar token, and the replacements given made.
func (e *calendarEnv) fixture(name string, replace ...string) string {
	e.t.Helper()
	raw, err := os.ReadFile(filepath.Join("calendar", "testdata", name))
	if err != nil {
		e.t.Fatal(err)
	}
	s := strings.ReplaceAll(string(raw), "\r\n ", "")
	r := strings.NewReplacer("mara@corp.example", "carol@corp.example", "Mara.Manager@corp.example", "Carol@Corp.Example",
		"ravi@corp.example", "bob@corp.example", "Ravi.Report@corp.example", "bob@home.example", "k7qm2xw4hb3nd5fa", e.token)
	s = r.Replace(s)
	for i := 0; i+1 < len(replace); i += 2 {
		s = strings.ReplaceAll(s, replace[i], replace[i+1])
	}
	return s
}

// mail is calendar data in a message with the header lines given, as a
// text/calendar part beside the text, and again as invite.ics.
func (e *calendarEnv) mail(header []string, cal string) []byte {
	e.n++
	var b strings.Builder
	for _, h := range append(header, fmt.Sprintf("Message-ID: <cal-%d@example.com>", e.n), "MIME-Version: 1.0",
		`Content-Type: multipart/mixed; boundary="b1"`) {
		b.WriteString(h + "\r\n")
	}
	fmt.Fprintf(&b, "\r\n--b1\r\nContent-Type: text/plain\r\n\r\nYou are invited.\r\n--b1\r\n"+
		"Content-Type: text/calendar; method=REQUEST\r\n\r\n%s\r\n--b1\r\n"+
		"Content-Type: application/ics; name=invite.ics\r\nContent-Disposition: attachment; filename=invite.ics\r\n\r\n%s\r\n--b1--\r\n", cal, cal)
	return []byte(b.String())
}

// toCalendar is mail from a calendar server to Carol's calendar address,
// marked as machine mail as many servers mark it.
func (e *calendarEnv) toCalendar(cal string) []byte {
	return e.mail([]string{"From: Google Calendar <calendar-notification@google.com>", "Auto-Submitted: auto-generated",
		"To: " + mailbox.Build(preread.SubAddress{Kind: preread.AddressCalendar, Token: e.token}), "Subject: Invitation"}, cal)
}

// fromOrganizer is mail from Carol herself to her calendar address,
// authenticated by the trusted server.
func (e *calendarEnv) fromOrganizer(cal string) []byte {
	return e.mail([]string{"Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example; dmarc=pass header.from=corp.example",
		"From: Carol Danvers <carol@corp.example>",
		"To: " + mailbox.Build(preread.SubAddress{Kind: preread.AddressCalendar, Token: e.token}), "Subject: Invitation"}, cal)
}

// process classifies raw and records the result.
func (e *calendarEnv) process(raw []byte) preread.Processed {
	e.t.Helper()
	p, err := e.c.Process(e.t.Context(), raw, time.Time{})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.Record(e.t.Context(), "INBOX", p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// meetings lists the starts of a pair's meetings in October and November
// 2026, in Berlin, as its stored calendar sets them.
func (e *calendarEnv) meetings(report string) []string {
	e.t.Helper()
	pc, err := e.db.PairCalendar(context.Background(), "carol@corp.example", report, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	sch, ok := mailin.ReadSchedule(pc)
	if !ok {
		return nil
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	var out []string
	for _, m := range sch.Between(time.Date(2026, 10, 1, 0, 0, 0, 0, berlin), time.Date(2026, 11, 10, 0, 0, 0, 0, berlin)) {
		out = append(out, m.Start.In(berlin).Format("Mon 2 Jan 15:04"))
	}
	return out
}

func (e *calendarEnv) parts() int {
	e.t.Helper()
	pcs, err := e.db.Calendars(context.Background(), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, pc := range pcs {
		n += len(pc.Parts)
	}
	return n
}

func TestCalendarInvitationSetsMeetings(t *testing.T) {
	e := newCalendarEnv(t)
	p := e.process(e.toCalendar(e.fixture("google-weekly-request.ics")))
	if p.Outcome != preread.OutcomeFiled || p.Kind != preread.AddressCalendar || len(p.Calendar) != 1 {
		t.Fatalf("Google's invitation = %s %q, %d updates; want filed, one update", p.Outcome, p.Reason, len(p.Calendar))
	}
	if u := p.Calendar[0]; u.Manager != "carol@corp.example" || u.Report != "bob@corp.example" || u.Part.Zone != "Europe/Berlin" {
		t.Errorf("the update is for %s:%s in %s, want carol:bob in Europe/Berlin", u.Manager, u.Report, u.Part.Zone)
	}
	if d := p.Due; d == nil || d.Kind != preread.ReplyFollows || d.To != "carol@corp.example" || d.Follows.Rule != "FREQ=WEEKLY;BYDAY=TU" {
		t.Errorf("the reply due is %+v, want Carol told what preread follows", d)
	}
	if got := e.parts(); got != 1 {
		t.Errorf("%d parts kept, want 1 (invite.ics is the same object)", got)
	}
	want := "Tue 6 Oct 10:00, Tue 13 Oct 10:00, Tue 20 Oct 10:00, Tue 27 Oct 10:00, Tue 3 Nov 10:00"
	if got := strings.Join(e.meetings("bob@corp.example"), ", "); got != want {
		t.Errorf("Bob's meetings = %s, want %s", got, want)
	}
	again := e.process(e.toCalendar(e.fixture("google-weekly-request.ics")))
	if again.Outcome != preread.OutcomeIgnored || !strings.Contains(again.Reason, "older or repeated") || again.Due != nil {
		t.Errorf("the same invitation again = %s %q, reply %+v; want ignored, unanswered", again.Outcome, again.Reason, again.Due)
	}
	e.now = time.Date(2026, 10, 28, 16, 45, 0, 0, time.UTC)
	moved := e.process(e.toCalendar(e.fixture("google-moved-occurrence.ics")))
	if moved.Outcome != preread.OutcomeFiled || moved.Due != nil {
		t.Errorf("the moved occurrence = %s %q, reply %+v; want filed, no second confirmation", moved.Outcome, moved.Reason, moved.Due)
	}
	if got := e.meetings("bob@corp.example"); len(got) != 5 || got[4] != "Wed 4 Nov 15:00" {
		t.Errorf("after the move Bob's meetings = %v, want Tue 3 Nov at Wed 4 Nov 15:00", got)
	}
}

// Fastmail's update with a higher SEQUENCE replaces the older object,
// which is no longer kept; the older one arriving again changes nothing.
func TestCalendarOlderUpdateChangesNothing(t *testing.T) {
	e := newCalendarEnv(t)
	for i, name := range []string{"fastmail-weekly.ics", "fastmail-weekly-seq1.ics", "fastmail-weekly.ics"} {
		p := e.process(e.toCalendar(e.fixture(name, "lena@fastmail.example", "carol@corp.example", "omar@corp.example", "bob@corp.example")))
		want := preread.OutcomeFiled
		if i == 2 {
			want = preread.OutcomeIgnored
		}
		if p.Outcome != want {
			t.Errorf("%s (%d) = %s %q, want %s", name, i, p.Outcome, p.Reason, want)
		}
	}
	if got := e.parts(); got != 1 {
		t.Errorf("%d parts kept, want the newer one alone", got)
	}
	ms := e.meetings("bob@corp.example")
	if len(ms) == 0 {
		t.Error("no meetings in October and November, want the newer update's")
	}
	for _, m := range ms {
		if !strings.HasSuffix(m, "11:30") {
			t.Errorf("a meeting at %s, want 11:30 as the newer update says", m)
		}
	}
}

// Exchange names Carol by another case and Bob by his alias; its Windows
// zone is read as Berlin's.
func TestCalendarExchangeAliases(t *testing.T) {
	e := newCalendarEnv(t)
	p := e.process(e.toCalendar(e.fixture("exchange-weekly-exdate.ics")))
	if p.Outcome != preread.OutcomeFiled || len(p.Calendar) != 1 || p.Calendar[0].Report != "bob@corp.example" {
		t.Fatalf("Exchange's invitation = %s %q %+v, want filed for carol:bob", p.Outcome, p.Reason, p.Calendar)
	}
	if got := e.meetings("bob@corp.example"); len(got) == 0 || got[0] != "Tue 6 Oct 10:00" {
		t.Errorf("Bob's meetings = %v, want Tuesdays at 10:00 from 6 Oct", got)
	}
}

// What fits no single 1:1 is filed nowhere: a known, authenticated sender
// is told why, a calendar server never; an all-day event is ignored
// without a word; a forged sender without a token is refused.
func TestCalendarMailThatFitsNoPair(t *testing.T) {
	e := newCalendarEnv(t)
	calendarAddr := mailbox.Build(preread.SubAddress{Kind: preread.AddressCalendar, Token: e.token})
	group := e.fixture("google-weekly-request.ics",
		"SUMMARY:Mara / Ravi 1:1", "SUMMARY:Platform sync\r\nATTENDEE:mailto:alice@corp.example")
	authenticated := []string{"Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example",
		"From: Carol Danvers <carol@corp.example>", "To: " + calendarAddr, "Subject: Invitation: Platform sync"}
	cases := []struct {
		name    string
		raw     []byte
		outcome preread.Outcome
		reason  string
		reply   bool
	}{
		{"a group event from a calendar server", e.toCalendar(group), preread.OutcomeIgnored, "fits 2 1:1s", false},
		{"a group event from Carol", e.mail(authenticated, group), preread.OutcomeIgnored, "fits 2 1:1s", true},
		{"an all-day event from Carol", e.mail(authenticated, e.fixture("google-allday.ics")), preread.OutcomeIgnored, "all day", false},
		{"Carol forged, no token", e.mail([]string{"From: carol@corp.example", "To: preread+calendar@corp.example", "Subject: x"},
			e.fixture("google-weekly-request.ics")), preread.OutcomeRejected, "not authenticated", false},
		{"a guessed token", e.mail([]string{"From: eve@evil.example", "To: preread+calendar.aaaaaaaaaaaaaaaa@corp.example", "Subject: x"},
			e.fixture("google-weekly-request.ics")), preread.OutcomeRejected, "unknown calendar token", false},
	}
	for _, tc := range cases {
		p := e.process(tc.raw)
		if p.Outcome != tc.outcome || !strings.Contains(p.Reason, tc.reason) {
			t.Errorf("%s = %s %q, want %s …%s…", tc.name, p.Outcome, p.Reason, tc.outcome, tc.reason)
		}
		if got := p.Due != nil && p.Due.Kind == preread.ReplyCalendar && p.Due.To == "carol@corp.example"; got != tc.reply || !tc.reply && p.Due != nil {
			t.Errorf("%s: reply %+v, want one to Carol: %v", tc.name, p.Due, tc.reply)
		}
	}
	if got := e.parts(); got != 0 {
		t.Errorf("%d parts kept, want none", got)
	}
	// Carol's own authenticated mail without a token counts for an event
	// she organizes.
	own := e.mail([]string{"Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example",
		"From: carol@corp.example", "To: preread+calendar@corp.example", "Subject: Invitation"}, e.fixture("google-weekly-request.ics"))
	if p := e.process(own); p.Outcome != preread.OutcomeFiled {
		t.Errorf("Carol's authenticated invitation without a token = %s %q, want filed", p.Outcome, p.Reason)
	}
}

// An .ics sent to an agenda address sets the 1:1 it fits; one that fits
// no 1:1 of the sender's is a topic like any other.
func TestCalendarToTheAgendaAddress(t *testing.T) {
	e := newCalendarEnv(t)
	ctx := t.Context()
	token, err := e.db.Token(ctx, "bob@corp.example")
	if err != nil {
		t.Fatal(err)
	}
	agenda := mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: token})
	header := []string{"From: Bob Marley <bob@corp.example>", "To: " + agenda, "Subject: Fwd: our 1:1"}
	if p := e.process(e.mail(header, e.fixture("google-weekly-request.ics"))); p.Outcome != preread.OutcomeFiled || len(p.Calendar) != 1 {
		t.Errorf("Bob's forwarded 1:1 = %s %q, want its calendar filed", p.Outcome, p.Reason)
	}
	conference := e.fixture("google-weekly-request.ics", "ORGANIZER;CN=Mara Manager:mailto:carol@corp.example",
		"ORGANIZER:mailto:events@gophercon.example", "7kq3m1v9d2h8s4t6u0w2y5a1c3@google.com", "gophercon@google.com")
	header[2] = "Subject: Can I go to GopherCon?"
	p := e.process(e.mail(header, conference))
	if p.Outcome != preread.OutcomeFiled || p.Agenda == nil || len(p.Calendar) != 0 {
		t.Errorf("Bob's conference invitation = %s %q, want an agenda item", p.Outcome, p.Reason)
	}
}

// Calendar mail too big to read fails unanswered: it may come from a
// calendar server.
func TestCalendarMailTooBig(t *testing.T) {
	e := newCalendarEnv(t)
	header := "From: Carol Danvers <carol@corp.example>\r\nAuthentication-Results: mx.corp.example; dkim=pass header.d=corp.example\r\n" +
		"To: " + mailbox.Build(preread.SubAddress{Kind: preread.AddressCalendar, Token: e.token}) + "\r\nSubject: x\r\nMessage-ID: <big@x>\r\n"
	p, err := e.c.TooBig(t.Context(), []byte(header), 30<<20, 10<<20, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Outcome != preread.OutcomeFailed || p.Due != nil {
		t.Errorf("TooBig = %s %q, reply %+v; want failed, unanswered", p.Outcome, p.Reason, p.Due)
	}
}

// Whoever knows a calendar address can't make a pair follow events
// without end: past 16 at once a new one is refused, with the reason,
// even from the organizer.
func TestCalendarEventsAreBounded(t *testing.T) {
	e := newCalendarEnv(t)
	for i := range 17 {
		cal := e.fixture("google-weekly-request.ics", "7kq3m1v9d2h8s4t6u0w2y5a1c3@google.com", fmt.Sprintf("series-%d@google.com", i))
		p := e.process(e.fromOrganizer(cal))
		if i < 16 && p.Outcome != preread.OutcomeFiled {
			t.Fatalf("event %d = %s %q, want filed", i, p.Outcome, p.Reason)
		}
		if i == 16 && (p.Outcome != preread.OutcomeIgnored || !strings.Contains(p.Reason, "16 calendar events already")) {
			t.Errorf("the 17th event = %s %q, want refused", p.Outcome, p.Reason)
		}
	}
}

// SKIP next 1:1 skips the calendar's next meeting, not the rule's.
func TestCalendarSkipNextMeeting(t *testing.T) {
	e := newCalendarEnv(t) // Mon 19 Oct 2026; Carol and Bob meet every other Thursday by the rule
	e.process(e.toCalendar(e.fixture("google-weekly-request.ics")))
	token, err := e.db.Token(t.Context(), "bob@corp.example")
	if err != nil {
		t.Fatal(err)
	}
	status := mailbox.Build(preread.SubAddress{Kind: preread.AddressStatus, Token: token})
	p := e.process([]byte("From: bob@corp.example\r\nTo: " + status + "\r\nSubject: SKIP next 1:1\r\nMessage-ID: <skip@corp.example>\r\n\r\n"))
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if c := p.Command; c == nil || !c.Done() || !c.Meeting.Equal(time.Date(2026, 10, 20, 10, 0, 0, 0, berlin)) ||
		!c.Next.Equal(time.Date(2026, 10, 27, 10, 0, 0, 0, berlin)) {
		t.Errorf("SKIP next 1:1 = %s %q %+v, want Tue 20 Oct 10:00 skipped, Tue 27 Oct next, as the calendar says", p.Outcome, p.Reason, p.Command)
	}
}

// A pair keeps of an invitation only the event's lines (no description,
// no alarm), and at most 100 updates: past them one more is refused with
// the reason and the way out, even from the organizer, and the first
// hundred still set the meetings.
func TestCalendarPartsAreBoundedAndTrimmed(t *testing.T) {
	e := newCalendarEnv(t)
	first := e.fixture("google-weekly-request.ics")
	if p := e.process(e.fromOrganizer(first)); p.Outcome != preread.OutcomeFiled {
		t.Fatalf("the invitation = %s %q, want filed", p.Outcome, p.Reason)
	}
	pc, err := e.db.PairCalendar(t.Context(), "carol@corp.example", "bob@corp.example", nil)
	if err != nil || len(pc.Parts) != 1 {
		t.Fatalf("PairCalendar = %+v, %v; want one part", pc, err)
	}
	kept := string(pc.Parts[0].Data)
	if strings.Contains(kept, "VALARM") || strings.Contains(kept, "Google Meet") || !strings.Contains(kept, "RRULE:FREQ=WEEKLY") ||
		len(kept) >= len(first) || pc.Parts[0].Size != len(kept) {
		t.Errorf("kept %d of %d bytes (size %d):\n%s\nwant the event's lines alone", len(kept), len(first), pc.Parts[0].Size, kept)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	moved := e.fixture("google-moved-occurrence.ics")
	for i := range 100 {
		day := time.Date(2026, 10, 6, 10, 0, 0, 0, berlin).AddDate(0, 0, 7*i)
		cal := strings.NewReplacer("RECURRENCE-ID;TZID=Europe/Berlin:20261103T100000", "RECURRENCE-ID;TZID=Europe/Berlin:"+day.Format("20060102T150405"),
			"DTSTART;TZID=Europe/Berlin:20261104T150000", "DTSTART;TZID=Europe/Berlin:"+day.Add(time.Hour).Format("20060102T150405"),
			"DTEND;TZID=Europe/Berlin:20261104T153000", "DTEND;TZID=Europe/Berlin:"+day.Add(90*time.Minute).Format("20060102T150405")).Replace(moved)
		p := e.process(e.fromOrganizer(cal))
		if i < 99 && p.Outcome != preread.OutcomeFiled {
			t.Fatalf("override %d = %s %q, want filed", i, p.Outcome, p.Reason)
		}
		if i == 99 && (p.Outcome != preread.OutcomeIgnored || !strings.Contains(p.Reason, "100 calendar updates") ||
			!strings.Contains(p.Reason, "preread meetings --reset")) {
			t.Errorf("the 101st update = %s %q, want refused, naming the reset", p.Outcome, p.Reason)
		}
	}
	if n := e.parts(); n != 100 {
		t.Errorf("%d parts kept, want 100", n)
	}
	if got := e.meetings("bob@corp.example"); len(got) == 0 || got[0] != "Tue 6 Oct 11:00" {
		t.Errorf("meetings = %v, want the overrides' 11:00 first", got)
	}
}
