package when

import (
	"strings"
	"testing"

	"github.com/preread/preread"
)

// today is Sun 6 Dec 2026.
var today = preread.Date{Year: 2026, Month: 12, Day: 6}

func d(s string) preread.Date {
	x, err := preread.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestRange(t *testing.T) {
	cases := []struct {
		in       string
		from, to string
	}{
		{"", "2026-12-06", "2026-12-06"},
		{"today", "2026-12-06", "2026-12-06"},
		{"Tomorrow", "2026-12-07", "2026-12-07"},
		{"next week", "2026-12-07", "2026-12-13"},
		{"this week", "2026-12-06", "2026-12-06"},
		{"until Fri 18 Dec", "2026-12-06", "2026-12-18"},
		{"until friday", "2026-12-06", "2026-12-11"},
		{"till 18 December", "2026-12-06", "2026-12-18"},
		{"until Dec 18", "2026-12-06", "2026-12-18"},
		{"until 2026-12-18", "2026-12-06", "2026-12-18"},
		{"2026-12-21..2027-01-04", "2026-12-21", "2027-01-04"},
		{"21 Dec - 4 Jan", "2026-12-21", "2027-01-04"},
		{"from Mon 21 Dec to Mon 4 Jan 2027", "2026-12-21", "2027-01-04"},
		{"Dec 21 – Jan 4", "2026-12-21", "2027-01-04"},
		{"back on Monday", "2026-12-06", "2026-12-06"},
		{"back on 10 Dec", "2026-12-06", "2026-12-09"},
		{"for 3 days", "2026-12-06", "2026-12-08"},
		{"18 Dec", "2026-12-18", "2026-12-18"},
		{"3 Jan", "2027-01-03", "2027-01-03"}, // no year: the next one to come
		{"bis zum 18. Dezember", "2026-12-06", "2026-12-18"},
		{"bis 18.12.", "2026-12-06", "2026-12-18"},
		{"vom 21.12. bis 4.1.2027", "2026-12-21", "2027-01-04"},
		{"nächste Woche", "2026-12-07", "2026-12-13"},
		{"morgen", "2026-12-07", "2026-12-07"},
		{"jusqu'au 18 décembre", "2026-12-06", "2026-12-18"},
		{"du 21 décembre au 4 janvier", "2026-12-21", "2027-01-04"},
		{"demain", "2026-12-07", "2026-12-07"},
		{"2026-12-01..2026-12-10", "2026-12-06", "2026-12-10"}, // the past part is dropped
	}
	for _, tc := range cases {
		r, problem := Range(tc.in, today)
		if problem != "" || r.From != d(tc.from) || r.To != d(tc.to) {
			t.Errorf("Range(%q) = %v, %q; want %s..%s", tc.in, r, problem, tc.from, tc.to)
		}
	}
}

func TestRangeProblems(t *testing.T) {
	cases := map[string]string{
		"2026-12-01..2027-06-30":   "it is 207 days long (Sun 6 Dec to Wed 30 Jun); the longest is 90 days",
		"2026-11-01..2026-11-20":   "in the past",
		"until 2026-11-20":         "in the past",
		"sometime soon maybe":      "no days could be read",
		"until the cows come home": "no days could be read",
		"Thu 18 Dec":               "18 Dec 2026 is a Friday, not a Thursday",
		"10 Dec..8 Dec":            "before it starts",
		"for 0 days":               "a number of days",
		"until Fri 18 Dec please":  "no days could be read",
	}
	for in, want := range cases {
		if _, problem := Range(in, today); !strings.Contains(problem, want) {
			t.Errorf("Range(%q) problem = %q, want it to say %q", in, problem, want)
		}
	}
}

func TestReturnDate(t *testing.T) {
	cases := []struct {
		text string
		want string // "" for none
	}{
		{"Thank you for your email. I am out of the office until Friday, 18 December, with limited access to email.", "2026-12-18"},
		{"I'm away and back on 4 January. For urgent matters contact Bob.", "2027-01-03"},
		{"Ich bin bis zum 4. Januar nicht im Büro und lese keine E-Mails.", "2027-01-04"},
		{"Je suis absente jusqu'au 4 janvier inclus.", "2027-01-04"},
		{"I will be out of office through 2026-12-18.", "2026-12-18"},
		{"Ab dem 11.12. bin ich wieder erreichbar.", "2026-12-10"},
		{"Je serai de retour le lundi 14 décembre.", "2026-12-13"},
		{"I am currently out of the office with limited access to email.", ""},
		{"I was away until 2 December.", ""}, // in the past
	}
	for _, tc := range cases {
		got, ok := ReturnDate(tc.text, today)
		if tc.want == "" {
			if ok {
				t.Errorf("ReturnDate(%q) = %s, want none", tc.text, got)
			}
			continue
		}
		if !ok || got != d(tc.want) {
			t.Errorf("ReturnDate(%q) = %s, %v; want %s", tc.text, got, ok, tc.want)
		}
	}
}

func TestFormatRange(t *testing.T) {
	if got := FormatRange(preread.DateRange{From: d("2026-12-21"), To: d("2027-01-04")}); got != "Mon 21 Dec 2026 – Mon 4 Jan 2027" {
		t.Errorf("FormatRange across a year = %q", got)
	}
	if got := FormatRange(preread.DateRange{From: d("2026-12-21"), To: d("2026-12-24")}); got != "Mon 21 Dec – Thu 24 Dec" {
		t.Errorf("FormatRange = %q", got)
	}
}
