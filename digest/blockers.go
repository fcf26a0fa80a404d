package digest

import (
	"slices"
	"strings"
	"unicode"

	"github.com/preread/preread"
)

// The status of a day: someone may reply more than once a day, and a later
// reply speaks for the day. Its blockers replace the earlier ones when it
// names any, and clear them when it says there are none any more (an empty
// or "none" Blockers section, or words such as "no longer blocked"); a reply
// that says nothing about blockers leaves the earlier ones standing.

// unblockedPhrases say, anywhere in a reply, that its author is not blocked
// any more. Matched on whole words, in lower case.
var unblockedPhrases = []string{
	"no longer blocked", "not blocked anymore", "not blocked any more", "unblocked",
	"no blockers", "no more blockers", "blocker is gone", "blocker is resolved", "blocker resolved",
	"nicht mehr blockiert", "keine blocker mehr", "keine blocker", // German
	"plus bloqué", "plus bloquée", "débloqué", "débloquée", "aucun bloquant", // French
}

// blockerHeadings are the headings of a Blockers section (see mailin/quote's
// SplitStatus). A reply with such a heading whose Blockers came out empty
// said there were none.
var blockerHeadings = []string{
	"blockers", "blocker", "blocked", "blocked by", "impediments", "obstacles", "issues",
	"b", "bloquants", "bloquant", "blocages", "hindernisse",
}

// dayStatus is where a person's replies of one day leave their blockers.
type dayStatus struct {
	Blockers string // the blockers that stand; "" when none
	Source   int    // the index of the reply that named them; -1 when none
	Cleared  int    // the index of the reply that cleared earlier blockers; -1 when none did
}

// statusOfDay folds one day's replies, oldest first, into the blockers that
// stand at the end of the day.
func statusOfDay(entries []preread.StatusEntry) dayStatus {
	s := dayStatus{Source: -1, Cleared: -1}
	for i, e := range entries {
		switch {
		case strings.TrimSpace(e.Blockers) != "":
			s.Blockers, s.Source, s.Cleared = e.Blockers, i, -1
		case clearsBlockers(e):
			if s.Source >= 0 {
				s.Cleared = i
			}
			s.Blockers, s.Source = "", -1
		}
	}
	return s
}

// latestDay splits entries (by day, oldest first) into those of the
// latest day among them and the rest.
func latestDay(entries []preread.StatusEntry) (latest, rest []preread.StatusEntry) {
	if len(entries) == 0 {
		return nil, nil
	}
	last := entries[0].Date
	for _, e := range entries[1:] {
		if e.Date.After(last) {
			last = e.Date
		}
	}
	for _, e := range entries {
		if e.Date == last {
			latest = append(latest, e)
		} else {
			rest = append(rest, e)
		}
	}
	return latest, rest
}

// blockedOn reports whether the replies of one day leave their author
// blocked.
func blockedOn(entries []preread.StatusEntry) bool {
	return statusOfDay(entries).Blockers != ""
}

// clearsBlockers reports whether a reply without blockers says there are
// none: it has a Blockers heading (whose content said "none", or nothing),
// or it says so in words.
func clearsBlockers(e preread.StatusEntry) bool {
	// What a reply says of its blockers stands near its top; a huge entry
	// is not read to its end.
	text := strings.ToLower(e.Text[:min(len(e.Text), clearsScan)])
	for _, line := range strings.Split(text, "\n") {
		if isBlockerHeading(line) {
			return true
		}
	}
	words := " " + strings.Join(strings.FieldsFunc(text, notWordRune), " ") + " "
	return slices.ContainsFunc(unblockedPhrases, func(p string) bool {
		return strings.Contains(words, " "+p+" ")
	})
}

// clearsScan is how much of a reply clearsBlockers reads.
const clearsScan = 16 << 10

// isBlockerHeading reports whether a lower-case line starts with a Blockers
// heading: optionally bulleted or in markdown, then the word and a colon
// or nothing more.
func isBlockerHeading(line string) bool {
	l := strings.TrimSpace(line)
	l = strings.TrimSpace(strings.TrimPrefix(l, listMarker(l)))
	l = strings.TrimLeft(l, "#* ")
	for _, h := range blockerHeadings {
		rest, ok := strings.CutPrefix(l, h)
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, "* ")
		if strings.HasPrefix(rest, ":") || (rest == "" && len(h) > 1) {
			return true
		}
	}
	return false
}

// notWordRune splits text into words: letters and digits stay together.
func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
