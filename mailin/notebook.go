package mailin

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/when"
)

// NotebookMonths is how far back a NOTEBOOK without "since" reaches.
const NotebookMonths = 6

// yearRE finds a year written in a day.
var yearRE = regexp.MustCompile(`\d{4}`)

// sinceWord splits "NOTEBOOK Alice since 1 Jun" into the name and the day.
var sinceWord = regexp.MustCompile(`(?i)(?:^|\s)(?:since|from|seit|ab|depuis)\s+`)

// notebook decides NOTEBOOK [name] [since D]: the pair whose notebook goes
// back to the sender, and from which day. Only a member of a pair gets
// its notebook: a manager names the report (or has one), a report gets
// theirs with their manager.
func (c *Classifier) notebook(in inbound, w written, today preread.Date, cmd *preread.Command) {
	name, since := strings.TrimSpace(w.rest), ""
	if loc := sinceWord.FindStringIndex(name); loc != nil {
		name, since = strings.TrimSpace(name[:loc[0]]), name[loc[1]:]
	}
	name = strings.Trim(name, " .!:")
	cmd.Since = addMonths(today, -NotebookMonths)
	if since != "" {
		d, rest, _, ok := when.Date(since, today)
		if ok && d.After(today) && !yearRE.MatchString(since) {
			// A day without a year is the last one before today, not the next.
			d = preread.Date{Year: d.Year - 1, Month: d.Month, Day: d.Day}
			if _, err := preread.ParseDate(d.String()); err != nil {
				d = preread.Date{Year: d.Year, Month: d.Month, Day: d.Day - 1} // 29 Feb
			}
		}
		switch {
		case !ok || strings.Trim(rest, " .!") != "":
			cmd.Problem = fmt.Sprintf("the day after since could not be read: write it like NOTEBOOK since %s", today.AddDays(-90))
			return
		case d.After(today):
			cmd.Problem = fmt.Sprintf("%s is still to come: since takes a day in the past", when.Format(d))
			return
		}
		cmd.Since = d
	}
	pair, problem := c.notebookPair(in.sender, name)
	if problem != "" {
		cmd.Problem = problem
		return
	}
	cmd.Pair, cmd.With = pair.Key(), pair.Report
	if pair.Report == in.sender.Email {
		cmd.With = pair.Manager
	}
}

// notebookPair finds the pair of the sender that a name means, or says
// why none: the sender must be its manager or its report.
func (c *Classifier) notebookPair(sender preread.Person, name string) (preread.Pair, string) {
	var mine, asReport []preread.Pair
	var others []string
	for _, p := range c.Directory.Pairs {
		if !p.Has(sender.Email) {
			continue
		}
		mine = append(mine, p)
		other := p.Report
		if p.Report == sender.Email {
			asReport = append(asReport, p)
			other = p.Manager
		}
		if o, ok := c.Directory.Person(other); ok {
			others = append(others, o.FirstName())
		}
		if name != "" && c.names(other, name) {
			return p, ""
		}
	}
	switch {
	case name != "":
		for _, p := range c.Directory.People {
			if namesPerson(p, name) {
				return preread.Pair{}, fmt.Sprintf("you are not %s's manager in preread", p.FirstName())
			}
		}
		return preread.Pair{}, fmt.Sprintf("nobody called %q is in preread", name)
	case len(mine) == 1:
		return mine[0], ""
	case len(asReport) == 1:
		return asReport[0], ""
	case len(mine) == 0:
		return preread.Pair{}, "you have no 1:1s in preread"
	}
	return preread.Pair{}, fmt.Sprintf("you have 1:1s with %s: write NOTEBOOK %s", joinNames(others), others[0])
}

// joinNames joins "a", "a and b", "a, b and c".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// addMonths is the same day n months later (earlier when negative), the
// month's last day when it has no such day.
func addMonths(d preread.Date, n int) preread.Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	last := time.Date(first.Year(), first.Month()+1, 0, 12, 0, 0, 0, time.UTC).Day()
	return preread.Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}
