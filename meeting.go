package preread

import (
	"slices"
	"time"
)

// MeetingSource says where a pair's meeting comes from.
type MeetingSource string

// The sources of meetings: the config's meets rule, the series of a
// calendar invitation, an occurrence the calendar moved, and one it
// cancelled (listed, never held).
const (
	FromRule       MeetingSource = "rule"
	FromInvitation MeetingSource = "invitation"
	FromMoved      MeetingSource = "moved"
	FromCancelled  MeetingSource = "cancelled"
)

// CalendarKey names one meeting of a calendar: the event's UID and the
// occurrence's RECURRENCE-ID as a UTC date-time ("20261124T090000Z"), ""
// for an event that does not recur (RFC 5545 §3.8.4.4).
type CalendarKey struct {
	UID          string
	RecurrenceID string
}

// Meeting is one 1:1 of a pair.
type Meeting struct {
	Start, End time.Time
	// At names the meeting wherever preread refers to it: its pre-read's
	// period, the numbers that pre-read gave, the notes and action items
	// of it. A rule's meeting is named by its start. A calendar's is
	// named by the start its series gave it (the RECURRENCE-ID), or the
	// start it had when its pre-read was made, so a move keeps its name.
	At     time.Time
	Key    CalendarKey // the calendar's name for it; zero for a rule's meeting
	Source MeetingSource
}

// Schedule is a pair's meetings as its calendar sets them.
type Schedule interface {
	// Between lists the meetings that start at or after from and before
	// to, by start, each moved one at its new time.
	Between(from, to time.Time) []Meeting
	// Cancelled lists the occurrences the calendar cancelled whose
	// original start is in the span, by that start.
	Cancelled(from, to time.Time) []Meeting
}

// CalendarPart is one calendar object (the bytes of a text/calendar part)
// accepted for a pair, with the time zone its floating times are read in.
type CalendarPart struct {
	ID   int64
	UID  string // the event it was accepted for
	Data []byte // nil when the reader has it parsed already
	Zone string // an IANA name
	Size int    // of Data, in bytes, as stored
}

// PairCalendar is what preread holds of one pair's calendar: the parts
// accepted for it, and the names (At) of its meetings that have a
// pre-read, by their calendar key.
type PairCalendar struct {
	Parts []CalendarPart
	Named map[CalendarKey]time.Time
}

// CalendarUpdate is an invitation, update or cancellation accepted for a
// pair: the calendar part to keep, and the parts it makes useless.
type CalendarUpdate struct {
	Manager, Report string
	Part            CalendarPart
	Drop            []int64 // IDs of the pair's parts that no longer add anything
}

// meetingHorizon bounds how far ahead a pair's meetings are looked for,
// as a rule's are (maxOccurrenceYears).
const meetingHorizon = maxOccurrenceYears * 366 * 24 * time.Hour

// Meetings lists up to n meetings that start strictly after the instant,
// leaving out skipped dates and the holidays given: the calendar's once an
// invitation set the pair's meetings, else the config's rule.
func (p Pair) Meetings(after time.Time, n int, holidays []Date) []Meeting {
	if n <= 0 {
		return nil
	}
	if p.Calendar == nil {
		var out []Meeting
		for _, t := range p.Meets.Occurrences(after, n, p.skipper(holidays)) {
			out = append(out, Meeting{Start: t, End: t.Add(p.Length()), At: t, Source: FromRule})
		}
		return out
	}
	var out []Meeting
	// Look a season ahead first: most queries want the next one or two.
	for span := 92 * 24 * time.Hour; ; span *= 4 {
		out = p.calendarBetween(after.Add(time.Nanosecond), after.Add(min(span, meetingHorizon)), holidays)
		if len(out) >= n || span >= meetingHorizon {
			break
		}
	}
	return out[:min(n, len(out))]
}

// MeetingsBetween lists the meetings that start at or after from and
// before to, as Meetings does.
func (p Pair) MeetingsBetween(from, to time.Time, holidays []Date) []Meeting {
	if p.Calendar != nil {
		return p.calendarBetween(from, to, holidays)
	}
	var out []Meeting
	for _, m := range p.Meetings(from.Add(-time.Nanosecond), maxMeetings, holidays) {
		if !m.Start.Before(to) {
			break
		}
		out = append(out, m)
	}
	return out
}

// maxMeetings bounds one listing of a pair's meetings.
const maxMeetings = 1000

func (p Pair) calendarBetween(from, to time.Time, holidays []Date) []Meeting {
	skip := p.skipper(holidays)
	out := slices.DeleteFunc(p.CalendarMeetings(from, to), func(m Meeting) bool {
		return skip(DateOf(m.Start.In(p.zone(m.Start))))
	})
	return out
}

// CalendarMeetings lists the meetings the pair's calendar sets that start
// at or after from and before to, skipped dates and holidays included:
// at most one a day in the pair's zone, the day's first. Whoever knows a
// calendar address can send a series that meets every minute, or move
// many meetings onto one day; a pair has one 1:1 a day at most. The day's
// first is looked for from the start of from's day, so a span that starts
// mid-day does not make the day's second meeting its first.
func (p Pair) CalendarMeetings(from, to time.Time) []Meeting {
	if p.Calendar == nil || !from.Before(to) {
		return nil
	}
	var out []Meeting
	var last Date
	for i, m := range p.Calendar.Between(from.Add(-dayLookBack), to) {
		day := DateOf(m.Start.In(p.zone(m.Start)))
		if i > 0 && day == last {
			continue
		}
		last = day
		out = append(out, m)
	}
	return slices.DeleteFunc(out, func(m Meeting) bool { return m.Start.Before(from) })
}

// dayLookBack reaches the start of any day that holds an instant: a day
// is 25 hours long at most (the end of DST).
const dayLookBack = 26 * time.Hour

// zone is where the pair's meeting days are reckoned: the pair's time
// zone, else the meeting's own.
func (p Pair) zone(t time.Time) *time.Location {
	if p.TimeZone != nil {
		return p.TimeZone
	}
	return t.Location()
}

// skipper reports the days without a meeting: the pair's skipped dates
// and the holidays.
func (p Pair) skipper(holidays []Date) func(Date) bool {
	return func(d Date) bool { return slices.Contains(p.Skip, d) || slices.Contains(holidays, d) }
}

// WithCalendars is the directory with the schedules of the pairs whose
// meetings follow a calendar, by pair key; the others keep their rule.
// The directory itself is not changed.
func (d Directory) WithCalendars(schedules map[string]Schedule) Directory {
	if len(schedules) == 0 {
		return d
	}
	out := d
	out.Pairs = make([]Pair, len(d.Pairs))
	for i, pair := range d.Pairs {
		pair.Calendar = schedules[pair.Key()]
		out.Pairs[i] = pair
	}
	return out
}
