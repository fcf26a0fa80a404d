package store_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

const bob = "bob@corp.example"

// calendarPart files one calendar part for Carol and Bob, dropping the
// parts named.
func calendarPart(key, uid, data string, drop ...int64) preread.Processed {
	return preread.Processed{Key: key, Sender: "calendar-notification@google.com", Outcome: preread.OutcomeFiled,
		Calendar: []preread.CalendarUpdate{{Manager: carol, Report: bob, Drop: drop,
			Part: preread.CalendarPart{UID: uid, Data: []byte(data), Zone: "Europe/Berlin"}}}}
}

// Each person has a calendar token of their own, apart from their reply
// token; rotate-token replaces it, and the old one names nobody.
func TestCalendarTokens(t *testing.T) {
	ctx := t.Context()
	db := storetest.Synced(t, storetest.Directory(t), store.Options{})
	ct, err := db.CalendarToken(ctx, carol)
	if err != nil || !preread.LooksLikeToken(ct) {
		t.Fatalf("CalendarToken(carol) = %q, %v; want a token", ct, err)
	}
	reply, _ := db.Token(ctx, carol)
	if other, _ := db.CalendarToken(ctx, bob); ct == reply || ct == other {
		t.Errorf("Carol's calendar token %q is her reply token or Bob's calendar token", ct)
	}
	if owner, err := db.CalendarOwner(ctx, strings.ToUpper(ct)); err != nil || owner != carol {
		t.Errorf("CalendarOwner(Carol's, upper case) = %q, %v; want carol", owner, err)
	}
	if _, _, err := db.TokenOwner(ctx, ct); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("TokenOwner(Carol's calendar token) = %v, want not found: it authenticates no filing", err)
	}
	var told string
	_, err = db.RotateToken(ctx, carol, func(token, calendarToken string) (preread.Rendered, error) {
		told = calendarToken
		return preread.Rendered{MessageID: "<rotate@t>", Raw: []byte("x"),
			Email: preread.Email{Kind: preread.KindToken, To: carol, Period: "token/1"}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	now, _ := db.CalendarToken(ctx, carol)
	if now == ct || told != now {
		t.Errorf("after rotate-token: %q (told %q), was %q; want a new one, told", now, told, ct)
	}
	if _, err := db.CalendarOwner(ctx, ct); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("CalendarOwner(the old token) = %v, want not found", err)
	}
}

// A pair keeps the parts filed for it until an update drops them; the
// names of its meetings with a pre-read come with them.
func TestCalendarPartsAndNames(t *testing.T) {
	ctx := t.Context()
	c := &clock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	db := storetest.Synced(t, storetest.Directory(t), store.Options{Now: c.Now})
	record(t, db, c, calendarPart("<a@t>", "uid-1", "first"))
	record(t, db, c, calendarPart("<b@t>", "uid-1", "second"))
	pc, err := db.PairCalendar(ctx, carol, bob, nil)
	if err != nil || len(pc.Parts) != 2 || string(pc.Parts[0].Data) != "first" || pc.Parts[0].Zone != "Europe/Berlin" {
		t.Fatalf("PairCalendar = %+v, %v; want the two parts in order", pc, err)
	}
	record(t, db, c, calendarPart("<c@t>", "uid-1", "third", pc.Parts[0].ID, pc.Parts[1].ID))
	all, err := db.Calendars(ctx, nil)
	if got := all[carol+":"+bob].Parts; err != nil || len(got) != 1 || string(got[0].Data) != "third" || len(all) != 1 || got[0].Size != 5 {
		t.Errorf("Calendars after the drop = %+v, %v; want the third part alone, 5 bytes", all, err)
	}
	// A reader that has parsed a part gets it without its data.
	third := all[carol+":"+bob].Parts[0].ID
	all, err = db.Calendars(ctx, func(id int64) bool { return id == third })
	if got := all[carol+":"+bob].Parts; err != nil || len(got) != 1 || got[0].Data != nil || got[0].ID != third || got[0].Size != 5 {
		t.Errorf("Calendars(have the third) = %+v, %v; want the part without its data", all, err)
	}
	tue := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	key := preread.CalendarKey{UID: "uid-1", RecurrenceID: "20261103T090000Z"}
	if err := db.SaveMeeting(ctx, carol, bob, preread.Meeting{Start: tue, At: tue, Key: key}, nil, nil); err != nil {
		t.Fatal(err)
	}
	pc, _ = db.PairCalendar(ctx, carol, bob, nil)
	if !pc.Named[key].Equal(tue) {
		t.Errorf("Named = %v, want %s named %s", pc.Named, key, tue)
	}
	// Read without changing the file, as `preread check` does.
	path := filepath.Join(t.TempDir(), "none.db")
	if got, err := store.ReadCalendars(ctx, path); err != nil || got != nil {
		t.Errorf("ReadCalendars(no file) = %v, %v; want nothing", got, err)
	}
}

// A meeting with a pre-read that the calendar moves keeps its name and
// numbering; one it cancels is no longer the last meeting, and neither is
// listed as ahead once recorded.
func TestMeetingsMovedAndCancelled(t *testing.T) {
	ctx := t.Context()
	c := &clock{now: time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)}
	db := storetest.Synced(t, storetest.Directory(t), store.Options{Now: c.Now})
	record(t, db, c, agenda("<item@t>", bob, carol, bob, "a topic"))
	items, err := db.OpenItems(ctx, carol, bob)
	if err != nil || len(items) != 1 {
		t.Fatal(items, err)
	}
	tue, wed := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 4, 14, 0, 0, 0, time.UTC)
	next := tue.AddDate(0, 0, 7)
	for _, at := range []time.Time{tue, next} {
		key := preread.CalendarKey{UID: "uid-1", RecurrenceID: at.Format("20060102T150405Z")}
		if err := db.SaveMeeting(ctx, carol, bob, preread.Meeting{Start: at, At: at, Key: key}, []int64{items[0].ID}, nil); err != nil {
			t.Fatal(err)
		}
	}
	ahead, err := db.MeetingsAhead(ctx, c.now)
	if err != nil || len(ahead) != 2 || ahead[0].Pair != carol+":"+bob || !ahead[0].Held.Equal(tue) {
		t.Fatalf("MeetingsAhead = %+v, %v; want Tuesday's and the next", ahead, err)
	}
	notice := preread.Rendered{MessageID: "<moved@t>", Raw: []byte("x"),
		Email: preread.Email{Kind: preread.KindMoved, To: carol, Period: "carol@corp.example:bob@corp.example/moved/x"}}
	if err := db.MoveMeeting(ctx, ahead[0], wed, ahead[0].Key, []preread.Rendered{notice}); err != nil {
		t.Fatal(err)
	}
	if done, _ := db.Queued(ctx, preread.KindMoved, carol, notice.Email.Period); !done {
		t.Error("the notice of the move is not queued")
	}
	if n, _ := db.MeetingNumbers(ctx, carol, bob, tue); n[1] != items[0].ID {
		t.Errorf("the moved meeting's numbers = %v, want 1: the topic, under its name", n)
	}
	if err := db.CancelMeeting(ctx, ahead[1], nil); err != nil {
		t.Fatal(err)
	}
	ahead, _ = db.MeetingsAhead(ctx, c.now)
	if len(ahead) != 2 || !ahead[0].Held.Equal(wed) || !ahead[0].At.Equal(tue) || ahead[0].Cancelled || !ahead[1].Cancelled {
		t.Errorf("MeetingsAhead after the move and the cancellation = %+v, want the moved one and the cancelled one, so marked", ahead)
	}
	if last, _ := db.LastMeeting(ctx, carol, bob, next.Add(time.Hour)); !last.Equal(tue) {
		t.Errorf("LastMeeting = %s, want Tuesday's: the cancelled one was never held", last)
	}
	// The calendar brings the cancelled one back, an hour later: it is on again.
	if err := db.MoveMeeting(ctx, ahead[1], next.Add(time.Hour), ahead[1].Key, nil); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.MeetingsAhead(ctx, c.now); len(again) != 2 || again[1].Cancelled || !again[1].Held.Equal(next.Add(time.Hour)) {
		t.Errorf("MeetingsAhead after it came back = %+v, want it on, an hour later", again)
	}
	if last, _ := db.LastMeeting(ctx, carol, bob, next.Add(2*time.Hour)); !last.Equal(next) {
		t.Errorf("LastMeeting = %s, want the one back on", last)
	}
	// The moved meeting carries its topic over once it is held on Wednesday.
	if err := db.CarryOver(ctx, tue.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if items, _ := db.OpenItems(ctx, carol, bob); items[0].Carried != 0 {
		t.Errorf("carried %d on Tuesday, want 0 until Wednesday's meeting", items[0].Carried)
	}
	if err := db.CarryOver(ctx, wed.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if items, _ := db.OpenItems(ctx, carol, bob); items[0].Carried != 1 {
		t.Errorf("carried %d after Wednesday, want 1", items[0].Carried)
	}
}

// Forget erases a person's calendar token and the calendars of their 1:1s.
func TestForgetErasesCalendars(t *testing.T) {
	ctx := t.Context()
	c := &clock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	dir := storetest.Directory(t)
	db := storetest.Synced(t, dir, store.Options{Now: c.Now})
	record(t, db, c, calendarPart("<a@t>", "uid-1", "bob's 1:1"))
	if _, err := db.SyncDirectory(ctx, storetest.WithoutPerson(dir, bob)); err != nil {
		t.Fatal(err)
	}
	e, err := db.Forget(ctx, bob)
	if err != nil {
		t.Fatal(err)
	}
	if e.Calendar != 1 {
		t.Errorf("Forget erased %d calendar parts, want 1", e.Calendar)
	}
	var parts, tokens int
	if err := store.SQL(db).QueryRow(`SELECT (SELECT count(*) FROM calendar_parts), (SELECT count(*) FROM calendar_tokens t
		JOIN people p ON p.id = t.person_id WHERE p.email LIKE 'forgotten-%')`).Scan(&parts, &tokens); err != nil {
		t.Fatal(err)
	}
	if parts != 0 || tokens != 0 {
		t.Errorf("after forget: %d calendar parts, %d calendar tokens of the forgotten; want none", parts, tokens)
	}
}
