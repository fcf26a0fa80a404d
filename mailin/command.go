package mailin

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

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
	"notebook": preread.CommandNotebook, "notizbuch": preread.CommandNotebook, "carnet": preread.CommandNotebook,
}

// written is a command as it stands in a message, not yet decided.
type written struct {
	kind preread.CommandKind
	rest string // what follows the verb
	text string // the whole command, for the reply
	// more is the message's own text after a command on its first line,
	// filed as it would be without the command; "" when there is none
	// but a sign-off.
	more string
	// alone: nothing else of its own is in the message, so a command that
	// can't be read is meant as one (and answered); with other text
	// around it, such a line is just a line ("Away day planning: …").
	alone bool
}

// readCommand finds a command in a message: the whole subject, after
// reply prefixes and tags, of a message with no text of its own that is
// no forward; or else the first line of its own text (own, what
// quote.Written keeps of the body), after a greeting.
func readCommand(subject, own string) (written, bool) {
	_, s, forwarded := SubjectTag(subject)
	if own == "" && !forwarded {
		if w, ok := commandIn(s); ok {
			w.alone = true
			return w, true
		}
	}
	// The first line that is no greeting, and the lines after it.
	line, rest, _ := strings.Cut(own, "\n")
	for strings.TrimSpace(line) == "" || isGreeting(line) {
		if rest == "" {
			return written{}, false
		}
		line, rest, _ = strings.Cut(rest, "\n")
	}
	w, ok := commandIn(line)
	if !ok {
		return written{}, false
	}
	if more := strings.TrimSpace(rest); !isSignOff(more) {
		w.more = more
	}
	w.alone = w.more == "" && (s == "" || isOurSubject(s) || strings.EqualFold(strings.TrimSpace(s), w.text))
	return w, true
}

// isGreeting reports a line that only greets: "Hi,", "Hello preread",
// "Hallo zusammen,", "Bonjour,".
func isGreeting(line string) bool {
	words := strings.Fields(strings.ToLower(strings.Trim(strings.TrimSpace(line), ",!.")))
	if len(words) == 0 || len(words) > 3 {
		return false
	}
	switch words[0] {
	case "hi", "hello", "hey", "dear", "hallo", "hoi", "bonjour", "salut", "hola", "ciao", "moin", "servus":
		return true
	}
	return false
}

// isSignOff reports text that is at most a short sign-off: "Thanks,
// Alice", "Cheers", "Viele Grüße\nAlice".
func isSignOff(text string) bool {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if text == "" {
		return true
	}
	if len(lines) > 3 {
		return false
	}
	for _, l := range lines {
		if l = strings.TrimSpace(l); len(l) > 30 || strings.Contains(l, ":") {
			return false
		}
	}
	return true
}

// isOurSubject reports the subject of an email of ours that a reply keeps:
// it says nothing of its own.
func isOurSubject(s string) bool {
	return strings.HasPrefix(s, "What are you working on?") || strings.Contains(s, "pre-read") ||
		strings.HasPrefix(s, "Welcome to preread") || strings.HasSuffix(s, "what did you agree?")
}

// takesCommands reports whether a message may carry a command: it came to
// one of the sender's own addresses (status or agenda), and it answers no
// confirmation, help or notice of ours, whose subject it keeps ("Re: SKIP
// next 1:1"), so a "Thanks!" never runs a command again.
func takesCommands(subs []preread.SubAddress, sent preread.Email) bool {
	if sent.Kind == preread.KindConfirm || sent.Kind == preread.KindHelp || sent.Kind == preread.KindToken {
		return false
	}
	for _, s := range subs {
		if s.Kind == preread.AddressStatus || s.Kind == preread.AddressAgenda {
			return true
		}
	}
	return false
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
	at := c.written(in.msg.Date, in.received)
	today := preread.DateOf(at.In(p.TimeZone))
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
		if err := c.skip(ctx, in, w, at, &cmd); err != nil {
			return cmd, false, err
		}
	case preread.CommandNotebook:
		c.notebook(in, w, today, &cmd)
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
func (c *Classifier) skip(ctx context.Context, in inbound, w written, at time.Time, cmd *preread.Command) error {
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
	personal, err := c.Lookup.Personal(ctx, preread.DateOf(at).AddDays(-1))
	if err != nil {
		return err
	}
	pair := preread.Directory{Pairs: pairs}.With(personal).Pairs[0]
	held, err := c.heldCalendar(ctx, pair)
	if err != nil {
		return err
	}
	if sch, ok := held.schedule(); ok {
		pair.Calendar = sch
	}
	meetings := pair.Meetings(at, 2, c.Directory.Holidays)
	if len(meetings) == 0 {
		cmd.Problem = "your 1:1 has no meeting to come"
		return nil
	}
	cmd.Pair, cmd.Meeting = pair.Key(), meetings[0].Start.In(pair.TimeZone)
	cmd.With = pair.Report
	if pair.Report == in.sender.Email {
		cmd.With = pair.Manager
	}
	if len(meetings) > 1 {
		cmd.Next = meetings[1].Start.In(pair.TimeZone)
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
// and confirmed (or explained) to its sender by a one-line reply. Text of
// the message's own after a command on its first line (more) is filed as
// it would be without the command.
func (c *Classifier) fileCommand(ctx context.Context, in inbound, p preread.Processed, cmd preread.Command, more string) (preread.Processed, error) {
	confirm := &preread.ReplyDue{Kind: preread.ReplyConfirm, To: in.sender.Email, Command: &cmd,
		Answers: answered(in.msg, p.Key), At: c.now()}
	if cmd.Kind == preread.CommandNotebook && cmd.Done() {
		// The answer is the notebook itself, to the pair member who asked.
		confirm.Kind = preread.ReplyNotebook
	}
	if more != "" {
		rest := *in.msg
		rest.Text = more
		in.msg, in.body = &rest, newBody(&rest)
		sent, err := c.repliedTo(ctx, in.msg)
		if err != nil {
			return p, err
		}
		if p, err = c.file(ctx, in, p, sent); err != nil {
			return p, err
		}
		p.Command = &cmd
		if p.Due == nil {
			p.Due = confirm
		}
		return p, nil
	}
	p.Command, p.Due = &cmd, confirm
	if cmd.Done() {
		p.Outcome = preread.OutcomeFiled
	} else {
		p.Outcome, p.Reason = preread.OutcomeIgnored, fmt.Sprintf("%s command not done", cmd.Kind)
	}
	return p, nil
}
