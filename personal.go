package preread

import "time"

// AwaySource says who set a person away: the admin in the config, the
// person by an AWAY command, or their out-of-office reply.
type AwaySource string

// The sources of away days.
const (
	AwayConfig      AwaySource = "config"
	AwayMail        AwaySource = "mail"
	AwayOutOfOffice AwaySource = "out-of-office"
)

// Away is a range of days a person is away, and who said so.
type Away struct {
	DateRange
	Source AwaySource
}

// Personal is what people set for themselves by email, beside the config:
// days away, a pause of their prompts, 1:1s they skip.
type Personal struct {
	Away    map[string][]Away    // by person's address, from mail and out-of-office replies
	Paused  map[string]time.Time // by person's address: since when
	Skipped map[string][]Date    // by pair key (MANAGER:REPORT): meetings that don't happen
}

// With is the directory with what people set by email: their away days
// added to the config's, their pauses, their skipped meetings. The
// directory itself is not changed.
//
// Only the people and pairs p names are copied anew; with nothing
// personal, the result shares d's slices (neither is changed later: a
// directory once published is not), so a planner tick with 100,000
// people costs what people set, not the size of the directory. Order and
// addresses stay, so the result shares d's index.
func (d Directory) With(p Personal) Directory {
	out := d
	if len(p.Away) > 0 || len(p.Paused) > 0 || hasPaused(d.People) {
		out.People = make([]Person, len(d.People))
		for i, person := range d.People {
			for _, a := range p.Away[person.Email] {
				person.Away = append(person.Away[:len(person.Away):len(person.Away)], a.DateRange)
			}
			_, person.Paused = p.Paused[person.Email]
			out.People[i] = person
		}
	}
	if len(p.Skipped) > 0 {
		out.Pairs = make([]Pair, len(d.Pairs))
		for i, pair := range d.Pairs {
			if skips := p.Skipped[pair.Key()]; len(skips) > 0 {
				pair.Skip = append(pair.Skip[:len(pair.Skip):len(pair.Skip)], skips...)
			}
			out.Pairs[i] = pair
		}
	}
	return out
}

// hasPaused reports whether anyone in people is marked paused: With must
// then copy them to clear the mark where p has none.
func hasPaused(people []Person) bool {
	for _, p := range people {
		if p.Paused {
			return true
		}
	}
	return false
}

// CommandKind names a command a person sends preread by email.
type CommandKind string

// The commands: away for some days, back now, skip the next 1:1, pause
// and resume the daily prompts, and send me our 1:1 notebook.
const (
	CommandAway     CommandKind = "away"
	CommandBack     CommandKind = "back"
	CommandSkip     CommandKind = "skip"
	CommandPause    CommandKind = "pause"
	CommandResume   CommandKind = "resume"
	CommandNotebook CommandKind = "notebook" // the pair's notebook, by reply
)

// Command is a command read from an email, decided: what it changes, or
// why it changes nothing. The store applies it with the message; digest
// writes the confirmation. An out-of-office reply that sets its author
// away is an away command from the out-of-office source, never confirmed.
type Command struct {
	Kind    CommandKind
	Source  AwaySource // away: mail (an AWAY command) or out-of-office (a reply that says so)
	Person  string     // who sent it
	Written string     // the command as written, for the reply
	Away    DateRange  // away: the days; back: the days of mail-set away it ends
	Pair    string     // skip, notebook: the pair's key
	With    string     // skip, notebook: the other person's address
	Meeting time.Time  // skip: the meeting that won't happen
	Next    time.Time  // skip: the meeting after it; zero when none
	Since   Date       // notebook: the first day it covers
	Problem string     // why nothing changed, for the reply; "" when it was done
	Note    string     // something more the reply should say (config away still set, already paused)
}

// Done reports whether the command changed something.
func (c Command) Done() bool { return c.Problem == "" }
