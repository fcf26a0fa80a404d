package mailin

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/preread/preread"
)

func TestReplyLinesDone(t *testing.T) {
	cases := []struct {
		in     string
		nums   []int
		closed []int
		rest   string
	}{
		{"DONE 2", []int{2}, nil, ""},
		{"done 2, 5", []int{2, 5}, nil, ""},
		{"DONE 2 and 5.", []int{2, 5}, nil, ""},
		{"Done: #3 & #4", []int{3, 4}, nil, ""},
		{"DONE 1\nWhat about the offsite?", []int{1}, nil, "What about the offsite?"},
		{"DONE A3", nil, []int{3}, ""},
		{"done a1, A12 and 4", []int{4}, []int{1, 12}, ""},
		{"Is this done 2 weeks from now?", nil, nil, "Is this done 2 weeks from now?"},
		{"DONE", nil, nil, "DONE"},
		{"We are done 2", nil, nil, "We are done 2"},
		{"DONE 99999999", nil, nil, ""},
	}
	for _, tc := range cases {
		r := readReplyLines(tc.in, "carol@corp.example", preread.Date{Year: 2026, Month: 12, Day: 2}, func(string) string { return "" })
		if !slices.Equal(r.done, tc.nums) || !slices.Equal(r.closed, tc.closed) || r.rest != tc.rest || len(r.actions) > 0 {
			t.Errorf("readReplyLines(%q) = done %v, closed %v, rest %q, actions %v; want %v, %v, %q, none",
				tc.in, r.done, r.closed, r.rest, r.actions, tc.nums, tc.closed, tc.rest)
		}
	}
}

func TestReplyLinesActions(t *testing.T) {
	const carol, alice = "carol@corp.example", "alice@corp.example"
	member := func(name string) string {
		switch strings.ToLower(name) {
		case "alice", "alice liddell", "alice@corp.example":
			return alice
		case "carol":
			return carol
		}
		return ""
	}
	wed := preread.Date{Year: 2026, Month: 12, Day: 2} // a Wednesday
	day := func(s string) preread.Date {
		d, err := preread.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cases := []struct {
		in   string
		want []writtenAction // nil: the line is text
	}{
		{"ACTION: send the draft", []writtenAction{{carol, "send the draft", preread.Date{}}}},
		{"ACTION Alice: send the draft by Fri", []writtenAction{{alice, "send the draft", day("2026-12-04")}}},
		{"action me: book the room by 10 Dec.", []writtenAction{{carol, "book the room", day("2026-12-10")}}},
		{"TODO: @alice ask Priya, due 2026-12-10", []writtenAction{{alice, "ask Priya", day("2026-12-10")}}},
		{"- TODO: review the plan (by 2026-12-18)", []writtenAction{{carol, "review the plan", day("2026-12-18")}}},
		{"- [ ] @Alice write up the rollout", []writtenAction{{alice, "write up the rollout", preread.Date{}}}},
		{"TODO @alice: write the abstract", []writtenAction{{alice, "write the abstract", preread.Date{}}}},
		{"- [ ] @alice: write the abstract", []writtenAction{{alice, "write the abstract", preread.Date{}}}},
		{"* [ ] ship it by Friday", []writtenAction{{carol, "ship it", day("2026-12-04")}}},
		{"ACTION Alice Liddell: talk to Sam", []writtenAction{{alice, "talk to Sam", preread.Date{}}}},
		{"TODO talk to Sam by tomorrow", []writtenAction{{carol, "talk to Sam", day("2026-12-03")}}},
		{"ACTION: stand by Priya", []writtenAction{{carol, "stand by Priya", preread.Date{}}}},
		{"ACTION: by Fri", []writtenAction{{carol, "by Fri", preread.Date{}}}},
		{"ACTION: mention @bob in the doc", []writtenAction{{carol, "mention @bob in the doc", preread.Date{}}}},
		{"Action plan: ship it", nil},
		{"Action items were discussed at length.", nil},
		{"todo list is long", nil},
		// Someone outside the pair owns nothing here: the sender does, and
		// the name stays in the text.
		{"ACTION Sam: call the vendor", []writtenAction{{carol, "Sam: call the vendor", preread.Date{}}}},
		{"Action Sam: call the vendor", nil},
		{"ACTION:", nil},
		// A date far out is no due date: it stays in the text.
		{"ACTION: archive the logs by 2001-01-01", []writtenAction{{carol, "archive the logs by 2001-01-01", preread.Date{}}}},
		{"TODO: renew the domain due 2099-06-30", []writtenAction{{carol, "renew the domain due 2099-06-30", preread.Date{}}}},
	}
	for _, tc := range cases {
		r := readReplyLines(tc.in, carol, wed, member)
		if got, want := fmt.Sprint(r.actions), fmt.Sprint(tc.want); got != want {
			t.Errorf("readReplyLines(%q) actions = %s, want %s", tc.in, got, want)
		}
		if tc.want == nil && r.rest != strings.TrimSpace(tc.in) {
			t.Errorf("readReplyLines(%q) rest = %q, want the line", tc.in, r.rest)
		}
	}
}

// TestReplyLinesBounds: a reply raises at most maxActions action items,
// the rest of its action lines kept as text and counted; and a line with
// thousands of due words and no date is read in linear time (it took
// minutes when each "by" was tried as a date over the rest of the line).
func TestReplyLinesBounds(t *testing.T) {
	const carol = "carol@corp.example"
	none := func(string) string { return "" }
	wed := preread.Date{Year: 2026, Month: 12, Day: 2}
	var lines []string
	for i := range maxActions + 5 {
		lines = append(lines, fmt.Sprintf("- [ ] task number %d", i+1))
	}
	r := readReplyLines(strings.Join(lines, "\n"), carol, wed, none)
	if len(r.actions) != maxActions || r.over != 5 || !strings.Contains(r.rest, fmt.Sprintf("task number %d", maxActions+5)) ||
		strings.Contains(r.rest, "task number 1\n") {
		t.Errorf("%d task lines: %d actions, %d over, rest %q; want %d, 5 and the last five as text", maxActions+5, len(r.actions), r.over, r.rest, maxActions)
	}
	long := "ACTION: ask " + strings.Repeat("By ", 20_000) + "the team"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r = readReplyLines(long, carol, wed, none)
	runtime.ReadMemStats(&after)
	if len(r.actions) != 1 || !r.actions[0].due.IsZero() {
		t.Errorf("the long line: %d actions; want one with no due date", len(r.actions))
	}
	// A copy of the rest of the line per due word is about 300 MB here;
	// reading it once is well under 64 MiB even with the race detector and
	// other goroutines of the process counted.
	if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
		t.Errorf("reading a %d-byte line allocated %d bytes; want it linear in the line, not a copy per due word", len(long), n)
	}
}
