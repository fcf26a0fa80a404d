package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// clock is a store clock the test sets by hand.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// openAt opens the sample directory on a clock that starts at 24 Nov 2026
// 08:00 UTC.
func openAt(t *testing.T) (*store.DB, preread.Directory, *clock) {
	t.Helper()
	c := &clock{now: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
	dir := storetest.Directory(t)
	return storetest.Synced(t, dir, store.Options{Now: c.Now}), dir, c
}

// record commits one message an hour after the last.
func record(t *testing.T, db *store.DB, c *clock, p preread.Processed) {
	t.Helper()
	c.now = c.now.Add(time.Hour)
	if err := db.Record(t.Context(), "INBOX", p); err != nil {
		t.Fatalf("Record(%s) = %v", p.Key, err)
	}
}

func status(key, email, text string) preread.Processed {
	return preread.Processed{Key: key, Sender: email, Outcome: preread.OutcomeFiled,
		Status: &preread.StatusEntry{Person: email, Date: preread.Date{Year: 2026, Month: 11, Day: 24}, Text: text}}
}

func rejected(key, sender, reason string) preread.Processed {
	return preread.Processed{Key: key, Sender: sender, Outcome: preread.OutcomeRejected, Reason: reason}
}

// listing is Messages as "KEY SENDER KIND OUTCOME" lines.
func listing(t *testing.T, db *store.DB, f store.MessageFilter) string {
	t.Helper()
	recs, err := db.Messages(t.Context(), f)
	if err != nil {
		t.Fatalf("Messages(%+v) = %v", f, err)
	}
	var lines []string
	for _, r := range recs {
		lines = append(lines, fmt.Sprintf("%s %s %s %s", r.Key, r.Sender, r.Kind, r.Outcome))
	}
	return strings.Join(lines, "\n")
}

func TestMessagesListNewestFirstAndFilter(t *testing.T) {
	db, _, c := openAt(t)
	record(t, db, c, status("<1@t>", "alice@corp.example", "shipped"))
	record(t, db, c, rejected("<2@t>", "Mallory@Evil.example", "unknown sender Mallory@Evil.example"))
	record(t, db, c, preread.Processed{Key: "<3@t>", Sender: "bob@corp.example", Outcome: preread.OutcomeFiled,
		Agenda: &preread.AgendaItem{Manager: "carol@corp.example", Report: "bob@corp.example", From: "bob@corp.example", Text: "raise"}})
	record(t, db, c, preread.Processed{Key: "sha256:ab", Outcome: preread.OutcomeFailed, Reason: "no From"})
	record(t, db, c, preread.Processed{Key: "<5@t>", Sender: "carol@corp.example", Kind: preread.AddressReply,
		Outcome: preread.OutcomeIgnored, Reason: "nothing to file"})

	cases := []struct {
		f    store.MessageFilter
		want string
	}{
		{store.MessageFilter{}, "<5@t> carol@corp.example reply ignored\nsha256:ab   failed\n<3@t> bob@corp.example agenda filed\n" +
			"<2@t> Mallory@Evil.example  rejected\n<1@t> alice@corp.example status filed"},
		{store.MessageFilter{Outcome: preread.OutcomeFiled}, "<3@t> bob@corp.example agenda filed\n<1@t> alice@corp.example status filed"},
		{store.MessageFilter{From: "mallory@evil.EXAMPLE"}, "<2@t> Mallory@Evil.example  rejected"},
		// The third message was recorded at 11:00.
		{store.MessageFilter{Since: time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC)}, "<5@t> carol@corp.example reply ignored\nsha256:ab   failed\n<3@t> bob@corp.example agenda filed"},
		{store.MessageFilter{Outcome: preread.OutcomeRejected, From: "alice@corp.example"}, ""},
	}
	for _, tc := range cases {
		if got := listing(t, db, tc.f); got != tc.want {
			t.Errorf("Messages(%+v) =\n%s\nwant\n%s", tc.f, got, tc.want)
		}
	}
	all, _ := db.Messages(t.Context(), store.MessageFilter{})
	if at := all[4].At; !at.Equal(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)) || all[4].Moved || all[4].UID != 0 {
		t.Errorf("first message: At %v, Moved %v, UID %d; want 09:00 UTC, not moved", at, all[4].Moved, all[4].UID)
	}
}

func TestMessagesByID(t *testing.T) {
	db, _, c := openAt(t)
	record(t, db, c, preread.Processed{Key: "<a@t>", UIDValidity: 7, UID: 41, Sender: "x@evil.example",
		Outcome: preread.OutcomeRejected, Reason: "unknown sender"})
	record(t, db, c, preread.Processed{Key: "<b@t>", UIDValidity: 7, UID: 42, Outcome: preread.OutcomeFailed, Reason: "bad MIME"})
	if err := db.MarkMoved(t.Context(), 7, []uint32{41}); err != nil {
		t.Fatal(err)
	}
	all, _ := db.Messages(t.Context(), store.MessageFilter{})
	got, err := db.MessagesByID(t.Context(), all[1].ID, all[0].ID)
	if err != nil || len(got) != 2 {
		t.Fatalf("MessagesByID = %v, %v", got, err)
	}
	a, b := got[0], got[1]
	if a.Key != "<a@t>" || a.UIDValidity != 7 || a.UID != 41 || a.Outcome != preread.OutcomeRejected || a.Reason != "unknown sender" || !a.Moved {
		t.Errorf("first = %+v; want <a@t>, uid 7/41, rejected, moved", a)
	}
	if b.Key != "<b@t>" || b.UID != 42 || b.Outcome != preread.OutcomeFailed || b.Moved {
		t.Errorf("second = %+v; want <b@t>, uid 42, failed, not moved", b)
	}
	if _, err := db.MessagesByID(t.Context(), a.ID, 9999); !errors.Is(err, preread.ErrNotFound) || !strings.Contains(err.Error(), "9999") {
		t.Errorf("MessagesByID(unknown) = %v, want ErrNotFound naming 9999", err)
	}
}

// A rejected message read again after the config changed is filed, once.
func TestRerecordFilesARejectedMessageOnce(t *testing.T) {
	ctx := t.Context()
	db, _, c := openAt(t)
	record(t, db, c, rejected("<late@t>", "alice@corp.example", "no token"))
	recs, _ := db.Messages(ctx, store.MessageFilter{})
	id := recs[0].ID
	again := status("<late@t>", "alice@corp.example", "shipped the importer")
	if err := db.Rerecord(ctx, id, again); err != nil {
		t.Fatalf("Rerecord = %v", err)
	}
	got, _ := db.MessagesByID(ctx, id)
	if r := got[0]; r.Outcome != preread.OutcomeFiled || r.Reason != "" || r.Kind != preread.AddressStatus || !r.At.Equal(recs[0].At) {
		t.Errorf("after Rerecord: %+v; want filed status, first time kept", r)
	}
	day := preread.Date{Year: 2026, Month: 11, Day: 24}
	if entries, err := db.StatusOf(ctx, "alice@corp.example", day, day); err != nil || len(entries) != 1 {
		t.Errorf("StatusOf(alice) = %v, %v; want the refiled entry", entries, err)
	}
	if err := db.Rerecord(ctx, id, again); !errors.Is(err, preread.ErrDuplicate) {
		t.Errorf("second Rerecord = %v, want ErrDuplicate", err)
	}
	if entries, _ := db.StatusOf(ctx, "alice@corp.example", day, day); len(entries) != 1 {
		t.Errorf("after a second Rerecord alice has %d entries, want 1", len(entries))
	}
	if err := db.Record(ctx, "INBOX", again); !errors.Is(err, preread.ErrDuplicate) {
		t.Errorf("Record of the same message = %v, want ErrDuplicate", err)
	}
	if err := db.Rerecord(ctx, id, status("<other@t>", "alice@corp.example", "x")); err == nil || !strings.Contains(err.Error(), "not <other@t>") {
		t.Errorf("Rerecord(another key) = %v, want refused", err)
	}
	if err := db.Rerecord(ctx, 9999, again); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("Rerecord(unknown id) = %v, want ErrNotFound", err)
	}
}

// A message the store derives no kind for, rejected again, stays one
// record with the new reason.
func TestRerecordKeepsARejectionWithTheNewReason(t *testing.T) {
	ctx := t.Context()
	db, _, c := openAt(t)
	record(t, db, c, preread.Processed{Key: "sha256:00", Outcome: preread.OutcomeFailed, Reason: "too large"})
	recs, _ := db.Messages(ctx, store.MessageFilter{})
	if err := db.Rerecord(ctx, recs[0].ID, rejected("sha256:00", "dan@corp.example", "no token")); err != nil {
		t.Fatal(err)
	}
	if got := listing(t, db, store.MessageFilter{}); got != "sha256:00 dan@corp.example  rejected" {
		t.Errorf("after Rerecord: %q", got)
	}
}
