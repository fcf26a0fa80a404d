package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

func TestDigestSubject(t *testing.T) {
	blocked := func(p preread.Person) Member {
		return Member{Person: p, BlockerStreak: 1, Entries: []preread.StatusEntry{entry(p, 24, at(24, 9, 0), "", "y", "t", "stuck")}}
	}
	fine := func(p preread.Person) Member {
		return Member{Person: p, Entries: []preread.StatusEntry{entry(p, 24, at(24, 9, 0), "all good", "", "", "")}}
	}
	tests := []struct {
		members []Member
		want    string
	}{
		{nil, "[Platform] Status, Tue 24 Nov: no updates yet"},
		{[]Member{{Person: alice}, {Person: bob, Away: true}}, "[Platform] Status, Tue 24 Nov: no updates yet"},
		{[]Member{fine(alice), {Person: bob}}, "[Platform] Status, Tue 24 Nov: all clear"},
		{[]Member{blocked(alice), fine(bob)}, "[Platform] Status, Tue 24 Nov: 1 blocker"},
		{[]Member{blocked(alice), blocked(bob), fine(dan)}, "[Platform] Status, Tue 24 Nov: 2 blockers"},
	}
	for _, tt := range tests {
		e := TeamDigest(TeamDay{Team: platform, Date: tue24, Members: tt.members}, carol, Addresses{})
		if e.Subject != tt.want {
			t.Errorf("TeamDigest(%d members).Subject = %q, want %q", len(tt.members), e.Subject, tt.want)
		}
	}
}

func TestTeamDigestEmail(t *testing.T) {
	e := TeamDigest(fullDay(), alice, Addresses{})
	if e.Kind != preread.KindDigest || e.To != alice.Email || e.Text == "" || e.HTML == "" {
		t.Errorf("TeamDigest = kind %q to %q, text %d bytes, HTML %d bytes", e.Kind, e.To, len(e.Text), len(e.HTML))
	}
	// The period is the outbox key: one digest per team, reader and day.
	if e.Period != "Platform/2026-11-24" || !e.Date.IsZero() || e.ReplyTo != "" {
		t.Errorf("TeamDigest set period %q, date %v, reply-to %q; want period Platform/2026-11-24 and the rest the caller's", e.Period, e.Date, e.ReplyTo)
	}
	// Alice reads in New York: Bob's two replies show New York times.
	if !strings.Contains(e.Text, "Earlier today, at 03:12") || !strings.Contains(e.Text, "Latest, at 08:40") {
		t.Errorf("TeamDigest for a New York reader does not show New York times:\n%s", e.Text)
	}
}

func TestDigestOrder(t *testing.T) {
	e := TeamDigest(fullDay(), carol, Addresses{})
	order := []string{"Blockers", "Waiting for the staging", "The CI runners", "Updates",
		"Alice Liddell", "Bob Builder", "Latest, at 14:40", "back-off is merged", "Earlier today, at 09:12", "retry with back-off",
		"Dan Brown", "Erin Hale"}
	rest := e.Text
	for _, s := range order {
		i := strings.Index(rest, s)
		if i < 0 {
			t.Fatalf("the digest lacks %q after the parts before it:\n%s", s, e.Text)
		}
		rest = rest[i+len(s):]
	}
}

func TestDigestAwayWithEntry(t *testing.T) {
	// Someone away who still replied is shown with their update, not as away.
	day := awayDay()
	day.Members[1].Entries = []preread.StatusEntry{entry(bob, 24, at(24, 9, 0), "Checking in from the beach.", "", "", "")}
	e := TeamDigest(day, carol, Addresses{})
	if !strings.Contains(e.Text, "Checking in from the beach.") || strings.Contains(e.Text, "Away:") {
		t.Errorf("an away member who replied:\n%s", e.Text)
	}
}

func TestDigestBlockerOnly(t *testing.T) {
	day := TeamDay{Team: platform, Date: tue24, Members: []Member{
		{Person: dan, BlockerStreak: 1, Entries: []preread.StatusEntry{entry(dan, 24, time.Time{}, "", "", "", "Locked out of my laptop.")}},
	}}
	e := TeamDigest(day, carol, Addresses{})
	for _, want := range []string{"Locked out of my laptop.", blockerOnly} {
		if !strings.Contains(e.Text, want) || !strings.Contains(e.HTML, want) {
			t.Errorf("a blocker-only reply does not show %q:\n%s", want, e.Text)
		}
	}
}

func TestEntryBudget(t *testing.T) {
	long := strings.Repeat("word ", 400) // 2,000 characters
	ev := buildEntry(entry(alice, 24, time.Time{}, "", long, long, ""), true)
	if !ev.Cut {
		t.Errorf("buildEntry of two 2,000-character sections is not cut")
	}
	n := 0
	for _, s := range ev.Sections {
		n += len([]rune(s.Text.Text))
	}
	if n > entryLimit+2 {
		t.Errorf("buildEntry kept %d characters, want at most %d", n, entryLimit)
	}
}

// Only members asked for a digest are missing from it; one who was not
// asked (added today, or prompted after this digest) is not named at all.
func TestDigestNamesOnlyAskedAsMissing(t *testing.T) {
	day := TeamDay{Team: platform, Date: tue24, Members: []Member{
		{Person: alice},
		{Person: bob, Asked: true},
		{Person: dan, Entries: []preread.StatusEntry{entry(dan, 24, at(24, 9, 0), "Wrote without a prompt.", "", "", "")}},
	}}
	e := TeamDigest(day, carol, Addresses{})
	if !strings.Contains(e.Text, "No update yet: Bob Builder\n") || strings.Contains(e.Text, "Alice") || !strings.Contains(e.Text, "Wrote without a prompt.") {
		t.Errorf("digest with Alice not asked, Bob asked and silent, Dan unprompted:\n%s", e.Text)
	}
}
