// Package when reads the days people write in mail: "until Fri 18 Dec",
// "2026-12-21..2027-01-04", "tomorrow", "next week", "bis zum 4. Januar",
// "jusqu'au 4 janvier", "back on Monday". English, German and French.
//
// It is pure: text and today's date in, days out. It knows nothing of
// commands or out-of-office replies (package mailin does).
package when

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/preread/preread"
)

// months maps month names and their usual abbreviations, in English,
// German and French, to months.
var months = names(map[time.Month][]string{
	time.January:   {"january", "jan", "januar", "jänner", "janvier", "janv"},
	time.February:  {"february", "feb", "februar", "février", "fevrier", "févr", "fevr", "fév"},
	time.March:     {"march", "mar", "märz", "maerz", "mars"},
	time.April:     {"april", "apr", "avril", "avr"},
	time.May:       {"may", "mai"},
	time.June:      {"june", "jun", "juni", "juin"},
	time.July:      {"july", "jul", "juli", "juillet", "juil"},
	time.August:    {"august", "aug", "août", "aout"},
	time.September: {"september", "sep", "sept", "septembre"},
	time.October:   {"october", "oct", "oktober", "okt", "octobre"},
	time.November:  {"november", "nov", "novembre"},
	time.December:  {"december", "dec", "dezember", "dez", "décembre", "decembre", "déc"},
})

// weekdays maps weekday names and abbreviations to weekdays.
var weekdays = names(map[time.Weekday][]string{
	time.Monday:    {"monday", "mon", "montag", "mo", "lundi", "lun"},
	time.Tuesday:   {"tuesday", "tue", "tues", "dienstag", "di", "mardi"},
	time.Wednesday: {"wednesday", "wed", "mittwoch", "mi", "mercredi", "mer"},
	time.Thursday:  {"thursday", "thu", "thur", "thurs", "donnerstag", "do", "jeudi", "jeu"},
	time.Friday:    {"friday", "fri", "freitag", "fr", "vendredi", "ven"},
	time.Saturday:  {"saturday", "sat", "samstag", "sa", "samedi", "sam"},
	time.Sunday:    {"sunday", "sun", "sonntag", "so", "dimanche", "dim"},
})

// names turns lists of names by value into a lookup by name.
func names[T comparable](lists map[T][]string) map[string]T {
	out := map[string]T{}
	for v, ns := range lists {
		for _, n := range ns {
			out[n] = v
		}
	}
	return out
}

// word is one token of a date: letters (with accents), digits, or a run of
// either with dots and slashes inside ("18.12.", "12/18").
var wordRE = regexp.MustCompile(`[\p{L}]+\.?|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}(\.\d{2,4}|\.)?|\d{1,2}/\d{1,2}(/\d{2,4})?|\d+(?i:st|nd|rd|th|er|e)?\.?`)

// Date reads a day at the start of s ("Fri 18 Dec", "18 December 2026",
// "Dec 18", "2026-12-18", "18.12.", "Friday", "tomorrow") and returns it
// with the rest of s. A day without a year is the next one to come from
// today; a weekday alone is the next such day from today (today itself
// counts). A weekday written beside a date must be that date's, else ok
// is false and problem says so.
func Date(s string, today preread.Date) (d preread.Date, rest string, problem string, ok bool) {
	words := tokens(s)
	if len(words) == 0 {
		return d, s, "", false
	}
	w := words[0]
	switch w.text {
	case "today", "heute", "aujourd'hui", "aujourdhui":
		return today, s[w.end:], "", true
	case "tomorrow", "morgen", "demain":
		return today.AddDays(1), s[w.end:], "", true
	}
	if t, err := time.Parse(time.DateOnly, w.text); err == nil {
		return preread.DateOf(t), s[w.end:], "", true
	}
	weekday, hasWeekday := weekdays[strings.TrimSuffix(w.text, ".")]
	if hasWeekday {
		words = words[1:]
	}
	if d, used, ok := dayMonth(words, today); ok {
		end := words[used-1].end
		if hasWeekday && d.Weekday() != weekday {
			return d, s[end:], fmt2(d, weekday), false
		}
		return d, s[end:], "", true
	}
	if hasWeekday {
		for i := range 7 {
			if d := today.AddDays(i); d.Weekday() == weekday {
				return d, s[w.end:], "", true
			}
		}
	}
	return preread.Date{}, s, "", false
}

// fmt2 says that a date falls on another weekday than written.
func fmt2(d preread.Date, written time.Weekday) string {
	return d.In(time.UTC, preread.Clock{Hour: 12}).Format("2 Jan 2006") + " is a " + d.Weekday().String() + ", not a " + written.String()
}

// token is a word of the text with where it ends, lower case.
type token struct {
	text string
	end  int
}

// tokens reads the first words of s. Each word is lower-cased alone, so
// reading the start of a long text costs no more than a short one, and
// the ends stay offsets into s.
func tokens(s string) []token {
	var out []token
	for _, loc := range wordRE.FindAllStringIndex(s, 8) {
		out = append(out, token{text: strings.ToLower(strings.TrimSpace(s[loc[0]:loc[1]])), end: loc[1]})
	}
	return out
}

// dayMonth reads "18 Dec [2026]", "Dec 18[,] [2026]", "18.12.[2026]",
// "18. Dezember" from words and says how many it used.
func dayMonth(words []token, today preread.Date) (preread.Date, int, bool) {
	if len(words) == 0 {
		return preread.Date{}, 0, false
	}
	if d, m, y, ok := numeric(words[0].text); ok {
		return resolve(d, m, y, today)
	}
	var day, used int
	var month time.Month
	switch {
	case len(words) >= 2 && isDay(words[0].text) && isMonth(words[1].text):
		day, month, used = dayOf(words[0].text), months[strings.TrimSuffix(words[1].text, ".")], 2
	case len(words) >= 2 && isMonth(words[0].text) && isDay(words[1].text):
		day, month, used = dayOf(words[1].text), months[strings.TrimSuffix(words[0].text, ".")], 2
	default:
		return preread.Date{}, 0, false
	}
	year := 0
	if len(words) > used {
		if y, err := strconv.Atoi(strings.TrimSuffix(words[used].text, ".")); err == nil && y >= 2000 && y < 2100 {
			year, used = y, used+1
		}
	}
	d, _, ok := resolve(day, int(month), year, today)
	return d, used, ok
}

// numeric reads "18.12.", "18.12.2026" and "2026-12-18"-free numeric
// forms with dots (day first, as German writes them).
func numeric(s string) (day, month, year int, ok bool) {
	parts := strings.Split(strings.TrimSuffix(s, "."), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return 0, 0, 0, false
		}
		nums[i] = n
	}
	if len(nums) == 3 {
		year = nums[2]
		if year < 100 {
			year += 2000
		}
	}
	return nums[0], nums[1], year, true
}

// resolve makes a date of day, month and year, the year being the next to
// come when 0.
func resolve(day, month, year int, today preread.Date) (preread.Date, int, bool) {
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return preread.Date{}, 0, false
	}
	if year == 0 {
		year = today.Year
		if d := (preread.Date{Year: year, Month: time.Month(month), Day: day}); d.Before(today) {
			year++
		}
	}
	d, err := preread.ParseDate(preread.Date{Year: year, Month: time.Month(month), Day: day}.String())
	return d, 1, err == nil
}

func isMonth(s string) bool {
	_, ok := months[strings.TrimSuffix(s, ".")]
	return ok
}

func isDay(s string) bool { return dayOf(s) > 0 }

// dayOf reads "18", "18th", "18." and "1er" as a day of the month; 0 when
// it is none.
func dayOf(s string) int {
	s = strings.TrimSuffix(s, ".")
	for _, suffix := range []string{"st", "nd", "rd", "th", "er", "e"} {
		s = strings.TrimSuffix(s, suffix)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 31 {
		return 0
	}
	return n
}
