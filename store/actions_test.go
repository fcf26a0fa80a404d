package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
)

const carol, alice = "carol@corp.example", "alice@corp.example"

// followupReply is a reply on Carol and Alice's 1:1 of start: action
// items for the owners given, and a note when text is not empty.
func followupReply(key, from string, start time.Time, text string, owners ...string) preread.Processed {
	p := preread.Processed{Key: key, Sender: from, Outcome: preread.OutcomeFiled}
	for i, o := range owners {
		p.Actions = append(p.Actions, preread.ActionItem{Manager: carol, Report: alice, From: from, Owner: o,
			Text: fmt.Sprintf("%s action %d", key, i+1), Meeting: start, Due: preread.Date{Year: 2026, Month: 12, Day: 4}})
	}
	if text != "" {
		p.MeetingNote = &preread.MeetingNote{Manager: carol, Report: alice, From: from, Meeting: start, Text: text}
	}
	return p
}

func numbers(list []preread.ActionItem) []string {
	var out []string
	for _, a := range list {
		out = append(out, fmt.Sprintf("A%d %s %s", a.Number, a.Owner, a.State))
	}
	return out
}

// A-numbers belong to the pair: given in order, once, and never again,
// even when the item that had one is gone.
func TestActionNumbersAreNeverReused(t *testing.T) {
	ctx := t.Context()
	db, _, c := openAt(t)
	tue := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	record(t, db, c, followupReply("<r1@t>", carol, tue, "", alice, carol))
	record(t, db, c, followupReply("<r2@t>", alice, tue, "", ""))
	// Bob's pair has numbers of its own.
	record(t, db, c, preread.Processed{Key: "<b1@t>", Outcome: preread.OutcomeFiled, Actions: []preread.ActionItem{
		{Manager: carol, Report: "bob@corp.example", From: carol, Text: "bob's"}}})
	open, err := db.OpenActions(ctx, carol, alice)
	if got, want := fmt.Sprint(numbers(open)), fmt.Sprint([]string{"A1 alice@corp.example open", "A2 carol@corp.example open", "A3 alice@corp.example open"}); err != nil || got != want {
		t.Fatalf("OpenActions = %s, %v; want %s", got, err, want)
	}
	if open[0].Due.String() != "2026-12-04" || !open[0].Meeting.Equal(tue) || open[0].From != carol {
		t.Errorf("A1 = %+v", open[0])
	}
	if bobs, _ := db.OpenActions(ctx, carol, "bob@corp.example"); len(bobs) != 1 || bobs[0].Number != 1 {
		t.Errorf("Bob's pair's actions = %v, want A1", numbers(bobs))
	}
	if _, err := store.SQL(db).Exec(`DELETE FROM actions WHERE number = 3`); err != nil {
		t.Fatal(err)
	}
	record(t, db, c, followupReply("<r3@t>", carol, tue, "", alice))
	// Either of the pair closes one; a closed one stays closed.
	record(t, db, c, preread.Processed{Key: "<r4@t>", Outcome: preread.OutcomeFiled,
		CloseActions: &preread.CloseActions{Manager: carol, Report: alice, Numbers: []int{1, 99}, By: alice}})
	record(t, db, c, preread.Processed{Key: "<r5@t>", Outcome: preread.OutcomeFiled,
		CloseActions: &preread.CloseActions{Manager: carol, Report: alice, Numbers: []int{1}, By: carol}})
	open, _ = db.OpenActions(ctx, carol, alice)
	if got, want := fmt.Sprint(numbers(open)), fmt.Sprint([]string{"A2 carol@corp.example open", "A4 alice@corp.example open"}); got != want {
		t.Errorf("OpenActions after closing A1 = %s, want %s", got, want)
	}
	nb, err := db.PairNotebook(ctx, carol, alice, preread.Date{})
	if err != nil || len(nb.Actions) != 3 || nb.Actions[0].State != preread.ActionDone || nb.Actions[0].ClosedBy != alice ||
		!nb.Actions[0].Closed.Equal(time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC)) {
		t.Errorf("PairNotebook actions = %+v, %v; want A1 closed by alice, by the fifth message", nb.Actions, err)
	}
}

// A meeting's notes, the items its pre-read listed and the items closed
// since come back for the next pre-read and the follow-up.
func TestMeetingNotesAndClosedItems(t *testing.T) {
	ctx := t.Context()
	db, _, c := openAt(t)
	record(t, db, c, agenda("<i1@t>", alice, carol, alice, "alice's topic"))
	record(t, db, c, agenda("<i2@t>", carol, carol, alice, "carol's topic"))
	items, _ := db.OpenItems(ctx, carol, alice)
	first := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	second := first.AddDate(0, 0, 7)
	if err := db.SaveMeeting(ctx, carol, alice, preread.Meeting{Start: first, At: first}, []int64{items[0].ID, items[1].ID}, nil); err != nil {
		t.Fatal(err)
	}
	prereadAt := c.now
	record(t, db, c, preread.Processed{Key: "<done@t>", Outcome: preread.OutcomeFiled,
		Done: &preread.Done{Manager: carol, Report: alice, Meeting: first, Numbers: []int{1, 2}, By: carol}})
	record(t, db, c, followupReply("<n1@t>", carol, first, "carol's notes"))
	record(t, db, c, followupReply("<n2@t>", alice, first, "alice's notes"))
	record(t, db, c, followupReply("<n0@t>", alice, first.AddDate(0, 0, -7), "older notes"))

	notes, err := db.LastMeetingNotes(ctx, carol, alice, second)
	if err != nil || len(notes) != 2 || notes[0].Text != "carol's notes" || notes[1].From != alice || !notes[0].Meeting.Equal(first) {
		t.Errorf("LastMeetingNotes = %+v, %v; want carol's and alice's notes of the first meeting", notes, err)
	}
	if notes, _ := db.LastMeetingNotes(ctx, carol, alice, first); len(notes) != 0 {
		t.Errorf("LastMeetingNotes(before the first) = %+v, want none: no meeting before it had a pre-read", notes)
	}
	closed, err := db.ClosedSince(ctx, carol, alice, prereadAt)
	if err != nil || len(closed) != 2 || closed[0].ClosedBy != carol || closed[0].Closed.IsZero() {
		t.Errorf("ClosedSince = %+v, %v; want both items, closed by carol", closed, err)
	}
	listed, err := db.ListedItems(ctx, carol, alice, first)
	if err != nil || len(listed) != 2 || listed[0].State != preread.ItemDone {
		t.Errorf("ListedItems = %+v, %v; want the two items, done", listed, err)
	}
	nb, err := db.PairNotebook(ctx, carol, alice, preread.Date{Year: 2026, Month: 11, Day: 24})
	if err != nil || len(nb.MeetingNotes) != 3 || len(nb.Meetings) != 1 || len(nb.Meetings[0].Items) != 2 {
		t.Errorf("PairNotebook = %d meeting notes, %+v, %v; want 3 and one meeting of 2 items", len(nb.MeetingNotes), nb.Meetings, err)
	}
	p, err := db.Processed(ctx, "<n1@t>")
	if err != nil || p.Kind != preread.AddressReply {
		t.Errorf("Processed(a follow-up reply) = %+v, %v; want kind reply", p, err)
	}
	// The second meeting has no notes: the first's do not come back.
	if err := db.SaveMeeting(ctx, carol, alice, preread.Meeting{Start: second, At: second}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if notes, _ := db.LastMeetingNotes(ctx, carol, alice, second.AddDate(0, 0, 7)); len(notes) != 0 {
		t.Errorf("LastMeetingNotes after a meeting with none = %+v, want none", notes)
	}
}

// A pair's notebook shows the report's status from a week before the
// pair's first record on: a new manager does not read what the report
// wrote for the one before.
func TestPairNotebookStatusStartsWithThePair(t *testing.T) {
	ctx := t.Context()
	db, _, c := openAt(t)
	for i, day := range []int{2, 16, 18, 20} { // November
		p := status(fmt.Sprintf("<s%d@t>", i), alice, fmt.Sprintf("status of %d Nov", day))
		p.Status.Date = preread.Date{Year: 2026, Month: 11, Day: day}
		record(t, db, c, p)
	}
	if nb, err := db.PairNotebook(ctx, carol, alice, preread.Date{Year: 2020, Month: 1, Day: 1}); err != nil || len(nb.Status) != 2 {
		t.Errorf("a pair with no record yet: %d status entries, %v; want the last week's two", len(nb.Status), err)
	}
	record(t, db, c, agenda("<i1@t>", alice, carol, alice, "first topic")) // the pair's first record, 24 Nov
	c.now = c.now.AddDate(0, 0, 30)                                        // a month on, the pair's start still counts
	nb, err := db.PairNotebook(ctx, carol, alice, preread.Date{Year: 2020, Month: 1, Day: 1})
	if err != nil || len(nb.Status) != 2 {
		t.Errorf("PairNotebook since 2020: %+v, %v; want the status of 18 and 20 Nov, not of 2 or 16 Nov", nb.Status, err)
	}
}
