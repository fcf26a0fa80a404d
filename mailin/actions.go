package mailin

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/when"
)

// replyLines is what the lines of a reply on a pair say: agenda items it
// closes by number (DONE 2), action items it closes (DONE A3), action items
// it raises (ACTION …, TODO …, - [ ] …), and the rest of its text.
type replyLines struct {
	done    []int
	closed  []int // A-numbers
	actions []writtenAction
	over    int // action lines past maxActions, kept in rest
	rest    string
}

// writtenAction is an action item as a reply writes it, decided.
type writtenAction struct {
	owner string // an address of the pair
	text  string
	due   preread.Date
}

// doneLine is "DONE 2", "done: #3 & A4", "DONE 2, 5 and A1.".
var doneLine = regexp.MustCompile(`(?i)^\s*done\s*:?\s*(#?a?\d+(?:\s*(?:,|&|\band\b|\s)\s*#?a?\d+)*)\s*[.!]?\s*$`)

// doneNumber is one number of a DONE line, an A-number when it has the A.
var doneNumber = regexp.MustCompile(`(?i)(a?)(\d+)`)

// actionLine is "ACTION: …", "ACTION Alice: …", "TODO me: …", "- TODO …"
// and a Markdown task "- [ ] …".
var (
	actionLine = regexp.MustCompile(`(?i)^\s*(?:[-*•]\s+)?(action|todo)\b(.*)$`)
	taskLine   = regexp.MustCompile(`^\s*[-*•]\s*\[\s?\]\s+(.+)$`)
	ownerColon = regexp.MustCompile(`^\s+([^:]{1,60}?)\s*:\s*(.*)$`)
	mention    = regexp.MustCompile(`(?:^|\s)@([\p{L}\p{N}._+-]+)`)
	dueWord    = regexp.MustCompile(`(?i)(?:^|[\s(,;–—-])(?:by|due|until|bis|avant le|avant)\s*:?\s+`)
)

// maxNumber bounds the numbers a DONE line takes: higher ones are no item.
const maxNumber = 1_000_000

// maxActions is how many action items one reply raises; its further
// action lines are kept as text, and the sender is told.
const maxActions = 20

// dueTail is how far from the end of an action's text its due date is
// looked for: "… by next Friday" is short, and a line of a thousand
// "by"s costs no more than one.
const dueTail = 48

// readReplyLines reads a reply's own text. member names the pair's
// people: it returns the address a name written as an owner means, or ""
// when it names neither of the pair ("me" is the sender). today resolves
// due dates without a year ("by Fri", "by 10 Dec").
func readReplyLines(text, sender string, today preread.Date, member func(name string) string) replyLines {
	who := func(name string) string {
		name = strings.TrimPrefix(strings.TrimSpace(name), "@")
		switch strings.ToLower(name) {
		case "me", "myself", "ich", "moi":
			return sender
		}
		return member(strings.TrimSpace(name))
	}
	var r replyLines
	var keep []string
	for _, line := range strings.Split(text, "\n") {
		if m := doneLine.FindStringSubmatch(line); m != nil {
			for _, n := range doneNumber.FindAllStringSubmatch(m[1], -1) {
				v, err := strconv.Atoi(n[2])
				if err != nil || v <= 0 || v >= maxNumber {
					continue
				}
				if n[1] != "" {
					r.closed = append(r.closed, v)
				} else {
					r.done = append(r.done, v)
				}
			}
			continue
		}
		if a, ok := readAction(line, sender, today, who); ok {
			if len(r.actions) < maxActions {
				r.actions = append(r.actions, a)
				continue
			}
			r.over++
		}
		keep = append(keep, line)
	}
	r.rest = strings.TrimSpace(strings.Join(keep, "\n"))
	return r
}

// readAction reads one line as an action item: its owner (the sender
// unless it names the other), its text and its due date. After ACTION or
// TODO comes a colon, or an owner of the pair and a colon; in capitals
// the keyword alone will do ("TODO send the draft"). So "Action plan: …"
// and "Action items were discussed" stay text.
func readAction(line, sender string, today preread.Date, who func(string) string) (writtenAction, bool) {
	a := writtenAction{owner: sender}
	var body string
	if m := actionLine.FindStringSubmatch(line); m != nil {
		keyword, after := m[1], m[2]
		switch o := ownerColon.FindStringSubmatch(after); {
		case strings.HasPrefix(strings.TrimSpace(after), ":"):
			body = strings.TrimSpace(after)[1:]
		case o != nil && who(o[1]) != "":
			a.owner, body = who(o[1]), o[2]
		case keyword == strings.ToUpper(keyword) && strings.TrimSpace(after) != "" && strings.TrimLeft(after, " -–") != after:
			body = strings.TrimLeft(after, " -–")
		default:
			return writtenAction{}, false
		}
	} else if m := taskLine.FindStringSubmatch(line); m != nil {
		body = m[1]
	} else {
		return writtenAction{}, false
	}
	body = strings.TrimSpace(body)
	// "@alice send the draft": a mention of one of the pair.
	if m := mention.FindStringSubmatchIndex(body); m != nil {
		if addr := who(body[m[2]:m[3]]); addr != "" {
			a.owner = addr
			if strings.TrimSpace(body[:m[0]]) == "" {
				body = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(body[m[1]:]), ":"))
			}
		}
	}
	a.text, a.due = cutDue(body, today)
	if a.text == "" {
		return writtenAction{}, false
	}
	return a, true
}

// cutDue finds a due date at the end of an action's text ("… by Fri",
// "… (due 2026-12-10)") and takes it off. A date more than a year back or
// five years ahead is no due date.
func cutDue(text string, today preread.Date) (string, preread.Date) {
	locs := dueWord.FindAllStringIndex(text, -1)
	for i := len(locs) - 1; i >= 0 && len(text)-locs[i][1] <= dueTail; i-- {
		d, rest, _, ok := when.Date(text[locs[i][1]:], today)
		if !ok || strings.Trim(rest, " .!,;)") != "" || d.Before(today.AddDays(-366)) || d.After(today.AddDays(5*366)) {
			continue
		}
		head := strings.TrimRight(text[:locs[i][0]], " ,;(–—-")
		if head == "" {
			return text, preread.Date{}
		}
		return head, d
	}
	return text, preread.Date{}
}
