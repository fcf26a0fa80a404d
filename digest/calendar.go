package digest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/preread/preread"
)

// The emails about a pair's calendar: what preread follows once the first
// invitation came, why an invitation was not used, and a meeting moved or
// cancelled after its pre-read went out. None goes to a calendar server:
// each goes to a person of the directory, at their own address.

// FollowsPeriod is the period of the confirmation that a pair's meetings
// follow its calendar: one per pair and person, ever.
func FollowsPeriod(pairKey string) string { return preread.PairPeriod(pairKey, "follows") }

// follows confirms, once, to the person whose calendar address got a
// pair's first invitation, what preread follows now and when the next
// pre-read comes.
func follows(due preread.ReplyDue, to preread.Person, dir preread.Directory, addr Addresses) (preread.Email, error) {
	f := due.Follows
	i := slices.IndexFunc(dir.Pairs, func(p preread.Pair) bool { return p.Key() == f.Pair })
	if i < 0 {
		return preread.Email{}, fmt.Errorf("reply %s to %s: no pair %s", due.Kind, due.To, f.Pair)
	}
	pair := dir.Pairs[i]
	other := pair.Report
	if preread.CanonicalAddress(to.Email) == pair.Report {
		other = pair.Manager
	}
	with := other
	if p, ok := dir.Person(other); ok {
		with = headerText(p.FirstName())
	}
	loc := firstLoc(to.TimeZone, pair.TimeZone)
	line := fmt.Sprintf("preread now follows your 1:1 with %s: %s", with, seriesPhrase(f.Rule, f.First))
	switch at, ok := PrereadTime(dir, pair, f.Next.Start); {
	case f.Next.Start.IsZero():
		line += "; it has no meeting to come."
	case ok && !at.Before(due.At):
		line += "; the next pre-read comes " + at.In(loc).Format(dayTimeLayout) + "."
	default:
		line += "; the next meeting is " + f.Next.Start.In(loc).Format(dayTimeLayout) + "."
	}
	v := noticeView{Subject: "preread follows your 1:1 with " + with}
	v.add("Hi " + headerText(to.FirstName()) + ",")
	v.add(line)
	v.add("When the meeting moves or is cancelled in your calendar, the pre-read follows it. "+
		"To stop, remove your calendar address from the meeting's guests:", calendarAddress(addr))
	return preread.Email{Kind: preread.KindFollows, To: to.Email, Period: FollowsPeriod(pair.Key()), Date: due.At,
		Subject: v.Subject, ReplyTo: addr.Agenda, Text: v.text(), HTML: renderHTML("notice", v)}, nil
}

// calendarHelp tells a known, authenticated sender why their invitation
// was not used. Like every help email, at most one a day.
func calendarHelp(due preread.ReplyDue, to preread.Person, addr Addresses) preread.Email {
	e := help(due, to, addr)
	v := noticeView{Subject: e.Subject}
	v.add("Hi " + headerText(to.FirstName()) + ",")
	v.add("preread did not use the calendar invitation you sent: " + due.Problem + ".")
	v.add("To have preread follow a 1:1, add your calendar address as a guest of the meeting in your calendar:",
		calendarAddress(addr))
	v.add("Nothing was filed, and the calendar was not answered. You get at most one such email a day.")
	e.Text, e.HTML = v.text(), renderHTML("notice", v)
	return e
}

// calendarAddress is the reader's calendar address, or what it is when
// the caller did not give it.
func calendarAddress(addr Addresses) string {
	if addr.Calendar == "" {
		return "(your calendar address, in your welcome email)"
	}
	return addr.Calendar
}

// MeetingChange is a meeting whose pre-read went out and that the
// calendar moved, cancelled or put back on since.
type MeetingChange struct {
	Pair    preread.Pair
	Manager preread.Person
	Report  preread.Person
	Was     time.Time // when it was to be held
	At      time.Time // what names it (preread.Meeting.At)
	Moved   time.Time // its new start; zero when cancelled
	Next    time.Time // cancelled: the pair's next meeting; zero when none
	Back    bool      // it was cancelled, and its readers told: Moved is when it is on again
}

// MeetingChanged tells a reader of a pre-read that its meeting moved (or
// was cancelled, when Moved is zero, or is back on, when Back): "moved to
// Wed 10:00", "cancelled: your agenda carries over to Tue 15 Dec". Its period names
// the change; the planner gives it one of the pair's day instead (see
// MeetingsChanged).
func MeetingChanged(c MeetingChange, reader preread.Person, addr Addresses) preread.Email {
	other, agenda := changeNames(c, reader)
	loc := firstLoc(reader.TimeZone, c.Pair.TimeZone)
	was := c.Was.In(loc).Format(dayTimeLayout)
	e := preread.Email{To: reader.Email, ReplyTo: addr.Reply}
	var v noticeView
	switch {
	case c.Back:
		e.Kind, e.Period = preread.KindMoved, preread.PairPeriod(c.Pair.Key(), "back/"+stamp(c.At)+"/"+stamp(c.Moved))
		v.Subject = fmt.Sprintf("1:1 with %s on %s is back on", other, c.Moved.In(loc).Format(dayLayout))
		v.add("Hi " + headerText(reader.FirstName()) + ",")
		v.add(fmt.Sprintf("Your 1:1 with %s on %s, cancelled before, is back on at %s. The pre-read you have for it holds, "+
			"and replies to it (DONE 2) count.", other, was, c.Moved.In(loc).Format(dayTimeLayout)))
	case !c.Moved.IsZero():
		to := c.Moved.In(loc).Format(clockLayout)
		if preread.DateOf(c.Moved.In(loc)) != preread.DateOf(c.Was.In(loc)) {
			to = c.Moved.In(loc).Format("Mon " + clockLayout)
		}
		e.Kind, e.Period = preread.KindMoved, preread.PairPeriod(c.Pair.Key(), "moved/"+stamp(c.At)+"/"+stamp(c.Moved))
		v.Subject = fmt.Sprintf("1:1 with %s moved to %s", other, to)
		v.add("Hi " + headerText(reader.FirstName()) + ",")
		v.add(fmt.Sprintf("Your 1:1 with %s on %s moved to %s. The pre-read you have for it still holds, "+
			"and replies to it (DONE 2) still count.", other, was, c.Moved.In(loc).Format(dayTimeLayout)))
	default:
		e.Kind, e.Period = preread.KindCancelled, preread.PairPeriod(c.Pair.Key(), "cancelled/"+stamp(c.At))
		v.Subject = fmt.Sprintf("1:1 with %s on %s cancelled", other, c.Was.In(loc).Format(dayLayout))
		v.add("Hi " + headerText(reader.FirstName()) + ",")
		v.add(fmt.Sprintf("Your 1:1 with %s on %s was cancelled: %s carries over to %s.", other, was, agenda, nextPhrase(c, loc)))
	}
	v.add("Your calendar said so; there is nothing to do.")
	e.Subject, e.Text, e.HTML = v.Subject, v.text(), renderHTML("notice", v)
	return e
}

// MaxChangeNotices bounds the notices of moved and cancelled meetings a
// reader gets about one pair in a day: whoever knows a calendar address
// can send an update a minute. Each notice tells every change the
// planner found at once.
const MaxChangeNotices = 3

// ChangesPeriod is the period of the n-th notice (1 to MaxChangeNotices)
// of a pair's changed meetings on a day.
func ChangesPeriod(pairKey string, day preread.Date, n int) string {
	return preread.PairPeriod(pairKey, fmt.Sprintf("changes/%s/%d", day, n))
}

// MeetingsChanged tells a reader of pre-reads every meeting of one pair
// the calendar moved or cancelled since: one change as MeetingChanged
// says it, several in one list. Its period is the pair's n-th notice of
// the day.
func MeetingsChanged(cs []MeetingChange, reader preread.Person, addr Addresses, day preread.Date, n int) preread.Email {
	e := MeetingChanged(cs[0], reader, addr)
	e.Period = ChangesPeriod(cs[0].Pair.Key(), day, n)
	if len(cs) == 1 {
		return e
	}
	other, agenda := changeNames(cs[0], reader)
	loc := firstLoc(reader.TimeZone, cs[0].Pair.TimeZone)
	v := noticeView{Subject: fmt.Sprintf("%d of your 1:1s with %s changed", len(cs), other)}
	v.add("Hi " + headerText(reader.FirstName()) + ",")
	var lines []string
	for _, c := range cs {
		was := c.Was.In(loc).Format(dayTimeLayout)
		switch {
		case c.Back:
			lines = append(lines, fmt.Sprintf("- %s: back on, at %s.", was, c.Moved.In(loc).Format(dayTimeLayout)))
		case c.Moved.IsZero():
			lines = append(lines, fmt.Sprintf("- %s: cancelled; %s carries over to %s.", was, agenda, nextPhrase(c, loc)))
		default:
			lines = append(lines, fmt.Sprintf("- %s: moved to %s.", was, c.Moved.In(loc).Format(dayTimeLayout)))
		}
	}
	v.add(fmt.Sprintf("Your calendar changed %d of your 1:1s with %s after their pre-reads went out:", len(cs), other))
	v.add(lines...)
	v.add("The pre-reads you have still hold, and replies to them (DONE 2) still count. Your calendar said so; there is nothing to do.")
	e.Kind = preread.KindMoved
	e.Subject, e.Text, e.HTML = v.Subject, v.text(), renderHTML("notice", v)
	return e
}

// changeNames are the other person's first name and whose agenda it is,
// for the reader of a change.
func changeNames(c MeetingChange, reader preread.Person) (other, agenda string) {
	other = headerText(c.Report.FirstName())
	agenda = other + "'s agenda"
	if preread.CanonicalAddress(reader.Email) == preread.CanonicalAddress(c.Report.Email) {
		other, agenda = headerText(c.Manager.FirstName()), "your agenda"
	}
	return other, agenda
}

// nextPhrase is the day a cancelled meeting's agenda carries over to.
func nextPhrase(c MeetingChange, loc *time.Location) string {
	if c.Next.IsZero() {
		return "the next 1:1"
	}
	return c.Next.In(loc).Format(dayLayout)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// seriesPhrase says when a series meets, from its RRULE and first start:
// "weekly on Tuesday 10:00 Europe/Berlin", "every 2 weeks on Monday and
// Thursday 09:30 America/New_York", or for a single meeting "on Tue 15 Dec
// 10:00 Europe/Berlin". A rule it can't say in words is "repeating".
func seriesPhrase(rule string, first time.Time) string {
	clock := first.Format(clockLayout) + " " + zoneLabel(first)
	if rule == "" {
		return "on " + first.Format(dayLayout) + " " + clock
	}
	parts := map[string]string{}
	for _, kv := range strings.Split(strings.ToUpper(rule), ";") {
		k, v, _ := strings.Cut(kv, "=")
		parts[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	n, err := strconv.Atoi(parts["INTERVAL"])
	if err != nil || n < 1 {
		n = 1
	}
	units := map[string][3]string{"DAILY": {"daily", "day", "days"}, "WEEKLY": {"weekly", "week", "weeks"},
		"MONTHLY": {"monthly", "month", "months"}, "YEARLY": {"yearly", "year", "years"}}
	u, ok := units[parts["FREQ"]]
	if !ok {
		return "repeating from " + first.Format(dayLayout) + " " + clock
	}
	phrase := u[0]
	if n > 1 {
		phrase = fmt.Sprintf("every %d %s", n, u[2])
	}
	if parts["FREQ"] == "WEEKLY" {
		days := weekdayNames(parts["BYDAY"])
		if len(days) == 0 {
			days = []string{first.Weekday().String()}
		}
		phrase += " on " + joinAnd(days)
	}
	return phrase + " " + clock
}

// zoneLabel names the zone of a calendar's time: its IANA name when it
// has one ("Europe/Berlin"), else its offset then ("UTC+01:00"). A zone
// built from an invitation's VTIMEZONE could carry any text the sender
// wrote as its name, so only a name the IANA database knows is printed.
func zoneLabel(t time.Time) string {
	name := t.Location().String()
	if ianaName(name) {
		return name
	}
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, off/3600, off/60%60)
}

// ianaName reports a zone name of the IANA database: short, in its
// letters, and loadable.
func ianaName(name string) bool {
	if name == "" || name == "Local" || len(name) > 40 {
		return false
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("/_+-", r)) {
			return false
		}
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// weekdayNames reads a BYDAY list of plain days ("TU,TH") as English names.
func weekdayNames(byday string) []string {
	codes := map[string]time.Weekday{"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
		"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday}
	var out []string
	for _, code := range strings.Split(byday, ",") {
		if d, ok := codes[strings.TrimSpace(code)]; ok {
			out = append(out, d.String())
		}
	}
	return out
}
