package calendar

import (
	"slices"
	"testing"
	"time"
)

// TestFixtures reads each server's invitation alone and lists its meetings.
func TestFixtures(t *testing.T) {
	chicago := load(t, "America/Chicago")
	tests := []struct {
		file      string
		method    Method
		organizer string
		attendees []string // some of them
		zone      string   // of the master's start
		from, to  string
		want      []string
	}{
		{"google-weekly-request.ics", Request, "mara@corp.example",
			[]string{"ravi@corp.example", "preread+calendar.k7qm2xw4hb3nd5fa@corp.example"},
			"Europe/Berlin", "2026-10-19", "2026-11-04",
			[]string{"Tue 2026-10-20 10:00 +0200", "Tue 2026-10-27 10:00 +0100", "Tue 2026-11-03 10:00 +0100"}},
		{"exchange-weekly-exdate.ics", Request, "mara.manager@corp.example",
			[]string{"ravi.report@corp.example", "preread+calendar.k7qm2xw4hb3nd5fa@corp.example"},
			"Europe/Berlin", "2026-12-08", "2027-01-13",
			[]string{"Tue 2026-12-08 10:00 +0100", "Tue 2026-12-15 10:00 +0100", "Tue 2027-01-05 10:00 +0100", "Tue 2027-01-12 10:00 +0100"}},
		// UNTIL=20270330T080000Z is 10:00 CEST on 30 Mar, the last meeting,
		// two days after DST began.
		{"exchange-weekly-exdate.ics", Request, "mara.manager@corp.example", nil,
			"Europe/Berlin", "2027-03-20", "2027-05-01",
			[]string{"Tue 2027-03-23 10:00 +0100", "Tue 2027-03-30 10:00 +0200"}},
		{"outlook-customized-zone.ics", Request, "pat@corp.example", []string{"ravi@corp.example"},
			"UTC-08:00", "2026-10-01", "2026-11-13",
			[]string{"Thu 2026-10-29 09:00 -0700", "Thu 2026-11-05 09:00 -0800", "Thu 2026-11-12 09:00 -0800"}},
		{"outlook-display-name-zone.ics", Request, "mara@corp.example", []string{"ravi@corp.example"},
			"UTC+01:00", "2026-10-01", "2026-11-18",
			[]string{"Tue 2026-10-20 16:00 +0200", "Tue 2026-11-03 16:00 +0100", "Tue 2026-11-17 16:00 +0100"}},
		{"icloud-new-york-rdate.ics", Request, "dana@corp.example",
			[]string{"sam@corp.example", "preread+calendar.d5ya3kqz7mwb2xe4@corp.example"},
			"America/New_York", "2026-10-22", "2026-11-28",
			[]string{"Thu 2026-10-22 09:30 -0400", "Thu 2026-10-29 09:30 -0400", "Thu 2026-11-05 09:30 -0500",
				"Thu 2026-11-12 09:30 -0500", "Thu 2026-11-19 09:30 -0500", "Thu 2026-11-26 09:30 -0500",
				"Fri 2026-11-27 09:30 -0500"}},
		{"fastmail-weekly.ics", Request, "lena@fastmail.example", []string{"omar@corp.example"},
			"Europe/Berlin", "2026-10-20", "2026-11-01",
			[]string{"Wed 2026-10-21 09:00 +0200", "Wed 2026-10-28 09:00 +0100"}},
		{"thunderbird-exdate-rdate.ics", Request, "jo@corp.example", []string{"jo@corp.example", "kim@corp.example"},
			"Europe/Berlin", "2026-03-01", "2026-06-01",
			[]string{"Mon 2026-03-09 09:00 +0100", "Mon 2026-03-16 09:00 +0100", "Thu 2026-03-26 09:00 +0100",
				"Mon 2026-03-30 09:00 +0200", "Thu 2026-04-09 09:00 +0200", "Mon 2026-04-13 09:00 +0200",
				"Mon 2026-04-20 09:00 +0200", "Mon 2026-04-27 09:00 +0200"}},
		{"floating-time.ics", Publish, "mara@corp.example", []string{"ravi@corp.example"},
			"America/Chicago", "2026-11-01", "2026-12-01",
			[]string{"Thu 2026-11-05 14:30 -0600", "Thu 2026-11-12 14:30 -0600", "Thu 2026-11-19 14:30 -0600"}},
		{"google-allday.ics", Request, "mara@corp.example", []string{"ravi@corp.example"},
			"America/Chicago", "2026-11-01", "2026-12-01", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			inv := one(t, tt.file, chicago)
			if inv.Method != tt.method || !inv.Method.Schedules() {
				t.Errorf("Method = %q, want %q", inv.Method, tt.method)
			}
			if got := inv.Organizer(); got != tt.organizer {
				t.Errorf("Organizer() = %q, want %q", got, tt.organizer)
			}
			for _, a := range tt.attendees {
				if !slices.Contains(inv.Attendees(), a) {
					t.Errorf("Attendees() = %q, want %q among them", inv.Attendees(), a)
				}
			}
			if inv.Master == nil {
				t.Fatal("no master")
			}
			if got := inv.Master.Start.Location().String(); got != tt.zone {
				t.Errorf("master zone = %q, want %q", got, tt.zone)
			}
			var s Series
			s.Apply(inv)
			got := starts(s.Between(day(tt.from), day(tt.to)))
			if !equal(got, tt.want) {
				t.Errorf("Between(%s, %s) =\n%q\nwant\n%q", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// TestFixtureDetails checks what the table above does not: lengths,
// revisions, all-day and floating marks, cancellations.
func TestFixtureDetails(t *testing.T) {
	chicago := load(t, "America/Chicago")
	fm := one(t, "fastmail-weekly.ics", nil).Master
	if d := fm.End.Sub(fm.Start); d != 30*time.Minute {
		t.Errorf("fastmail DURATION:PT30M: End-Start = %v", d)
	}
	fm1 := one(t, "fastmail-weekly-seq1.ics", nil).Master
	if fm1.Revision.Compare(fm.Revision) <= 0 || fm1.Revision.Sequence != 1 {
		t.Errorf("seq1 revision %+v not newer than %+v", fm1.Revision, fm.Revision)
	}
	ad := one(t, "google-allday.ics", chicago).Master
	if !ad.AllDay || ad.Floating || ad.End.Sub(ad.Start) != 24*time.Hour {
		t.Errorf("all-day event: AllDay %v, Floating %v, %v to %v", ad.AllDay, ad.Floating, ad.Start, ad.End)
	}
	fl := one(t, "floating-time.ics", chicago).Master
	if !fl.Floating || fl.Start.Location() != chicago {
		t.Errorf("floating event: Floating %v in %v", fl.Floating, fl.Start.Location())
	}
	if ex := one(t, "exchange-weekly-exdate.ics", nil).Master; ex.Floating || ex.AllDay || len(ex.ExDates) != 2 || ex.Rule == "" {
		t.Errorf("exchange master: Floating %v AllDay %v ExDates %v Rule %q", ex.Floating, ex.AllDay, ex.ExDates, ex.Rule)
	}

	cancel := one(t, "google-cancel-occurrence.ics", nil)
	if cancel.Method != Cancel || cancel.Master != nil || len(cancel.Overrides) != 1 || !cancel.Overrides[0].Cancelled {
		t.Fatalf("google cancel: %+v", cancel)
	}
	if k := cancel.Overrides[0].Key(); k.RecurrenceID != "20261110T090000Z" {
		t.Errorf("cancelled occurrence key = %+v", k)
	}
	moved := one(t, "exchange-moved-occurrence.ics", nil)
	if moved.Master != nil || len(moved.Overrides) != 1 {
		t.Fatalf("exchange moved: %+v", moved)
	}
	o := moved.Overrides[0]
	if o.Cancelled || o.RecurrenceID.Format(time.RFC3339) != "2026-11-17T10:00:00+01:00" ||
		o.Start.Format(time.RFC3339) != "2026-11-18T14:00:00+01:00" {
		t.Errorf("exchange moved occurrence: RECURRENCE-ID %v, Start %v", o.RecurrenceID, o.Start)
	}
	series := one(t, "exchange-cancel-series.ics", nil)
	if series.Method != Cancel || series.Master == nil || !series.Master.Cancelled || series.Master.Revision.Sequence != 2 {
		t.Errorf("exchange cancelled series: %+v", series)
	}
}
