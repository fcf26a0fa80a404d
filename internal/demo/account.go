package demo

import (
	"context"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/loopback"
)

// account prints what happens during the demo: one line per event under a
// heading for each day, with times in the team's time zone.
type account struct {
	w        io.Writer
	dir      preread.Directory
	loc      *time.Location
	day      preread.Date // of the last line printed
	sent     map[preread.EmailKind]int
	outcomes map[preread.Outcome]int
	filed    map[string]int // status, agenda item, note
}

func newAccount(w io.Writer, dir preread.Directory, loc *time.Location) *account {
	return &account{w: w, dir: dir, loc: loc, sent: map[preread.EmailKind]int{},
		outcomes: map[preread.Outcome]int{}, filed: map[string]int{}}
}

// cast introduces the sample team; config is what it describes.
const cast = `  team  Platform: Carol Danvers (manager), Bob Okafor and Erin Walsh in Berlin,
        Alice Liddell in New York, Dan Ito in Tokyo
  1:1s  Carol with Alice Tue and Thu 16:30, with Bob Wed 10:00 (he gets a copy of his
        pre-read), with Dan every other Fri 08:30, with Erin every other Mon 14:00
`

func (ac *account) intro(imapAddr, smtpAddr string) {
	fmt.Fprintf(ac.w, "preread demo: one week of a team's email, Mon 30 Nov to Fri 4 Dec 2026, on a simulated clock\n"+
		"  IMAP  %-16s go-imap's in-memory server holding preread's mailbox\n"+
		"  SMTP  %-16s go-smtp standing in for the relay; it keeps every email\n%s"+
		"Times are Berlin time; [brackets] give the person's own time.\n", imapAddr, smtpAddr, cast)
}

// line prints one event, under a new day heading when the day changed.
func (ac *account) line(at time.Time, text string) {
	at = at.In(ac.loc)
	if day := preread.DateOf(at); day != ac.day {
		ac.day = day
		fmt.Fprintf(ac.w, "\n%s\n", at.Format("Mon 2 Jan"))
	}
	fmt.Fprintf(ac.w, "  %s  %s\n", at.Format("15:04"), text)
}

// name is a person's first name, with their own time in brackets when
// their time zone is not the team's.
func (ac *account) name(email string, at time.Time) string {
	p, ok := ac.dir.Person(email)
	if !ok {
		return email
	}
	if p.TimeZone == nil || p.TimeZone.String() == ac.loc.String() {
		return p.FirstName()
	}
	city := p.TimeZone.String()
	city = strings.ReplaceAll(city[strings.LastIndex(city, "/")+1:], "_", " ")
	return fmt.Sprintf("%s [%s %s]", p.FirstName(), at.In(p.TimeZone).Format("15:04"), city)
}

func (ac *account) firstName(email string) string {
	if p, ok := ac.dir.Person(email); ok {
		return p.FirstName()
	}
	return email
}

// inbound says what one email sent to preread was and what became of it.
func (ac *account) inbound(s timedStep, p preread.Processed) {
	client := s.mailClient().name
	who := ac.name(s.address(), s.at)
	var what string
	switch s.act {
	case answerPrompt:
		what = fmt.Sprintf("%s replies to the prompt (%s)", who, client)
	case answerPreread:
		what = fmt.Sprintf("%s replies to the pre-read (%s)", who, client)
	case answerQuestion:
		what = fmt.Sprintf("%s answers the question (%s)", who, client)
	case writeAgenda:
		what = fmt.Sprintf("%s writes “%s” to the agenda address (%s)", who, s.subject, client)
	case forwardAgenda:
		what = fmt.Sprintf("%s forwards “%s” to the agenda address (%s)", who, s.forward.subject, client)
	case autoReply:
		what = fmt.Sprintf("%s's out-of-office answers the prompt (%s)", who, client)
	case outsider:
		what = fmt.Sprintf("%s from %s sends “%s”", s.name, s.address(), s.subject)
	case command:
		where := "status"
		if strings.HasPrefix(s.subject, "NOTEBOOK") {
			where = "agenda"
		}
		what = fmt.Sprintf("%s sends “%s” to their %s address (%s)", who, s.subject, where, client)
	case answerFollowup:
		what = fmt.Sprintf("%s replies to the follow-up (%s)", who, client)
	}
	ac.outcomes[p.Outcome]++
	switch {
	case p.Outcome != preread.OutcomeFiled:
	case p.Status != nil:
		ac.filed["status"]++
	case p.Agenda != nil:
		ac.filed["agenda item"]++
	case p.Note != nil:
		ac.filed["note"]++
	}
	if p.Outcome == preread.OutcomeFiled {
		ac.filed["action item"] += len(p.Actions)
		if p.MeetingNote != nil {
			ac.filed["meeting note"]++
		}
	}
	ac.line(s.at, what+" → "+ac.outcome(p))
}

// outcome says what the classifier and the store made of a message.
func (ac *account) outcome(p preread.Processed) string {
	switch {
	case p.Outcome == "":
		return "not read"
	case p.Command != nil && p.Command.Done() && p.Command.Source == preread.AwayOutOfOffice:
		return fmt.Sprintf("%s: machine mail, never answered; sets %s away %s", p.Outcome, ac.firstName(p.Command.Person), rangeOf(p.Command.Away, ac.loc))
	case p.Command != nil && p.Command.Done() && p.Command.Kind == preread.CommandNotebook:
		return fmt.Sprintf("done: the notebook with %s since %s goes back by reply", ac.firstName(p.Command.With),
			rangeOf(preread.DateRange{From: p.Command.Since, To: p.Command.Since}, ac.loc))
	case p.Command != nil && p.Command.Done():
		return fmt.Sprintf("done: %s %s, confirmed by reply", p.Command.Kind, rangeOf(p.Command.Away, ac.loc))
	case p.Outcome != preread.OutcomeFiled:
		return string(p.Outcome) + ": " + p.Reason
	case p.Status != nil:
		s := "filed: status for " + p.Status.Date.In(ac.loc, preread.Clock{Hour: 12}).Format("Mon 2 Jan")
		if b := p.Status.Blockers; b != "" {
			s += ", blocker “" + excerpt(b, 44) + "”"
		}
		return s
	case p.Agenda != nil:
		a := p.Agenda
		s := fmt.Sprintf("filed: agenda item (%s) for %s's 1:1", a.Category, ac.firstName(a.Report))
		if a.From == a.Manager {
			s = fmt.Sprintf("filed: agenda item (%s) for %s's 1:1 with %s", a.Category, ac.firstName(a.Manager), ac.firstName(a.Report))
		}
		if f := a.Forwarded; f != nil {
			from := f.From
			if addr, err := mail.ParseAddress(f.From); err == nil && addr.Name != "" {
				from = addr.Name
			}
			s += ", forwarded from " + from
		}
		return s
	}
	var parts []string
	if p.Done != nil {
		parts = append(parts, fmt.Sprintf("closes item %s", joinInts(p.Done.Numbers)))
	}
	if len(p.Actions) > 0 {
		var owners []string
		for _, a := range p.Actions {
			owners = append(owners, ac.firstName(a.Owner))
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", counted(len(p.Actions), "action item", "action items"), strings.Join(owners, ", ")))
	}
	if n := p.MeetingNote; n != nil {
		parts = append(parts, fmt.Sprintf("notes of the 1:1 in %s and %s's notebook", ac.firstName(n.Manager), ac.firstName(n.Report)))
	}
	if n := p.Note; n != nil {
		parts = append(parts, fmt.Sprintf("note filed on %s and %s's notebook", ac.firstName(n.Manager), ac.firstName(n.Report)))
		if p.Reply != nil {
			parts = append(parts, "sent on to "+ac.firstName(n.Report)+" as a question")
		}
	}
	return "filed: " + strings.Join(parts, "; ")
}

// outbound says what the relay received at one instant: emails of a kind
// that went to several people at once on one line.
func (ac *account) outbound(ctx context.Context, w *week, fresh []*sentMail) error {
	for i := 0; i < len(fresh); {
		s := fresh[i]
		j := i + 1
		for j < len(fresh) && sameLine(s, fresh[j]) {
			j++
		}
		group := fresh[i:j]
		i = j
		var names []string
		for _, m := range group {
			ac.sent[m.Kind]++
			names = append(names, ac.name(m.To, w.now))
		}
		switch s.Kind {
		case preread.KindWelcome, preread.KindPrompt:
			ac.line(w.now, fmt.Sprintf("%s → %s", s.Kind, strings.Join(names, ", ")))
		case preread.KindDigest:
			line := fmt.Sprintf("digest → %d people: “%s”", len(group), s.Subject)
			if away := awayLine(s.Text); away != "" {
				line += ", " + away
			}
			ac.line(w.now, line)
		case preread.KindPreread:
			shows, err := w.prereadShows(ctx, s)
			if err != nil {
				return err
			}
			ac.line(w.now, fmt.Sprintf("pre-read → %s: “%s”, %s", names[0], s.Subject, shows))
		default:
			ac.line(w.now, fmt.Sprintf("%s → %s: “%s”", s.Kind, names[0], s.Subject))
		}
	}
	return nil
}

// sameLine reports whether two emails sent at once go on one line: the
// welcomes, the prompts, and the copies of one digest.
func sameLine(a, b *sentMail) bool {
	switch {
	case a.Kind != b.Kind:
		return false
	case a.Kind == preread.KindDigest:
		return a.Subject == b.Subject
	}
	return a.Kind == preread.KindWelcome || a.Kind == preread.KindPrompt
}

// prereadShows sums up what a pre-read lists, read back the way the
// planner built it.
func (w *week) prereadShows(ctx context.Context, s *sentMail) (string, error) {
	manager, report, what, ok := preread.ParsePairPeriod(s.Period)
	start, err := time.Parse(time.RFC3339, what)
	if !ok || err != nil {
		return "", fmt.Errorf("pre-read %s: period %q names no meeting", s.MessageID, s.Period)
	}
	i := slices.IndexFunc(w.people.Pairs, func(p preread.Pair) bool { return p.Manager == manager && p.Report == report })
	if i < 0 {
		return "", fmt.Errorf("pre-read %s: no pair %s:%s", s.MessageID, manager, report)
	}
	m, err := w.svc.Meeting(ctx, w.people.Pairs[i], start)
	if err != nil {
		return "", err
	}
	carried := 0
	for _, it := range m.Items {
		if !it.New {
			carried++
		}
	}
	var out string
	switch {
	case len(m.Items) == 0:
		out = "agenda empty, so it suggests questions"
	case carried > 0:
		out = fmt.Sprintf("%s, %d carried over", counted(len(m.Items), "item", "items"), carried)
	default:
		out = counted(len(m.Items), "item", "items")
	}
	if len(m.Notes) > 0 {
		out += ", " + counted(len(m.Notes), "note", "notes")
	}
	if len(m.Actions) > 0 {
		var open []string
		for _, a := range m.Actions {
			open = append(open, fmt.Sprintf("A%d", a.Number))
		}
		out += fmt.Sprintf(", opens with %s (%s)", counted(len(m.Actions), "action item", "action items"), strings.Join(open, ", "))
	}
	if len(m.LastNotes) > 0 {
		out += " and last time's notes"
	}
	return out, nil
}

// summary ends the account: what was sent and read, and where it all is.
func (ac *account) summary(dir string, folders []loopback.Folder, took time.Duration) {
	var box []string
	for _, f := range folders {
		box = append(box, fmt.Sprintf("%s %d", f.Name, f.Messages))
	}
	var sent []string
	total := 0
	for _, k := range []preread.EmailKind{preread.KindWelcome, preread.KindPrompt, preread.KindDigest,
		preread.KindPreread, preread.KindFollowup, preread.KindQuestion, preread.KindConfirm, preread.KindNotebook,
		preread.KindHelp, preread.KindToken, preread.KindReview} {
		if n := ac.sent[k]; n > 0 {
			sent = append(sent, fmt.Sprintf("%d %s", n, k))
			total += n
		}
	}
	read := 0
	for _, n := range ac.outcomes {
		read += n
	}
	var filed []string
	for _, k := range []struct{ key, one, many string }{
		{"status", "status entry", "status entries"}, {"agenda item", "agenda item", "agenda items"}, {"note", "note", "notes"},
		{"action item", "action item", "action items"}, {"meeting note", "meeting note", "meeting notes"},
	} {
		if n := ac.filed[k.key]; n > 0 {
			filed = append(filed, counted(n, k.one, k.many))
		}
	}
	received := fmt.Sprintf("%d filed (%s)", ac.outcomes[preread.OutcomeFiled], strings.Join(filed, ", "))
	for _, o := range []preread.Outcome{preread.OutcomeRejected, preread.OutcomeIgnored, preread.OutcomeFailed} {
		if n := ac.outcomes[o]; n > 0 {
			received += fmt.Sprintf(", %d %s", n, o)
		}
	}
	fmt.Fprintf(ac.w, "\nThe week in numbers\n"+
		"  sent      %d emails: %s\n"+
		"  read      %d emails: %s\n"+
		"  mailbox   %s\n"+
		"  took      %.1f s\n"+
		"\nEvery email sent is in %s\n"+
		"  as NNN-KIND-TO.eml (the bytes the SMTP server received) and NNN-KIND-TO.html (its HTML part),\n"+
		"  beside preread.yaml, preread.db and demo.log (the service's log); received/ holds what the\n"+
		"  team wrote to preread, as their mail programs laid it out.\n"+
		"The notebook the week filed: preread export --config %s --format markdown\n",
		total, strings.Join(sent, ", "), read, received, strings.Join(box, ", "), took.Seconds(), dir, dir+"/preread.yaml")
}

// excerpt is the first line of s, cut to n runes.
func excerpt(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

// counted is "1 item", "2 items".
func counted(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// rangeOf writes a range of days for the account: "Wed 2 Dec", or two.
func rangeOf(r preread.DateRange, loc *time.Location) string {
	day := func(d preread.Date) string { return d.In(loc, preread.Clock{Hour: 12}).Format("Mon 2 Jan") }
	if r.From == r.To {
		return day(r.From)
	}
	return day(r.From) + " – " + day(r.To)
}

// awayLine is the digest's "Away: …" line, in lower case for the account:
// "away: Dan Brown, Erin Hale"; "" when nobody is away.
func awayLine(text string) string {
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "Away: "); ok {
			return "away: " + rest
		}
	}
	return ""
}
