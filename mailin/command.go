package mailin

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/when"
)

// commandVerbs are the words that start a command, in English, German and
// French, lower case.
var commandVerbs = map[string]preread.CommandKind{
	"away": preread.CommandAway, "abwesend": preread.CommandAway, "absent": preread.CommandAway, "absente": preread.CommandAway,
	"back": preread.CommandBack, "zurück": preread.CommandBack, "zurueck": preread.CommandBack, "retour": preread.CommandBack,
	"skip": preread.CommandSkip, "überspringen": preread.CommandSkip, "ueberspringen": preread.CommandSkip, "annuler": preread.CommandSkip,
	"pause": preread.CommandPause, "pausieren": preread.CommandPause,
	"resume": preread.CommandResume, "weiter": preread.CommandResume, "reprendre": preread.CommandResume,
}

// written is a command as it stands in a message, not yet decided.
type written struct {
	kind preread.CommandKind
	rest string // what follows the verb
	text string // the whole command, for the reply
	// alone: nothing else is in the message, so a command that can't be
	// read is meant as one (and answered); with other text around it,
	// such a line is just a line ("Away day planning: …").
	alone bool
}

// readCommand finds a command in a message: the whole subject, after
// reply prefixes and tags, or else the whole first line of its own text
// (own, what quote.Written keeps of the body).
func readCommand(subject, own string) (written, bool) {
	_, s, _ := SubjectTag(subject)
	if w, ok := commandIn(s); ok {
		w.alone = own == ""
		return w, true
	}
	first, more, _ := strings.Cut(own, "\n")
	if w, ok := commandIn(first); ok {
		w.alone = strings.TrimSpace(more) == "" && (s == "" || isOurSubject(s))
		return w, true
	}
	return written{}, false
}

// isOurSubject reports the subject of an email of ours that a reply keeps:
// it says nothing of its own.
func isOurSubject(s string) bool {
	return strings.HasPrefix(s, "What are you working on?") || strings.Contains(s, "pre-read") || strings.HasPrefix(s, "Welcome to preread")
}

// commandIn reads one line as a command: a verb, then what it takes.
func commandIn(line string) (written, bool) {
	line = strings.TrimSpace(strings.Trim(strings.TrimSpace(line), "*_"))
	verb, rest, _ := strings.Cut(line, " ")
	if line2, ok := strings.CutPrefix(strings.ToLower(line), "de retour"); ok {
		verb, rest = "retour", line2
	}
	kind, ok := commandVerbs[strings.ToLower(strings.TrimRight(verb, ":!.,"))]
	if !ok {
		return written{}, false
	}
	return written{kind: kind, rest: strings.TrimSpace(strings.TrimLeft(rest, ":")), text: line}, true
}

// command decides a command of a known, authenticated person: what it
// changes, or why it can't (the reply then says what was understood and
// how to write it). ok is false for a line that only looked like a
// command: other text is around it and it reads as none.
func (c *Classifier) command(ctx context.Context, in inbound, w written) (preread.Command, bool, error) {
	p := in.sender
	cmd := preread.Command{Kind: w.kind, Person: p.Email, Written: w.text, Source: preread.AwayMail}
	today := preread.DateOf(c.now().In(p.TimeZone))
	switch w.kind {
	case preread.CommandAway:
		cmd.Away, cmd.Problem = when.Range(w.rest, today)
		if cmd.Problem != "" {
			cmd.Problem = fmt.Sprintf("the days could not be used: %s. Write them like AWAY until Fri 18 Dec, "+
				"AWAY 2026-12-21..2027-01-04, AWAY tomorrow or AWAY next week (at most %d days)", cmd.Problem, when.MaxAway)
		}
	case preread.CommandBack, preread.CommandPause, preread.CommandResume:
		if rest := strings.ToLower(strings.Trim(w.rest, " .!")); rest != "" && rest != "today" && rest != "now" {
			cmd.Problem = fmt.Sprintf("%s takes nothing after it: write %s alone", strings.ToUpper(string(w.kind)), strings.ToUpper(string(w.kind)))
		}
		cmd.Away = preread.DateRange{From: today, To: today}
		if w.kind == preread.CommandBack {
			for _, r := range p.Away {
				if r.Contains(today) {
					cmd.Note = fmt.Sprintf("the config still has you away until %s: ask whoever runs preread to change it", when.Format(r.To))
				}
			}
		}
	case preread.CommandSkip:
		if err := c.skip(ctx, in, w, &cmd); err != nil {
			return cmd, false, err
		}
	}
	if !cmd.Done() && !w.alone {
		return cmd, false, nil
	}
	return cmd, true, nil
}

// skipRE reads what SKIP takes: the next 1:1, with someone or not.
var skipRE = regexp.MustCompile(`(?i)^(?:the\s+|das\s+|le\s+)?(?:next|nächste|nächstes|naechste|naechstes|prochain|prochaine)\s+` +
	`(?:1:1|1-on-1|one-on-one|1on1|meeting|termin|réunion)(?:\s+(?:with|mit|avec)\s+(.+?))?\s*[.!]?$`)

// skip decides SKIP next 1:1 [with NAME]: the sender's next meeting with
// that person, or their only pair's.
func (c *Classifier) skip(ctx context.Context, in inbound, w written, cmd *preread.Command) error {
	const how = "write SKIP next 1:1, or SKIP next 1:1 with Alice when you have several"
	m := skipRE.FindStringSubmatch(strings.TrimSpace(w.rest))
	if m == nil {
		cmd.Problem = "it names no meeting: " + how
		return nil
	}
	var pairs []preread.Pair
	var names []string
	for _, pair := range c.Directory.Pairs {
		other := pair.Report
		if pair.Report == in.sender.Email {
			other = pair.Manager
		} else if pair.Manager != in.sender.Email {
			continue
		}
		o, _ := c.Directory.Person(other)
		if m[1] == "" || namesPerson(o, m[1]) {
			pairs = append(pairs, pair)
		}
		names = append(names, o.FirstName())
	}
	switch {
	case len(names) == 0:
		cmd.Problem = "you have no 1:1s in preread"
		return nil
	case len(pairs) == 0:
		cmd.Problem = fmt.Sprintf("you have no 1:1 with %q: your 1:1s are with %s", m[1], strings.Join(names, ", "))
		return nil
	case len(pairs) > 1:
		cmd.Problem = fmt.Sprintf("you have 1:1s with %s: %s", strings.Join(names, " and "), how)
		return nil
	}
	personal, err := c.Lookup.Personal(ctx, preread.DateOf(c.now()).AddDays(-1))
	if err != nil {
		return err
	}
	pair := preread.Directory{Pairs: pairs}.With(personal).Pairs[0]
	meetings := pair.Meetings(c.now(), 2, c.Directory.Holidays)
	if len(meetings) == 0 {
		cmd.Problem = "your 1:1 has no meeting to come"
		return nil
	}
	cmd.Pair, cmd.Meeting = pair.Key(), meetings[0].In(pair.TimeZone)
	cmd.With = pair.Report
	if pair.Report == in.sender.Email {
		cmd.With = pair.Manager
	}
	if len(meetings) > 1 {
		cmd.Next = meetings[1].In(pair.TimeZone)
	}
	return nil
}

// namesPerson reports whether what someone wrote names p: their name,
// first name, address or its local part, in any case.
func namesPerson(p preread.Person, name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	local, _, _ := strings.Cut(p.Email, "@")
	for _, n := range []string{p.Name, p.FirstName(), p.Email, local} {
		if n != "" && strings.ToLower(n) == name {
			return true
		}
	}
	return false
}

// fileCommand answers a command: applied with the message when it can be,
// and confirmed (or explained) to its sender by a one-line reply.
func (c *Classifier) fileCommand(in inbound, p preread.Processed, cmd preread.Command) preread.Processed {
	p.Command = &cmd
	if cmd.Done() {
		p.Outcome = preread.OutcomeFiled
	} else {
		p.Outcome, p.Reason = preread.OutcomeIgnored, fmt.Sprintf("%s command not done", cmd.Kind)
	}
	p.Due = &preread.ReplyDue{Kind: preread.ReplyConfirm, To: in.sender.Email, Command: &cmd,
		Answers: answered(in.msg, p.Key), At: c.now()}
	return p
}
