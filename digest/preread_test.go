package digest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
)

func TestPrereadSubject(t *testing.T) {
	tokyo := mailtest.Zone("Asia/Tokyo")
	paris := mailtest.Zone("Europe/Paris")
	tests := []struct {
		name   string
		reader preread.Person
		want   string
	}{
		{"manager in the meeting's zone", carol, "1:1 with Alice, Tue 24 Nov 10:00: pre-read"},
		{"report in New York", alice, "1:1 with Carol, Tue 24 Nov 04:00 EST: pre-read"},
		{"manager in Tokyo", person(carol.Email, carol.Name, tokyo), "1:1 with Alice, Tue 24 Nov 18:00 JST: pre-read"},
		{"same offset and name", person(carol.Email, carol.Name, paris), "1:1 with Alice, Tue 24 Nov 10:00: pre-read"},
		{"no zone: the meeting's", person(carol.Email, carol.Name, nil), "1:1 with Alice, Tue 24 Nov 10:00: pre-read"},
	}
	for _, tt := range tests {
		if got := Preread(meeting(), tt.reader, Addresses{}).Subject; got != tt.want {
			t.Errorf("%s: Preread.Subject = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPrereadEmail(t *testing.T) {
	addr := AddressesFor(preread.Mailbox{Address: "preread@corp.example", Separator: "+"}, "abcdefghijkmnop2")
	e := Preread(fullMeeting(), carol, addr)
	// One pre-read per meeting and reader; replies are filed on the pair.
	wantPeriod := "carol@corp.example:alice@corp.example/2026-11-24T09:00:00Z"
	if e.Kind != preread.KindPreread || e.To != carol.Email || e.Period != wantPeriod || !e.Date.IsZero() ||
		e.ReplyTo != "preread+reply.abcdefghijkmnop2@corp.example" {
		t.Errorf("Preread = kind %q to %q period %q date %v reply-to %q; want period %q and the reader's reply address",
			e.Kind, e.To, e.Period, e.Date, e.ReplyTo, wantPeriod)
	}
}

func TestAgendaOrder(t *testing.T) {
	groups, n := buildAgenda(fullMeeting())
	if n != 12 {
		t.Errorf("buildAgenda counted %d items, want 12", n)
	}
	var titles []string
	var numbers []int
	for _, g := range groups {
		titles = append(titles, g.Title)
		for _, it := range g.Items {
			numbers = append(numbers, it.Number)
		}
	}
	wantTitles := []string{"Growth", "Feedback", "Asking for help", "Offering help", "Ideas", "Other topics"}
	if !reflect.DeepEqual(titles, wantTitles) {
		t.Errorf("groups = %q, want %q", titles, wantTitles)
	}
	// New items first in each category, else in the order given.
	wantNumbers := []int{6, 1, 9, 3, 10, 2, 7, 8, 11, 4, 12, 5}
	if !reflect.DeepEqual(numbers, wantNumbers) {
		t.Errorf("item order = %v, want %v", numbers, wantNumbers)
	}
}

func TestItemMeta(t *testing.T) {
	m := fullMeeting()
	tests := []struct {
		from    string
		isNew   bool
		carried int
		want    string
	}{
		{alice.Email, true, 0, "New"},
		{alice.Email, false, 1, "Carried over from the last meeting"},
		{alice.Email, false, 4, "Carried over from 4 meetings ago"},
		{"Carol@Corp.Example", true, 0, "New; raised by Carol"}, // addresses compare case-insensitively
		{bob.Email, false, 2, "Carried over from 2 meetings ago; raised by bob@corp.example"},
	}
	for _, tt := range tests {
		it := item(1, preread.CategoryGrowth, alice, tt.isNew, tt.carried, "s", "t")
		it.From = tt.from
		if got := buildItem(it, m).Meta; got != tt.want {
			t.Errorf("buildItem(from %s, new %v, carried %d).Meta = %q, want %q", tt.from, tt.isNew, tt.carried, got, tt.want)
		}
	}
}

func TestForwardedItem(t *testing.T) {
	var fwd itemView
	for _, g := range buildPreread(fullMeeting(), carol).Groups {
		for _, it := range g.Items {
			if it.Number == 7 {
				fwd = it
			}
		}
	}
	if fwd.Title != "Forwarded from Priya Natarajan <priya@corp.example>: Migration help wanted" {
		t.Errorf("forwarded item title = %q", fwd.Title)
	}
	if fwd.NoteBy != "Alice's note" || !strings.HasPrefix(fwd.Note.Text, "I know the old cron setup") || !fwd.Quoted {
		t.Errorf("forwarded item = %+v", fwd)
	}
}

func TestPrereadReply(t *testing.T) {
	full := Preread(fullMeeting(), carol, Addresses{}).Text
	if !strings.Contains(full, "Reply DONE 6 (or DONE 6, 1) to close items; anything else you write is\nsent to Alice as a question before the meeting.") {
		t.Errorf("the manager's pre-read does not say how to close items and ask:\n%s", full)
	}
	report := Preread(fullMeeting(), alice, Addresses{}).Text
	if !strings.Contains(report, "your agenda address") {
		t.Errorf("the report's copy does not say how to add topics:\n%s", report)
	}
	m := meeting()
	m.Items = []Item{item(3, preread.CategoryIdea, alice, true, 0, "One thing", "")}
	if one := Preread(m, carol, Addresses{}).Text; !strings.Contains(one, "Reply DONE 3 to close the item;") {
		t.Errorf("with one item:\n%s", one)
	}
}

func TestPrereadStatus(t *testing.T) {
	s := buildStatus(fullMeeting().Status, false)
	if len(s.Highlights) != statusShown || s.HighlightsEarlier != 4 {
		t.Errorf("highlights: %d shown, %d earlier; want %d and 4", len(s.Highlights), s.HighlightsEarlier, statusShown)
	}
	if len(s.Blockers) != 4 || s.Blockers[0].Day != "Tue 10 Nov" {
		t.Errorf("blockers = %+v", s.Blockers)
	}
	if last := s.Highlights[len(s.Highlights)-1]; last.Day != "Mon 23 Nov" {
		t.Errorf("the last highlight is of %s, want Mon 23 Nov", last.Day)
	}
	long := entry(alice, 23, time.Time{}, "", "", strings.Repeat("word ", 100), "")
	if h := highlight(long); len([]rune(h.Text)) > highlightLimit+1 || !strings.HasSuffix(h.Text, "…") {
		t.Errorf("highlight of 500 characters = %q", h.Text)
	}
	first := buildPreread(meeting(), carol)
	if first.Status.Title != "Status since the last 1:1" {
		t.Errorf("status title = %q", first.Status.Title)
	}
	m := meeting()
	m.Last = time.Time{}
	if v := buildPreread(m, carol); v.Previous != "" || v.Status.Title != "Recent status" {
		t.Errorf("first meeting: previous %q, status title %q", v.Previous, v.Status.Title)
	}
}

func TestPrereadNoItemsNudge(t *testing.T) {
	e := Preread(meeting(), carol, Addresses{})
	if !strings.Contains(e.Text, "Alice's agenda is empty. You could ask:") {
		t.Errorf("the manager's nudge is missing:\n%s", e.Text)
	}
	if e := Preread(meeting(), alice, Addresses{}); !strings.Contains(e.Text, "Your agenda is empty.") {
		t.Errorf("the report's nudge is missing:\n%s", e.Text)
	}
	m47, m48 := meeting(), meeting()
	m47.Week, m48.Week = 47, 48
	q47, q48 := buildPreread(m47, carol).Questions, buildPreread(m48, carol).Questions
	if len(q47) != 3 || reflect.DeepEqual(q47, q48) {
		t.Errorf("questions for weeks 47 and 48: %q and %q, want three, different", q47, q48)
	}
}
