package calendar

import (
	"strings"
	"testing"
	"time"
)

// pacific is a VTIMEZONE with US Pacific rules, as Outlook writes a
// custom zone: observances from 1601.
const pacific = `BEGIN:VTIMEZONE
TZID:%s
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0700
TZOFFSETTO:-0800
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0800
TZOFFSETTO:-0700
END:DAYLIGHT
END:VTIMEZONE`

// vtz formats a VTIMEZONE template with a TZID, CRLF lines.
func vtz(template, tzid string) string {
	return strings.ReplaceAll(strings.Replace(template, "%s", tzid, 1), "\n", "\r\n")
}

// TestZones reads DTSTART in every form a TZID takes, and checks the
// instant and the zone.
func TestZones(t *testing.T) {
	tokyo := load(t, "Asia/Tokyo")
	chennai := `BEGIN:VTIMEZONE
TZID:(UTC+05:30) Chennai\, Kolkata\, Mumbai\, New Delhi
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
END:STANDARD
END:VTIMEZONE`
	rdates := `BEGIN:VTIMEZONE
TZID:%s
BEGIN:STANDARD
DTSTART:20251102T020000
RDATE:20261101T020000
TZOFFSETFROM:-0700
TZOFFSETTO:-0800
TZNAME:PST
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20260308T020000
RDATE:20270314T020000
TZOFFSETFROM:-0800
TZOFFSETTO:-0700
TZNAME:PDT
END:DAYLIGHT
END:VTIMEZONE`
	sydney := `BEGIN:VTIMEZONE
TZID:%s
BEGIN:STANDARD
DTSTART:16010405T030000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4
TZOFFSETFROM:+1100
TZOFFSETTO:+1000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16011004T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10
TZOFFSETFROM:+1000
TZOFFSETTO:+1100
END:DAYLIGHT
END:VTIMEZONE`
	bogusBerlin := `BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0900
TZOFFSETTO:+0900
END:STANDARD
END:VTIMEZONE`
	tests := []struct {
		name, vtimezone, dtstart string
		want                     string // the instant, UTC; "" for an error
		zone                     string
	}{
		{"IANA", "", "DTSTART;TZID=Europe/Berlin:20260715T100000", "2026-07-15T08:00:00Z", "Europe/Berlin"},
		{"IANA in winter", "", "DTSTART;TZID=Europe/Berlin:20260115T100000", "2026-01-15T09:00:00Z", "Europe/Berlin"},
		{"IANA named, VTIMEZONE ignored", vtz(bogusBerlin, ""), "DTSTART;TZID=Europe/Berlin:20260715T100000", "2026-07-15T08:00:00Z", "Europe/Berlin"},
		{"Windows name", "", "DTSTART;TZID=W. Europe Standard Time:20260715T100000", "2026-07-15T08:00:00Z", "Europe/Berlin"},
		{"Windows name quoted", "", `DTSTART;TZID="Pacific Standard Time":20260715T100000`, "2026-07-15T17:00:00Z", "America/Los_Angeles"},
		{"Windows name in winter", "", "DTSTART;TZID=Pacific Standard Time:20260115T100000", "2026-01-15T18:00:00Z", "America/Los_Angeles"},
		{"Windows name with VTIMEZONE", vtz(pacific, "Pacific Standard Time"), "DTSTART;TZID=Pacific Standard Time:20260715T100000", "2026-07-15T17:00:00Z", "America/Los_Angeles"},
		{"Mozilla prefix", "", "DTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20260715T100000", "2026-07-15T14:00:00Z", "America/New_York"},
		{"Exchange UTC", "", `DTSTART;TZID="tzone://Microsoft/Utc":20260715T100000`, "2026-07-15T10:00:00Z", "UTC"},
		{"custom, summer", vtz(pacific, "Customized Time Zone"), `DTSTART;TZID="Customized Time Zone":20260715T100000`, "2026-07-15T17:00:00Z", "UTC-08:00"},
		{"custom, winter", vtz(pacific, "Customized Time Zone"), `DTSTART;TZID="Customized Time Zone":20260115T100000`, "2026-01-15T18:00:00Z", "UTC-08:00"},
		{"custom, before the change", vtz(pacific, "Customized Time Zone"), `DTSTART;TZID="Customized Time Zone":20260308T013000`, "2026-03-08T09:30:00Z", "UTC-08:00"},
		{"custom, after the change", vtz(pacific, "Customized Time Zone"), `DTSTART;TZID="Customized Time Zone":20260308T033000`, "2026-03-08T10:30:00Z", "UTC-08:00"},
		{"custom, 2099", vtz(pacific, "Customized Time Zone"), `DTSTART;TZID="Customized Time Zone":20990715T100000`, "2099-07-15T17:00:00Z", "UTC-08:00"},
		{"custom, escaped commas", vtz(chennai, ""), `DTSTART;TZID="(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi":20260715T100000`, "2026-07-15T04:30:00Z", "UTC+05:30"},
		{"custom, RDATE onsets", vtz(rdates, "Vancouver RDATE"), "DTSTART;TZID=Vancouver RDATE:20261115T100000", "2026-11-15T18:00:00Z", "UTC-08:00"},
		{"custom, RDATE onsets in summer", vtz(rdates, "Vancouver RDATE"), "DTSTART;TZID=Vancouver RDATE:20260715T100000", "2026-07-15T17:00:00Z", "UTC-08:00"},
		{"custom, southern summer", vtz(sydney, "AUS custom"), "DTSTART;TZID=AUS custom:20260115T100000", "2026-01-14T23:00:00Z", "UTC+10:00"},
		{"custom, southern winter", vtz(sydney, "AUS custom"), "DTSTART;TZID=AUS custom:20260715T100000", "2026-07-15T00:00:00Z", "UTC+10:00"},
		{"UTC", "", "DTSTART:20260715T100000Z", "2026-07-15T10:00:00Z", "UTC"},
		{"floating", "", "DTSTART:20260715T100000", "2026-07-15T01:00:00Z", "Asia/Tokyo"},
		{"unknown TZID", "", "DTSTART;TZID=Mars/Olympus_Mons:20260715T100000", "", ""},
		{"machine's Local", "", "DTSTART;TZID=Local:20260715T100000", "", ""},
		{"VTIMEZONE without observances", "BEGIN:VTIMEZONE\r\nTZID:Empty\r\nEND:VTIMEZONE", "DTSTART;TZID=Empty:20260715T100000", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lines []string
			if tt.vtimezone != "" {
				lines = append(lines, tt.vtimezone)
			}
			data := calendar("REQUEST", append(lines, event(tt.dtstart))...)
			invs, err := Parse(data, tokyo)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			m := invs[0].Master
			if tt.want == "" {
				if m != nil || invs[0].Err == nil {
					t.Errorf("%s: read as %v, want an error", tt.dtstart, m)
				}
				return
			}
			if m == nil {
				t.Fatalf("%s: %v", tt.dtstart, invs[0].Err)
			}
			if got := m.Start.UTC().Format(time.RFC3339); got != tt.want {
				t.Errorf("%s = %s, want %s", tt.dtstart, got, tt.want)
			}
			if got := m.Start.Location().String(); got != tt.zone {
				t.Errorf("%s: zone %q, want %q", tt.dtstart, got, tt.zone)
			}
		})
	}
}

// TestVTimezoneMatchesIANA builds zones from the VTIMEZONEs that Google
// (Europe/Berlin, rules since 1970) and iCloud (America/New_York, since
// 2007) send, under other names so that the VTIMEZONE is used, and checks
// the offset against the IANA zone at noon on every day and at each hour
// around each change, for every year the rules hold.
func TestVTimezoneMatchesIANA(t *testing.T) {
	for _, tt := range []struct {
		file, tzid string
		from, to   int
	}{
		{"google-weekly-request.ics", "Europe/Berlin", 1981, 2099}, // EU rules since 1981 (1996 for October)
		{"icloud-new-york-rdate.ics", "America/New_York", 2007, 2099},
	} {
		ics := string(readFile(t, tt.file))
		ics = strings.ReplaceAll(ics, "TZID:"+tt.tzid, "TZID:Custom "+tt.tzid)
		ics = strings.ReplaceAll(ics, "TZID="+tt.tzid, "TZID=Custom "+tt.tzid)
		invs, err := Parse([]byte(ics), nil)
		if err != nil || invs[0].Master == nil {
			t.Fatalf("%s: %v %v", tt.file, err, invs)
		}
		custom := invs[0].Master.Start.Location()
		if strings.Contains(custom.String(), "Custom") {
			t.Fatalf("%s: zone %q, named by the sender's TZID", tt.file, custom)
		}
		iana := load(t, tt.tzid)
		first := tt.from
		if tt.tzid == "Europe/Berlin" {
			first = 1996
		}
		for d := time.Date(first, 1, 1, 12, 0, 0, 0, time.UTC); d.Year() <= tt.to; d = d.AddDate(0, 0, 1) {
			_, want := d.In(iana).Zone()
			if _, got := d.In(custom).Zone(); got != want {
				t.Fatalf("%s at %v: offset %d, IANA %d", tt.tzid, d, got, want)
			}
			if _, end := d.Add(24 * time.Hour).In(iana).Zone(); end != want {
				for h := time.Duration(0); h < 24*time.Hour; h += 30 * time.Minute {
					at := d.Add(h)
					_, w := at.In(iana).Zone()
					if _, g := at.In(custom).Zone(); g != w {
						t.Fatalf("%s at %v: offset %d, IANA %d", tt.tzid, at, g, w)
					}
				}
			}
		}
	}
}
