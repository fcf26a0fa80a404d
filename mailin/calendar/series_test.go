package calendar

import (
	"bytes"
	"strings"
	"testing"
)

// TestSeriesFollowsGoogle applies a series, a moved occurrence and a
// cancelled one in every order: the meetings come out the same.
func TestSeriesFollowsGoogle(t *testing.T) {
	invs := []Invitation{
		one(t, "google-weekly-request.ics", nil),
		one(t, "google-moved-occurrence.ics", nil),
		one(t, "google-cancel-occurrence.ics", nil),
	}
	want := []string{"Tue 2026-10-27 10:00 +0100", "Wed 2026-11-04 15:00 +0100*", "Tue 2026-11-17 10:00 +0100"}
	for _, order := range [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		var s Series
		for _, i := range order {
			if !s.Apply(invs[i]) {
				t.Errorf("order %v: Apply(%d) changed nothing", order, i)
			}
		}
		occs := s.Between(day("2026-10-26"), day("2026-11-18"))
		if got := starts(occs); !equal(got, want) {
			t.Errorf("order %v: Between = %q, want %q", order, got, want)
			continue
		}
		// The moved meeting keeps the key of Tuesday 3 November, 10:00 CET.
		if k := occs[1].Key(); k.RecurrenceID != "20261103T090000Z" || k.UID != invs[0].UID {
			t.Errorf("order %v: moved meeting key = %+v", order, k)
		}
		for _, inv := range invs {
			if s.Apply(inv) {
				t.Errorf("order %v: applying %s twice changed the series", order, inv.Method)
			}
		}
	}
}

// TestSeriesCancelled cancels an Exchange series: nothing remains, and the
// original request arriving late does not bring it back.
func TestSeriesCancelled(t *testing.T) {
	var s Series
	s.Apply(one(t, "exchange-weekly-exdate.ics", nil))
	s.Apply(one(t, "exchange-moved-occurrence.ics", nil))
	got := starts(s.Between(day("2026-11-16"), day("2026-11-25")))
	if want := []string{"Wed 2026-11-18 14:00 +0100*", "Tue 2026-11-24 10:00 +0100"}; !equal(got, want) {
		t.Errorf("before the cancel: %q, want %q", got, want)
	}
	if !s.Apply(one(t, "exchange-cancel-series.ics", nil)) {
		t.Fatal("the cancel changed nothing")
	}
	if got := s.Between(day("2026-01-01"), day("2028-01-01")); len(got) != 0 {
		t.Errorf("a cancelled series has meetings: %q", starts(got))
	}
	if s.Apply(one(t, "exchange-weekly-exdate.ics", nil)) {
		t.Error("the older request, arriving late, changed the cancelled series")
	}
}

// TestSeriesSequence applies Fastmail's SEQUENCE 1 update before and after
// SEQUENCE 0: the newer wins either way.
func TestSeriesSequence(t *testing.T) {
	old, updated := one(t, "fastmail-weekly.ics", nil), one(t, "fastmail-weekly-seq1.ics", nil)
	want := []string{"Wed 2026-10-14 11:30 +0200"}
	for _, order := range [][]Invitation{{old, updated}, {updated, old}} {
		var s Series
		s.Apply(order[0])
		s.Apply(order[1])
		occs := s.Between(day("2026-10-13"), day("2026-10-15"))
		if got := starts(occs); !equal(got, want) {
			t.Errorf("Between = %q, want %q", got, want)
		} else if d := occs[0].End.Sub(occs[0].Start); d.Minutes() != 45 {
			t.Errorf("meeting lasts %v, want 45m", d)
		}
	}
}

// TestApplyRules covers the ordering of revisions and what Apply ignores.
func TestApplyRules(t *testing.T) {
	at := func(method, seq, stamp, start string) Invitation {
		data := calendar(method, event("SEQUENCE:"+seq, "DTSTART:"+start, "RRULE:FREQ=WEEKLY"))
		data = bytes.Replace(data, []byte("DTSTAMP:20260101T000000Z"), []byte("DTSTAMP:"+stamp), 1)
		invs, err := Parse(data, nil)
		if err != nil || len(invs) != 1 {
			t.Fatalf("Parse: %v", err)
		}
		return invs[0]
	}
	check := func(s *Series, want string) {
		t.Helper()
		got := starts(s.Between(day("2026-03-02"), day("2026-03-09")))
		if !equal(got, []string{want}) {
			t.Errorf("Between = %q, want %q", got, want)
		}
	}
	var s Series
	s.Apply(at("REQUEST", "1", "20260201T000000Z", "20260302T100000Z"))
	if s.Apply(at("REQUEST", "1", "20260131T000000Z", "20260302T110000Z")) {
		t.Error("same SEQUENCE, earlier DTSTAMP: applied")
	}
	if !s.Apply(at("REQUEST", "1", "20260202T000000Z", "20260302T120000Z")) {
		t.Error("same SEQUENCE, later DTSTAMP: not applied")
	}
	check(&s, "Mon 2026-03-02 12:00 +0000")
	if s.Apply(at("REQUEST", "0", "20260301T000000Z", "20260302T130000Z")) {
		t.Error("lower SEQUENCE, later DTSTAMP: applied")
	}
	for _, m := range []string{"REPLY", "COUNTER", "REFRESH", "ADD", "DECLINECOUNTER"} {
		if s.Apply(at(m, "9", "20260301T000000Z", "20260302T140000Z")) {
			t.Errorf("METHOD:%s changed the series", m)
		}
	}
	other := at("REQUEST", "9", "20260301T000000Z", "20260302T140000Z")
	other.UID = "another@corp.example"
	if s.Apply(other) {
		t.Error("another UID changed the series")
	}
	check(&s, "Mon 2026-03-02 12:00 +0000")
	if !s.Apply(at("", "2", "20260301T000000Z", "20260302T150000Z")) {
		t.Error("a plain .ics file (no METHOD) is not read as PUBLISH")
	}
	check(&s, "Mon 2026-03-02 15:00 +0000")
}

// TestOverrides covers overrides that move across the window, stale ones,
// and a series known only by its overrides.
func TestOverrides(t *testing.T) {
	master := event("DTSTART:20260302T100000Z", "DTEND:20260302T103000Z", "RRULE:FREQ=WEEKLY")
	override := func(rid, start string) string {
		return "BEGIN:VEVENT\r\nUID:test-1@corp.example\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:1\r\n" +
			"RECURRENCE-ID:" + rid + "\r\nDTSTART:" + start + "\r\nDURATION:PT30M\r\nEND:VEVENT"
	}
	s := seriesOf(t, calendar("REQUEST", master,
		override("20260316T100000Z", "20260302T140000Z"), // moved two weeks back
		override("20260309T100000Z", "20260330T090000Z"), // moved out of the window
		override("20260310T100000Z", "20260303T090000Z"), // stale: no such occurrence
	), nil)
	got := starts(s.Between(day("2026-03-02"), day("2026-03-24")))
	want := []string{"Mon 2026-03-02 10:00 +0000", "Mon 2026-03-02 14:00 +0000*", "Mon 2026-03-23 10:00 +0000"}
	if !equal(got, want) {
		t.Errorf("Between = %q, want %q", got, want)
	}

	only := seriesOf(t, calendar("REQUEST", override("20260316T100000Z", "20260317T100000Z")), nil)
	if got := starts(only.Between(day("2026-03-01"), day("2026-04-01"))); !equal(got, []string{"Tue 2026-03-17 10:00 +0000"}) {
		t.Errorf("overrides alone: Between = %q", got)
	}
}

// TestSingleEventKey checks that the one meeting of an event that does not
// recur keeps its key when the organizer moves it.
func TestSingleEventKey(t *testing.T) {
	first := seriesOf(t, calendar("REQUEST", event("DTSTART:20260302T100000Z")), nil)
	moved := seriesOf(t, calendar("REQUEST", event("SEQUENCE:1", "DTSTART:20260303T100000Z")), nil)
	a := first.Between(day("2026-03-01"), day("2026-03-05"))
	b := moved.Between(day("2026-03-01"), day("2026-03-05"))
	if len(a) != 1 || len(b) != 1 || a[0].Key() != b[0].Key() || a[0].Key().RecurrenceID != "" {
		t.Errorf("single event keys: %+v and %+v", a, b)
	}
}

// TestNewerMasterResetsOlderOverrides: an occurrence moved at SEQUENCE 1
// is put back by a master of SEQUENCE 2 that does not bring it again, and
// stays moved when the master brings it; in every order of arrival.
func TestNewerMasterResetsOlderOverrides(t *testing.T) {
	utc := load(t, "UTC")
	parse := func(data []byte) Invitation {
		t.Helper()
		invs, err := Parse(data, utc)
		if err != nil || len(invs) != 1 || invs[0].Err != nil {
			t.Fatalf("Parse = %v, %v", invs, err)
		}
		return invs[0]
	}
	master := func(seq string) string {
		return event("SEQUENCE:"+seq, "DTSTART:20261103T090000Z", "DTEND:20261103T093000Z", "RRULE:FREQ=WEEKLY")
	}
	moved := event("SEQUENCE:1", "RECURRENCE-ID:20261110T090000Z", "DTSTART:20261111T140000Z", "DTEND:20261111T143000Z")
	first, move := parse(calendar("REQUEST", master("0"))), parse(calendar("REQUEST", moved))
	for _, tt := range []struct {
		name   string
		update Invitation
		want   []string
	}{
		{"master alone", parse(calendar("REQUEST", master("2"))), []string{"Tue 2026-11-03 09:00 +0000", "Tue 2026-11-10 09:00 +0000"}},
		{"master with the override", parse(calendar("REQUEST", master("2"), moved)), []string{"Tue 2026-11-03 09:00 +0000", "Wed 2026-11-11 14:00 +0000*"}},
		{"master of the same sequence", parse(calendar("REQUEST", strings.Replace(master("1"), "DTSTAMP:20260101", "DTSTAMP:20260201", 1))),
			[]string{"Tue 2026-11-03 09:00 +0000", "Wed 2026-11-11 14:00 +0000*"}},
	} {
		invs := []Invitation{first, move, tt.update}
		for _, order := range [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
			var s Series
			for _, i := range order {
				s.Apply(invs[i])
			}
			if got := starts(s.Between(day("2026-11-01"), day("2026-11-12"))); !equal(got, tt.want) {
				t.Errorf("%s, order %v: %q, want %q", tt.name, order, got, tt.want)
			}
		}
	}
}
