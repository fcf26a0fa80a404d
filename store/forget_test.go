package store_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

func agenda(key, from, manager, report, text string) preread.Processed {
	return preread.Processed{Key: key, Sender: from, Outcome: preread.OutcomeFiled,
		Agenda: &preread.AgendaItem{Manager: manager, Report: report, From: from, Text: text}}
}

func note(key, from, manager, report, text string) preread.Processed {
	return preread.Processed{Key: key, Sender: from, Outcome: preread.OutcomeFiled,
		Note: &preread.Note{Manager: manager, Report: report, From: from, Text: text}}
}

func queued(t *testing.T, db *store.DB, kind preread.EmailKind, to, period string) {
	t.Helper()
	r := preread.Rendered{MessageID: "<" + string(kind) + "-" + to + "-" + period + "@preread>",
		Raw:   []byte("Subject: " + string(kind) + "\r\n\r\nbody\r\n"),
		Email: preread.Email{Kind: kind, To: to, Period: period}}
	if err := db.Enqueue(t.Context(), r); err != nil {
		t.Fatalf("Enqueue(%s to %s) = %v", kind, to, err)
	}
}

// bobsWeek files what the sample team wrote about Bob and Alice, queues
// their mail, and saves a meeting of Carol and Bob with its items.
func bobsWeek(t *testing.T, db *store.DB, c *clock) {
	t.Helper()
	carol, bob, alice := "carol@corp.example", "bob@corp.example", "alice@corp.example"
	for _, p := range []preread.Processed{
		status("<bob-status@t>", bob, "bob shipped"),
		status("<alice-status@t>", alice, "alice shipped"),
		agenda("<bob-item@t>", bob, carol, bob, "bob wants a raise"),
		agenda("<carol-item@t>", carol, carol, bob, "bob's review"),
		agenda("<alice-item@t>", alice, carol, alice, "alice's topic"),
		note("<carol-note@t>", carol, carol, bob, "carol asks bob"),
		{Key: "<carol-followup@t>", Sender: carol, Outcome: preread.OutcomeFiled,
			Actions:     []preread.ActionItem{{Manager: carol, Report: bob, From: carol, Owner: bob, Text: "bob sends the draft"}},
			MeetingNote: &preread.MeetingNote{Manager: carol, Report: bob, From: carol, Text: "carol and bob agreed"}},
		{Key: "<alice-followup@t>", Sender: alice, Outcome: preread.OutcomeFiled,
			Actions: []preread.ActionItem{{Manager: carol, Report: alice, From: alice, Text: "alice books the room"}}},
		note("<carol-alice-note@t>", carol, carol, alice, "carol asks alice"),
		rejected("<bob-home@t>", "bob@home.example", "no token in bob@home.example's mail"),
		rejected("<stranger@t>", "eve@evil.example", "unknown sender eve@evil.example"),
		rejected("<bounce@t>", "mailer-daemon@corp.example", "bounce (subject: undeliverable): preread's mail to bob@corp.example came back; so did Bob@Corp.Example's"),
		{Key: "<bob-away@t>", Sender: bob, Outcome: preread.OutcomeFiled, Command: &preread.Command{Kind: preread.CommandAway,
			Source: preread.AwayMail, Person: bob, Away: preread.DateRange{From: preread.Date{Year: 2026, Month: 11, Day: 30}, To: preread.Date{Year: 2026, Month: 12, Day: 4}}}},
	} {
		record(t, db, c, p)
	}
	queued(t, db, preread.KindPrompt, bob, "2026-11-24")
	queued(t, db, preread.KindPreread, carol, preread.PairPeriod(carol+":"+bob, "2026-11-26T13:30:00Z"))
	queued(t, db, preread.KindPreread, carol, preread.PairPeriod(carol+":"+alice, "2026-12-01T09:00:00Z"))
	queued(t, db, preread.KindPrompt, alice, "2026-11-24")
	items, err := db.OpenItems(t.Context(), carol, bob)
	if err != nil || len(items) != 2 {
		t.Fatalf("OpenItems(carol:bob) = %v, %v", items, err)
	}
	start := time.Date(2026, 11, 26, 13, 30, 0, 0, time.UTC)
	if err := db.SaveMeeting(t.Context(), carol, bob, preread.Meeting{Start: start, At: start}, []int64{items[0].ID, items[1].ID}, nil); err != nil {
		t.Fatal(err)
	}
}

// mentions lists the rows of the whole database that hold any of words.
func mentions(t *testing.T, db *store.DB, words ...string) []string {
	t.Helper()
	var out []string
	for _, row := range dump(t, db) {
		for _, w := range words {
			if strings.Contains(strings.ToLower(row), w) {
				out = append(out, row)
				break
			}
		}
	}
	return out
}

func TestForgetErasesEverythingOfAReport(t *testing.T) {
	ctx := t.Context()
	db, dir, c := openAt(t)
	bobsWeek(t, db, c)
	before := dump(t, db)
	if _, err := db.Forget(ctx, "BOB@corp.example"); !errors.Is(err, preread.ErrInDirectory) {
		t.Fatalf("Forget(bob in the directory) = %v, want ErrInDirectory", err)
	}
	if _, err := db.Forget(ctx, "eve@evil.example", "bob@home.example"); !errors.Is(err, preread.ErrInDirectory) {
		t.Fatalf("Forget(also bob's alias) = %v, want ErrInDirectory", err)
	}
	if after := dump(t, db); !slices.Equal(before, after) {
		t.Fatalf("a refused Forget changed the database")
	}

	if _, err := db.SyncDirectory(ctx, storetest.WithoutPerson(dir, "bob@corp.example")); err != nil {
		t.Fatal(err)
	}
	got, err := db.Forget(ctx, "bob@corp.example", "bob@home.example")
	if err != nil {
		t.Fatalf("Forget(bob) = %v", err)
	}
	want := store.Erased{Person: true, Status: 1, Agenda: 2, Notes: 1, Actions: 1, MeetingNotes: 1, Meetings: 1, Tokens: 1, Outbox: 2, Messages: 4}
	if got != want {
		t.Errorf("Forget(bob) = %+v\nwant %+v", got, want)
	}
	if left := mentions(t, db, "bob"); len(left) > 0 {
		t.Errorf("after Forget(bob) the database still holds:\n%s", strings.Join(left, "\n"))
	}
	// Alice's and the stranger's data stay.
	nb, err := db.Notebook(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Status) != 1 || nb.Status[0].Person != "alice@corp.example" || len(nb.Agenda) != 1 || len(nb.Notes) != 1 ||
		len(nb.Actions) != 1 || nb.Actions[0].Text != "alice books the room" || len(nb.MeetingNotes) != 0 {
		t.Errorf("notebook after Forget(bob) = %+v; want only alice's status, item and note", nb)
	}
	if left := mentions(t, db, "eve@evil.example", "alice shipped", "carol asks alice"); len(left) != 3 {
		t.Errorf("the others' rows after Forget(bob):\n%s\nwant eve's record, alice's status and carol's note to alice", strings.Join(left, "\n"))
	}
	if out, _ := db.Outbox(ctx); len(out) != 2 {
		t.Errorf("outbox after Forget(bob) = %+v; want alice's prompt and carol's pre-read about alice", out)
	}
	var bytesKept int
	if err := store.SQL(db).QueryRow(`SELECT count(*) FROM outbox_raw`).Scan(&bytesKept); err != nil || bytesKept != 2 {
		t.Errorf("%d emails' bytes kept after Forget(bob), %v; want the two emails left's alone", bytesKept, err)
	}

	// Bob's mail read again is still known, and files nothing of his.
	if err := db.Record(ctx, "INBOX", status("<bob-status@t>", "bob@corp.example", "bob shipped")); !errors.Is(err, preread.ErrDuplicate) {
		t.Errorf("Record(bob's status again) = %v, want ErrDuplicate", err)
	}
	p, err := db.Processed(ctx, "<bob-home@t>")
	if err != nil || p.Outcome != preread.OutcomeRejected || p.Sender != "" || p.Reason != "" {
		t.Errorf("Processed(bob's rejected mail) = %+v, %v; want rejected, nothing else", p, err)
	}
	recs, _ := db.Messages(ctx, store.MessageFilter{Outcome: preread.OutcomeRejected})
	if len(recs) != 3 || recs[0].Erased() || recs[1].Erased() || !recs[2].Erased() || strings.Contains(strings.ToLower(recs[0].Reason), "bob") {
		t.Fatalf("rejected records after Forget = %+v; want the bounce (naming no one), eve's, then bob's erased", recs)
	}
	if err := db.Rerecord(ctx, recs[2].ID, rejected("<bob-home@t>", "bob@home.example", "x")); !errors.Is(err, preread.ErrErased) {
		t.Errorf("Rerecord(an erased record) = %v, want ErrErased", err)
	}
	if again, err := db.Forget(ctx, "bob@corp.example", "bob@home.example"); err != nil || again.Total() != 0 {
		t.Errorf("second Forget(bob) = %+v, %v; want nothing left to erase", again, err)
	}

	// Bob comes back: a new person, with nothing of the old one.
	if _, err := db.SyncDirectory(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if tok, err := db.Token(ctx, "bob@corp.example"); err != nil || tok == "" {
		t.Errorf("Token(bob back) = %q, %v; want a new token", tok, err)
	}
	if items, _ := db.OpenItems(ctx, "carol@corp.example", "bob@corp.example"); len(items) != 0 {
		t.Errorf("bob back has items %+v", items)
	}
}

func TestForgetAManagerKeepsTheirReportsItems(t *testing.T) {
	ctx := t.Context()
	db, dir, c := openAt(t)
	carol, alice := "carol@corp.example", "alice@corp.example"
	record(t, db, c, agenda("<alice-item@t>", alice, carol, alice, "alice's topic"))
	record(t, db, c, agenda("<carol-item@t>", carol, carol, alice, "carol's topic for alice"))
	record(t, db, c, note("<alice-note@t>", alice, carol, alice, "alice answers"))
	// The follow-up sent to Alice holds Carol's words and address.
	queued(t, db, preread.KindFollowup, alice, preread.PairPeriod(carol+":"+alice, "2026-11-24T09:00:00Z"))
	// Carol leaves: Dan manages the team; her pairs go.
	dir.People = slices.DeleteFunc(dir.People, func(p preread.Person) bool { return p.Email == carol })
	dir.Teams[0].Manager, dir.Teams[0].Members = "dan@corp.example", []string{alice, "bob@corp.example"}
	dir.Pairs = nil
	if _, err := db.SyncDirectory(ctx, dir); err != nil {
		t.Fatal(err)
	}
	got, err := db.Forget(ctx, carol)
	if err != nil {
		t.Fatal(err)
	}
	// Her item and the notes of her pairs go; Alice's item stays, in a
	// pair whose manager is now nobody's address.
	if got.Agenda != 1 || got.Notes != 1 || got.Meetings != 0 || !got.Person {
		t.Errorf("Forget(carol) = %+v; want her item and the pair's note", got)
	}
	if left := mentions(t, db, "carol"); len(left) > 0 {
		t.Errorf("after Forget(carol) the database still holds:\n%s", strings.Join(left, "\n"))
	}
	nb, err := db.Notebook(ctx, "")
	if err != nil || len(nb.Agenda) != 1 || nb.Agenda[0].Text != "alice's topic" || !strings.HasPrefix(nb.Agenda[0].Manager, "forgotten-") {
		t.Errorf("notebook after Forget(carol) = %+v, %v; want alice's item, manager forgotten", nb.Agenda, err)
	}
}

func TestForgetAStrangerErasesTheirRecords(t *testing.T) {
	db, _, c := openAt(t)
	record(t, db, c, rejected("<eve@t>", "Eve@Evil.example", "unknown sender Eve@Evil.example"))
	record(t, db, c, rejected("<mallory@t>", "mallory@evil.example", "unknown sender mallory@evil.example"))
	got, err := db.Forget(t.Context(), "eve@evil.example")
	if err != nil || got != (store.Erased{Messages: 1}) {
		t.Fatalf("Forget(eve) = %+v, %v; want one record", got, err)
	}
	if left := mentions(t, db, "eve@"); len(left) > 0 {
		t.Errorf("after Forget(eve): %v", left)
	}
	if left := mentions(t, db, "mallory"); len(left) != 1 {
		t.Errorf("mallory's record after Forget(eve): %v, want kept", left)
	}
}
