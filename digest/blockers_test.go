package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

func TestClearsBlockers(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Infra fixed it, no longer blocked.", true},
		{"Unblocked! The runners have disk again.", true},
		{"I'm not blocked anymore", true},
		{"Yesterday: x\nToday: y\nBlockers: none", true},
		{"Yesterday: x\nToday: y\n- **Blockers:** n/a", true},
		{"Yesterday: x\nToday: y\nBlockers:", true},
		{"## Blockers\nnothing", true},
		{"B: -", true},
		{"Gestern: x\nHeute: y\nNicht mehr blockiert.", true},
		{"Je ne suis plus bloqué.", true},
		{"Update: back-off is merged.", false},
		{"Bob blocked the merge until the review.", false},
		{"Blocking on nothing in particular, just reviews.", false},
		{"bob: thanks for the review", false},
		{"Read about unblockedness.", false},
	}
	for _, tt := range tests {
		e := preread.StatusEntry{Text: tt.text}
		if got := clearsBlockers(e); got != tt.want {
			t.Errorf("clearsBlockers(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestStatusOfDay(t *testing.T) {
	blocked := func(b string) preread.StatusEntry { return entry(dan, 24, time.Time{}, "", "y", "t", b) }
	free := func(text string) preread.StatusEntry { return entry(dan, 24, time.Time{}, text, "", "", "") }
	tests := []struct {
		name    string
		entries []preread.StatusEntry
		want    dayStatus
	}{
		{"none", nil, dayStatus{Source: -1, Cleared: -1}},
		{"one blocker", []preread.StatusEntry{blocked("disk")}, dayStatus{"disk", 0, -1}},
		{"later says nothing", []preread.StatusEntry{blocked("disk"), free("merged")}, dayStatus{"disk", 0, -1}},
		{"later replaces", []preread.StatusEntry{blocked("disk"), blocked("network")}, dayStatus{"network", 1, -1}},
		{"later clears", []preread.StatusEntry{blocked("disk"), free("no longer blocked")}, dayStatus{"", -1, 1}},
		{"cleared, then blocked again", []preread.StatusEntry{blocked("disk"), free("unblocked"), blocked("network")}, dayStatus{"network", 2, -1}},
		{"clears nothing", []preread.StatusEntry{free("Blockers: none")}, dayStatus{"", -1, -1}},
	}
	for _, tt := range tests {
		if got := statusOfDay(tt.entries); got != tt.want {
			t.Errorf("statusOfDay(%s) = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestLatestDay(t *testing.T) {
	mon := entry(alice, 23, at(23, 22, 0), "late Monday", "", "", "")
	tue1 := entry(alice, 24, at(24, 9, 0), "Tuesday", "", "", "")
	tue2 := entry(alice, 24, at(24, 10, 0), "Tuesday again", "", "", "")
	latest, rest := latestDay([]preread.StatusEntry{mon, tue1, tue2})
	if len(latest) != 2 || latest[0].Text != "Tuesday" || latest[1].Text != "Tuesday again" || len(rest) != 1 || rest[0].Text != "late Monday" {
		t.Errorf("latestDay = %v, %v; want Tuesday's two, then Monday's", latest, rest)
	}
}

// A blocker of an earlier day answered late stays with its entry, not at
// the top, once the member wrote for the digest's day without one.
func TestDigestLateBlockerIsNotCurrent(t *testing.T) {
	day := TeamDay{Team: platform, Date: tue24, Members: []Member{{Person: alice, Entries: []preread.StatusEntry{
		entry(alice, 23, at(23, 22, 0), "", "Reviews.", "Outbox.", "No staging access."),
		entry(alice, 24, at(24, 9, 0), "", "Outbox.", "More outbox.", ""),
	}}}}
	e := TeamDigest(day, carol, Addresses{})
	if e.Subject != "[Platform] Status, Tue 24 Nov: all clear" {
		t.Errorf("subject = %q, want all clear", e.Subject)
	}
	for _, want := range []string{"Latest, at 09:00", "Earlier, for Mon 23 Nov, at 22:00", "Blockers:\n    No staging access."} {
		if !strings.Contains(e.Text, want) {
			t.Errorf("digest lacks %q:\n%s", want, e.Text)
		}
	}
}

// A pre-read lists a day's blockers as they stood at its end.
func TestPrereadBlockersOfTheDay(t *testing.T) {
	s := buildStatus([]preread.StatusEntry{
		entry(alice, 23, at(23, 9, 0), "", "a", "b", "Disk full."),
		entry(alice, 23, at(23, 14, 0), "Unblocked, Infra cleaned up.", "", "", ""),
		entry(alice, 24, at(24, 9, 0), "", "a", "b", "VPN down."),
		entry(alice, 24, at(24, 12, 0), "", "a", "b", "VPN still down, ticket open."),
	}, false)
	if len(s.Blockers) != 1 || s.Blockers[0].Day != "Tue 24 Nov" || s.Blockers[0].Text.Text != "VPN still down, ticket open." {
		t.Errorf("buildStatus blockers = %+v, want only Tuesday's last", s.Blockers)
	}
}
