package mailin_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin"
)

// heldSource serves calendars from memory as the store does: a part the
// reader has parsed comes without its data.
type heldSource map[string]preread.PairCalendar

func (h heldSource) Calendars(_ context.Context, have func(int64) bool) (map[string]preread.PairCalendar, error) {
	out := make(map[string]preread.PairCalendar, len(h))
	for key, pc := range h {
		parts := make([]preread.CalendarPart, len(pc.Parts))
		for i, p := range pc.Parts {
			if have(p.ID) {
				p.Data = nil
			}
			parts[i] = p
		}
		out[key] = preread.PairCalendar{Parts: parts, Named: pc.Named}
	}
	return out, nil
}

// benchCalendar is one VCALENDAR of a VTIMEZONE for Berlin and events.
func benchCalendar(events ...string) []byte {
	return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" +
		"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n" +
		"BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n" +
		"END:VTIMEZONE\r\n" + strings.Join(events, "") + "END:VCALENDAR\r\n")
}

func benchEvent(uid, seq string, lines ...string) string {
	return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:" + seq +
		"\r\nORGANIZER:mailto:m@corp.example\r\nATTENDEE:mailto:r@corp.example\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\n"
}

// BenchmarkCalendarTick is what one planner tick spends on calendars: the
// schedules of every pair loaded (each part parsed once, on the first
// tick) and each pair's meetings and cancellations expanded over the span
// the planner looks at (a week back, 400 days ahead). Pairs follow a
// weekly series begun two years ago, with three occurrences moved and one
// cancelled; "hostile" is one pair following 16 daily series begun in
// 1900, the most a calendar address lets anyone add.
func BenchmarkCalendarTick(b *testing.B) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	weekly := func(uid string) []byte {
		return benchCalendar(benchEvent(uid, "0", "DTSTART;TZID=Europe/Berlin:20241001T100000", "DTEND;TZID=Europe/Berlin:20241001T103000", "RRULE:FREQ=WEEKLY;BYDAY=TU"),
			benchEvent(uid, "1", "RECURRENCE-ID;TZID=Europe/Berlin:20261208T100000", "DTSTART;TZID=Europe/Berlin:20261209T150000", "DTEND;TZID=Europe/Berlin:20261209T153000"),
			benchEvent(uid, "1", "RECURRENCE-ID;TZID=Europe/Berlin:20261215T100000", "DTSTART;TZID=Europe/Berlin:20261215T110000", "DTEND;TZID=Europe/Berlin:20261215T113000"),
			benchEvent(uid, "1", "RECURRENCE-ID;TZID=Europe/Berlin:20270105T100000", "DTSTART;TZID=Europe/Berlin:20270106T100000", "DTEND;TZID=Europe/Berlin:20270106T103000"),
			benchEvent(uid, "1", "RECURRENCE-ID;TZID=Europe/Berlin:20261222T100000", "DTSTART;TZID=Europe/Berlin:20261222T100000", "STATUS:CANCELLED"))
	}
	hostile := preread.PairCalendar{}
	for i := range 16 {
		uid := fmt.Sprintf("daily-%d", i)
		hostile.Parts = append(hostile.Parts, preread.CalendarPart{ID: int64(i + 1), UID: uid, Zone: "Europe/Berlin",
			Data: benchCalendar(benchEvent(uid, "0", fmt.Sprintf("DTSTART;TZID=Europe/Berlin:19000101T%02d0000", i%10+8), "DURATION:PT30M", "RRULE:FREQ=DAILY"))})
	}
	for _, tt := range []struct {
		name string
		src  heldSource
	}{
		{"pairs=1000", func() heldSource {
			src := heldSource{}
			for i := range 1000 {
				uid := fmt.Sprintf("weekly-%d@corp.example", i)
				src[fmt.Sprintf("m%d:r%d", i, i)] = preread.PairCalendar{Parts: []preread.CalendarPart{{ID: int64(i + 1), UID: uid, Zone: "Europe/Berlin", Data: weekly(uid)}}}
			}
			return src
		}()},
		{"hostile", heldSource{"m:r": hostile}},
	} {
		b.Run(tt.name, func(b *testing.B) { benchTick(b, tt.src, now, false) })
		b.Run(tt.name+"/first", func(b *testing.B) { benchTick(b, tt.src, now, true) })
	}
}

// benchTick loads the schedules and expands them, as a tick does; first
// starts each tick afresh, as the first after a start does.
func benchTick(b *testing.B, src heldSource, now time.Time, first bool) {
	var s mailin.Schedules
	meetings := 0
	for b.Loop() {
		if first {
			s = mailin.Schedules{}
		}
		schedules, err := s.Load(b.Context(), src)
		if err != nil || len(schedules) != len(src) {
			b.Fatalf("Load = %d schedules, %v; want %d", len(schedules), err, len(src))
		}
		meetings = 0
		for _, sch := range schedules {
			meetings += len(sch.Between(now.Add(-7*24*time.Hour), now.Add(400*24*time.Hour)))
			sch.Cancelled(now.Add(-7*24*time.Hour), now.Add(400*24*time.Hour))
		}
	}
	b.ReportMetric(float64(meetings), "meetings/tick")
}
