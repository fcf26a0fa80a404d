package when

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/preread/preread"
)

// MaxAway is the longest range an away command may set.
const MaxAway = 90

// Range reads the days an away command names, in the author's calendar:
// nothing or "today", "tomorrow", "this week", "next week", "for 3 days",
// "until D", "back on D" (through the day before), "D", "D..D", "D - D",
// "D to D", "from D to D", "vom D bis D", "du D au D". Ranges are
// inclusive. problem says, in words for a reply, why a range can't be
// used: it does not parse, ends in the past, or is longer than MaxAway days.
func Range(s string, today preread.Date) (r preread.DateRange, problem string) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
	lower := strings.ReplaceAll(strings.ToLower(s), "..", " .. ")
	switch {
	case lower == "":
		return preread.DateRange{From: today, To: today}, ""
	case oneOf(lower, "this week", "diese woche", "cette semaine"):
		return check(preread.DateRange{From: today, To: endOfWeek(today)}, today)
	case oneOf(lower, "next week", "nächste woche", "naechste woche", "la semaine prochaine", "semaine prochaine"):
		monday := endOfWeek(today).AddDays(1)
		return check(preread.DateRange{From: monday, To: monday.AddDays(6)}, today)
	}
	if m := forDaysRE.FindStringSubmatch(lower); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < 1 {
			return r, "a number of days from 1 on"
		}
		return check(preread.DateRange{From: today, To: today.AddDays(n - 1)}, today)
	}
	if rest, ok := cutWord(lower, untilWords); ok {
		d, tail, problem, ok := Date(rest, today)
		return whole(preread.DateRange{From: today, To: d}, tail, problem, ok, today)
	}
	if rest, ok := cutWord(lower, backWords); ok {
		d, tail, problem, ok := Date(rest, today)
		return whole(preread.DateRange{From: today, To: d.AddDays(-1)}, tail, problem, ok, today)
	}
	if rest, ok := cutWord(lower, fromWords); ok {
		lower = rest
	}
	from, tail, problem, ok := Date(lower, today)
	if !ok {
		return r, orUnreadable(problem)
	}
	tail = strings.TrimSpace(tail)
	if tail == "" {
		return check(preread.DateRange{From: from, To: from}, today)
	}
	rest, ok := cutWord(tail, toWords)
	if !ok {
		return r, unreadable
	}
	// An end without a year comes after the start ("21 Dec..4 Jan" crosses
	// the new year), unless it is earlier in the same month: then the range
	// is the wrong way round.
	to, tail, problem, ok := Date(rest, today)
	if ok && to.Before(from) && to.Month != from.Month {
		to, tail, problem, ok = Date(rest, from)
	}
	return whole(preread.DateRange{From: from, To: to}, tail, problem, ok, today)
}

// unreadable is the problem of a range that does not parse.
const unreadable = "no days could be read from it"

func orUnreadable(problem string) string {
	if problem != "" {
		return problem
	}
	return unreadable
}

// whole checks a range read with nothing left over.
func whole(r preread.DateRange, tail, problem string, ok bool, today preread.Date) (preread.DateRange, string) {
	if !ok {
		return preread.DateRange{}, orUnreadable(problem)
	}
	if strings.TrimSpace(tail) != "" {
		return preread.DateRange{}, unreadable
	}
	return check(r, today)
}

// check refuses a range that ends before it starts, ends in the past or
// is too long; one that started in the past starts today.
func check(r preread.DateRange, today preread.Date) (preread.DateRange, string) {
	switch {
	case r.To.Before(today):
		if r.To.Before(r.From) {
			r.From = r.To
		}
		return r, fmt.Sprintf("it is in the past (%s)", FormatRange(r))
	case r.To.Before(r.From):
		return r, fmt.Sprintf("it ends (%s) before it starts (%s)", Format(r.To), Format(r.From))
	}
	if r.From.Before(today) {
		r.From = today
	}
	if n := days(r); n > MaxAway {
		return r, fmt.Sprintf("it is %d days long (%s to %s); the longest is %d days", n, Format(r.From), Format(r.To), MaxAway)
	}
	return r, ""
}

// days counts the days of an inclusive range.
func days(r preread.DateRange) int {
	noon := preread.Clock{Hour: 12}
	return int(r.To.In(time.UTC, noon).Sub(r.From.In(time.UTC, noon)).Round(24*time.Hour)/(24*time.Hour)) + 1
}

// endOfWeek is the Sunday of d's week.
func endOfWeek(d preread.Date) preread.Date {
	return d.AddDays((7 - int(d.Weekday())) % 7)
}

// Format writes a day as people read it: "Mon 21 Dec".
func Format(d preread.Date) string {
	return d.In(time.UTC, preread.Clock{Hour: 12}).Format("Mon 2 Jan")
}

// FormatRange writes a range: "Mon 21 Dec – Fri 25 Dec", with the years
// when it crosses one ("Mon 21 Dec 2026 – Mon 4 Jan 2027"), or one day.
func FormatRange(r preread.DateRange) string {
	switch {
	case r.From == r.To:
		return Format(r.From)
	case r.From.Year != r.To.Year:
		return fmt.Sprintf("%s %d – %s %d", Format(r.From), r.From.Year, Format(r.To), r.To.Year)
	}
	return Format(r.From) + " – " + Format(r.To)
}

var forDaysRE = regexp.MustCompile(`^(?:for|für|pendant)\s+(\d+)\s+(?:days?|tage?n?|jours?)$`)

var (
	untilWords = []string{"until", "till", "til", "through", "thru", "to", "bis zum", "bis", "jusqu'au", "jusqu'à", "jusqu’au", "jusqu’à", "au"}
	backWords  = []string{"back on", "back", "returning on", "returning", "return on", "zurück am", "zurück ab", "wieder am", "wieder ab", "de retour le", "de retour", "retour le"}
	fromWords  = []string{"from", "vom", "von", "ab", "du", "à partir du"}
	toWords    = []string{"..", "–", "—", "-", "to", "until", "till", "through", "bis zum", "bis", "au", "jusqu'au", "jusqu’au"}
)

// cutWord takes one of words off the start of s, followed by a space (a
// symbol needs none), longest first.
func cutWord(s string, words []string) (string, bool) {
	s = strings.TrimSpace(s)
	best := ""
	for _, w := range words {
		if strings.HasPrefix(s, w) && len(w) > len(best) {
			rest := s[len(w):]
			if isSymbol(w) || rest == "" || rest[0] == ' ' {
				best = w
			}
		}
	}
	if best == "" {
		return s, false
	}
	return strings.TrimSpace(s[len(best):]), true
}

func isSymbol(w string) bool { return strings.Trim(w, ".–—-") == "" }

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}
