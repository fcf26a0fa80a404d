package digest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
)

// role is what preread does for one person, as the directory says. A
// welcome tells each person only what is true for them.
type role struct {
	Person   preread.Person
	Teams    []preread.Team   // teams they are a member of: they get prompts
	Reads    []preread.Team   // teams whose digest they get without being a member
	Managers []preread.Person // their managers: they are the report of a pair
	Copy     bool             // they get a copy of a pre-read as a report (preread_to both)
	Reports  []preread.Person // their reports: they manage a pair
}

// roleOf finds p's role in dir.
func roleOf(dir preread.Directory, p preread.Person) role {
	r := role{Person: p}
	for _, t := range dir.Teams {
		switch {
		case slices.Contains(t.Members, p.Email):
			r.Teams = append(r.Teams, t)
		case slices.Contains(t.Recipients(), p.Email):
			r.Reads = append(r.Reads, t)
		}
	}
	for _, pair := range dir.Pairs {
		if pair.Report == p.Email {
			if m, ok := dir.Person(pair.Manager); ok {
				r.Managers = append(r.Managers, m)
			}
			r.Copy = r.Copy || pair.PrereadTo == preread.PrereadToBoth
		}
		if pair.Manager == p.Email {
			if rep, ok := dir.Person(pair.Report); ok {
				r.Reports = append(r.Reports, rep)
			}
		}
	}
	return r
}

// prompted reports whether the person gets daily prompts.
func (r role) prompted() bool { return len(r.Teams) > 0 && r.Person.Workdays != 0 }

// paired reports whether the person is in a 1:1 pair.
func (r role) paired() bool { return len(r.Managers)+len(r.Reports) > 0 }

// welcomeView is what a welcome says, ready for the text and HTML layouts.
// Every string in it is plain text; the HTML template escapes it.
type welcomeView struct {
	Subject  string
	Greeting string
	Intro    string
	Sections []welcomeSection
	Footer   string
}

// welcomeSection is one part of a welcome: a title, paragraphs, and rows
// of a term (an address, a command) and what it is for.
type welcomeSection struct {
	Title string
	Paras []string
	Rows  []welcomeRow
}

type welcomeRow struct{ Term, Meaning string }

// WelcomePeriod is the period of a welcome: each person gets one, ever.
const WelcomePeriod = "welcome"

// Welcome introduces preread to someone new in the directory, as of now:
// what they get and when (in their own time), the addresses they need, the
// commands that apply to them and how to answer a pre-read, and nothing
// that is not true for them. since is when they were added to a directory
// already running (zero for the first directory; see DuePrompts).
func Welcome(dir preread.Directory, p preread.Person, addr Addresses, now, since time.Time) preread.Email {
	r := roleOf(dir, p)
	v := welcomeView{
		Greeting: "Hi " + headerText(p.FirstName()) + ",",
		Intro: "preread keeps status out of 1:1 meetings: each team member answers a short daily email, " +
			"the team gets one digest of it, and a 1:1 is spent on the report's own topics, " +
			"which they send in by email beforehand. Here is what it does for you.",
		Footer: "Sent once, when you joined preread.",
	}
	var subject []string
	if r.prompted() {
		subject = append(subject, "your daily status by email")
		v.Sections = append(v.Sections, statusSection(dir, r, now, since))
	}
	if len(r.Reads) > 0 {
		if !r.prompted() {
			subject = append(subject, "the "+teamNames(r.Reads)+" daily digest")
		}
		v.Sections = append(v.Sections, digestSection(r))
	}
	if len(r.Managers) > 0 {
		subject = append(subject, "your 1:1 agenda")
		v.Sections = append(v.Sections, reportSection(r))
	}
	if len(r.Reports) > 0 {
		subject = append(subject, "pre-reads for your 1:1s")
		v.Sections = append(v.Sections, managerSection(dir, r, addr))
	}
	if s, ok := addressSection(r, addr); ok {
		v.Sections = append(v.Sections, s)
		v.Sections = append(v.Sections, commandSection(r, now))
		v.Footer += " The addresses in it are yours alone: don't share them."
	}
	if len(subject) == 0 {
		subject = append(subject, "nothing to do yet")
		v.Intro = "You are in preread's directory, but in no team and no 1:1 pair yet, " +
			"so preread sends you nothing for now."
	}
	v.Subject = "Welcome to preread: " + joinAnd(subject)
	e := preread.Email{Kind: preread.KindWelcome, To: p.Email, Period: WelcomePeriod,
		Subject: v.Subject, Text: welcomeText(v), HTML: renderHTML("welcome", v)}
	switch {
	case r.prompted():
		e.ReplyTo = addr.Status
	case r.paired():
		e.ReplyTo = addr.Agenda
	}
	return e
}

// statusSection tells a team member when they are asked, when their
// first prompt comes and where their replies go.
func statusSection(dir preread.Directory, r role, now, since time.Time) welcomeSection {
	p := r.Person
	ask := fmt.Sprintf("%s at %s your time (%s) you get an email asking what you are working on. "+
		"Reply with what you did, what you are doing and what blocks you; a few lines are enough.",
		workdaysPhrase(p.Workdays), p.PromptAt, placeName(p.TimeZone))
	switch first, ok := FirstPrompt(dir, p, now, since); {
	case ok && first == preread.DateOf(now.In(p.TimeZone)):
		ask += " Your first one comes today."
	case ok:
		ask += " Your first one comes on " + dayString(first, dayLayout) + "."
	}
	s := welcomeSection{Title: "Your daily status", Paras: []string{ask}}
	for _, t := range r.Teams {
		s.Paras = append(s.Paras, teamDigestLine(t, p))
	}
	s.Paras = append(s.Paras, "You may write more than once a day: the digest shows your latest reply first, "+
		"and \"no longer blocked\" (or \"Blockers: none\") in a later one takes your blocker off it.")
	return s
}

// teamDigestLine says who gets the digest of a team p is a member of.
func teamDigestLine(t preread.Team, p preread.Person) string {
	when := teamTime(t, p)
	readers := t.Recipients()
	if slices.Contains(readers, p.Email) {
		return fmt.Sprintf("Each workday at %s you and the rest of the %s team get one digest of everyone's replies, blockers first.",
			when, headerText(t.Name))
	}
	return fmt.Sprintf("Your replies go into the %s team's daily digest, which %s gets at %s.",
		headerText(t.Name), joinAnd(readers), when)
}

// teamTime is the team's digest time for p: "11:00 your time", or
// "11:00 Berlin time" when the team is elsewhere.
func teamTime(t preread.Team, p preread.Person) string {
	if t.TimeZone.String() == p.TimeZone.String() {
		return t.DigestAt.String() + " your time"
	}
	return t.DigestAt.String() + " " + placeName(t.TimeZone) + " time"
}

// digestSection tells a reader who is not a member which digests they get.
func digestSection(r role) welcomeSection {
	s := welcomeSection{Title: "Team digest"}
	for _, t := range r.Reads {
		s.Paras = append(s.Paras, fmt.Sprintf("Each workday at %s you get the %s team's digest: "+
			"everyone's status of the day, blockers first, and who has not replied yet.", teamTime(t, r.Person), headerText(t.Name)))
	}
	return s
}

// reportSection tells a report how to put topics on their 1:1 agenda.
func reportSection(r role) welcomeSection {
	names := firstNames(r.Managers)
	with := joinList(names, "or")
	s := welcomeSection{Title: "Your 1:1 with " + joinAnd(names), Paras: []string{
		"Whenever you think of something for your next 1:1 with " + with + ", write it or forward it to your agenda address. " +
			"Add #growth, #feedback, #help, #offer or #idea to say what kind of topic it is.",
		"The workday before you meet, " + with + " gets a pre-read with your topics and your status since the last 1:1, " +
			"so the meeting is spent on your topics. A question asked on it reaches you by email: reply to answer it before you meet.",
	}}
	if r.Copy {
		s.Paras = append(s.Paras, "You get a copy of the pre-read too: reply DONE 2 to it to close topic 2, "+
			"or reply with a new topic to add it.")
	}
	return s
}

// managerSection tells a manager about their pre-reads and how to answer
// them.
func managerSection(dir preread.Directory, r role, addr Addresses) welcomeSection {
	names := firstNames(r.Reports)
	p := r.Person
	s := welcomeSection{Title: "Your 1:1s with " + joinAnd(names), Paras: []string{
		fmt.Sprintf("The workday before each 1:1, at %s your time, you get a pre-read: %s open topics, "+
			"their blockers and highlights since your last 1:1, and a few questions to ask when the agenda is empty.",
			p.PrereadAt, possessive(names)),
		"To answer a pre-read, reply to it: DONE 2 closes topic 2, and anything else you write goes to " +
			theReport(names) + " as a question before the meeting.",
		"When a 1:1 has ended you are asked what you agreed: reply with a line such as ACTION " + headerText(r.Reports[0].FirstName()) +
			": send the draft by Fri for each action item, and anything else as your notes. The next pre-read starts with them.",
	}}
	add := "To add a topic of your own, write to your agenda address."
	if len(r.Reports) > 1 || len(r.Managers) > 0 {
		first := headerText(r.Reports[0].FirstName())
		add = fmt.Sprintf("To add a topic of your own, write to your agenda address and name the report: "+
			"start the subject with \"AGENDA for %s: \", copy %s, or write to %s.", first, first,
			addr.agendaFor(strings.ToLower(first)))
	}
	s.Paras = append(s.Paras, add)
	return s
}

// addressSection lists the addresses p needs: status to those who get
// prompts, agenda to pair members. ok is false when they need none.
func addressSection(r role, addr Addresses) (welcomeSection, bool) {
	s := welcomeSection{Title: "Your addresses", Paras: []string{"Save them as contacts, and write to them from your own address."}}
	if r.prompted() {
		s.Rows = append(s.Rows, welcomeRow{addr.Status, "your daily status, when you write it without replying to a prompt"})
	}
	if r.paired() {
		s.Rows = append(s.Rows, welcomeRow{addr.Agenda, "topics for your 1:1s, any time"})
		if addr.Calendar != "" {
			s.Rows = append(s.Rows, welcomeRow{addr.Calendar, "add it as a guest of your 1:1s in your calendar"})
			s.Paras = append(s.Paras, "Add your calendar address as a guest of your 1:1 in your calendar (Google, Outlook, "+
				"Apple or any other), and the pre-read follows the meeting when it is moved or cancelled. "+
				"Everyone invited sees that address: it can only move your 1:1s, and it files nothing.")
		}
	}
	return s, len(s.Rows) > 0
}

// commandSection lists the commands that apply to r: AWAY, BACK, PAUSE and
// RESUME to people who get prompts, SKIP to pair members.
func commandSection(r role, now time.Time) welcomeSection {
	where := "your status or agenda address"
	switch {
	case !r.paired():
		where = "your status address"
	case !r.prompted():
		where = "your agenda address"
	}
	s := welcomeSection{Title: "Commands", Paras: []string{
		"Send one to " + where + ", in the subject or as the first line; preread confirms it.",
	}}
	if r.prompted() {
		today := preread.DateOf(now.In(r.Person.TimeZone))
		friday := today.AddDays(7 + (int(time.Friday)-int(today.Weekday())+7)%7)
		from := today.AddDays(14 + (int(time.Monday)-int(today.Weekday())+7)%7)
		s.Rows = append(s.Rows,
			welcomeRow{"AWAY until " + dayString(friday, dayLayout), "no prompts until then, and the digest shows you away; " +
				"also AWAY " + from.String() + ".." + from.AddDays(14).String() + ", AWAY tomorrow, AWAY next week"},
			welcomeRow{"BACK", "you are back before the date you gave"},
			welcomeRow{"PAUSE", "no prompts until you send RESUME"},
		)
	}
	switch {
	case len(r.Managers)+len(r.Reports) > 1:
		other := append(slices.Clone(r.Reports), r.Managers...)[0]
		s.Rows = append(s.Rows, welcomeRow{"SKIP next 1:1 with " + headerText(other.FirstName()),
			"that 1:1 does not happen, and there is no pre-read for it"})
	case r.paired():
		s.Rows = append(s.Rows, welcomeRow{"SKIP next 1:1", "your next 1:1 does not happen, and there is no pre-read for it"})
	}
	switch {
	case len(r.Managers)+len(r.Reports) > 1:
		other := append(slices.Clone(r.Reports), r.Managers...)[0]
		s.Rows = append(s.Rows, welcomeRow{"NOTEBOOK " + headerText(other.FirstName()),
			"your 1:1 notebook with them by reply: topics, action items, notes and status of the last six months; add since 2026-06-01 for more"})
	case r.paired():
		s.Rows = append(s.Rows, welcomeRow{"NOTEBOOK", "your 1:1 notebook by reply: topics, action items, notes and status " +
			"of the last six months; add since 2026-06-01 for more"})
	}
	return s
}

// firstNames are the people's first names, as emails greet them.
func firstNames(people []preread.Person) []string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = headerText(p.FirstName())
	}
	return out
}

// teamNames is "Platform" or "Platform and Payments".
func teamNames(teams []preread.Team) string {
	names := make([]string, len(teams))
	for i, t := range teams {
		names[i] = headerText(t.Name)
	}
	return joinAnd(names)
}

// theReport is "Alice" for one name, "the report" for several.
func theReport(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return "the report"
}

// possessive is "Alice's" for one name, "the report's" for several.
func possessive(names []string) string {
	switch {
	case len(names) != 1:
		return "the report's"
	case strings.HasSuffix(names[0], "s"):
		return names[0] + "'"
	}
	return names[0] + "'s"
}
