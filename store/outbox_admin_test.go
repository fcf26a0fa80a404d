package store_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// history is OutboxHistory as "ID KIND TO STATE TRIES REASON" lines.
func history(t *testing.T, db *store.DB, since time.Time) []string {
	t.Helper()
	recs, err := db.OutboxHistory(t.Context(), since)
	if err != nil {
		t.Fatalf("OutboxHistory(%v) = %v", since, err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, fmt.Sprintf("%d %s %s %s %d %s", r.ID, r.Kind, r.Recipient, r.State, r.Attempts, r.Reason))
	}
	return out
}

func TestDropAndHistory(t *testing.T) {
	ctx := t.Context()
	db, _, c := openAt(t)
	for i, to := range []string{"alice@corp.example", "bob@corp.example", "dan@corp.example"} {
		c.now = c.now.Add(time.Minute)
		queued(t, db, preread.KindPrompt, to, fmt.Sprint("2026-11-2", 4+i))
	}
	if err := db.MarkSent(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, 3, "550 5.1.1 user unknown"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{2, 3} {
		if err := db.Drop(ctx, id, store.DropByAdmin); err != nil {
			t.Fatalf("Drop(%d) = %v", id, err)
		}
	}
	want := []string{
		"3 prompt dan@corp.example dropped 1 dropped by the admin",
		"2 prompt bob@corp.example dropped 0 dropped by the admin",
		"1 prompt alice@corp.example sent 1 ",
	}
	if got := history(t, db, time.Time{}); !slices.Equal(got, want) {
		t.Errorf("OutboxHistory() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := history(t, db, time.Date(2026, 11, 24, 8, 2, 0, 0, time.UTC)); !slices.Equal(got, want[:2]) {
		t.Errorf("OutboxHistory(since the second) = %v, want the last two", got)
	}
	recs, _ := db.OutboxHistory(ctx, time.Time{})
	if h := string(recs[0].Header); h != "Subject: prompt\r\n" || !recs[0].Done.Equal(c.now) || recs[2].Done.IsZero() {
		t.Errorf("history's newest: header %q, done %v; want the header alone and the drop's time", h, recs[0].Done)
	}

	for _, tc := range []struct {
		id   int64
		want string
	}{{1, "already sent"}, {2, "already dropped"}, {99, "no email with that ID"}} {
		if err := db.Drop(ctx, tc.id, store.DropByAdmin); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Drop(%d) = %v, want %q", tc.id, err, tc.want)
		}
	}
	if err := db.Drop(ctx, 99, store.DropByAdmin); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("Drop(unknown) = %v, want ErrNotFound", err)
	}
	// Dropped mail is never due, never retried, and a late refusal from a
	// sender that had it in flight leaves it dropped.
	if due, _ := db.Due(ctx, c.now.Add(time.Hour), 10); len(due) != 0 {
		t.Errorf("Due() = %v, want nothing", due)
	}
	if err := db.Retry(ctx, 3); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("Retry(dropped) = %v, want refused", err)
	}
	if err := db.MarkFailed(ctx, 2, "late"); err != nil {
		t.Fatal(err)
	}
	if got := history(t, db, time.Time{}); got[1] != want[1] {
		t.Errorf("after MarkFailed of a dropped email: %s, want %s", got[1], want[1])
	}
}

func TestSyncDropsTheUnsentMailOfSomeoneRemoved(t *testing.T) {
	ctx := t.Context()
	db, dir, _ := openAt(t)
	queued(t, db, preread.KindPrompt, "bob@corp.example", "2026-11-24")
	queued(t, db, preread.KindWelcome, "bob@corp.example", "welcome")
	queued(t, db, preread.KindPrompt, "bob@corp.example", "2026-11-25")
	queued(t, db, preread.KindPrompt, "alice@corp.example", "2026-11-24")
	if err := db.MarkSent(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, 2, "550 no"); err != nil {
		t.Fatal(err)
	}
	rep, err := db.SyncDirectory(ctx, storetest.WithoutPerson(dir, "bob@corp.example"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rep.Changes, "dropped 2 unsent emails to bob@corp.example") {
		t.Errorf("SyncDirectory(without bob) changes = %v, want the dropped mail named", rep.Changes)
	}
	want := []string{
		"4 prompt alice@corp.example pending 0 ",
		"3 prompt bob@corp.example dropped 0 person removed from the directory",
		"2 welcome bob@corp.example dropped 1 person removed from the directory",
		"1 prompt bob@corp.example sent 1 ",
	}
	if got := history(t, db, time.Time{}); !slices.Equal(got, want) {
		t.Errorf("OutboxHistory() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Bob comes back: what was dropped stays dropped.
	if _, err := db.SyncDirectory(ctx, dir); err != nil {
		t.Fatal(err)
	}
	due, err := db.Due(ctx, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 10)
	if err != nil || len(due) != 1 || due[0].To != "alice@corp.example" {
		t.Errorf("Due() = %+v, %v; want alice's prompt only", due, err)
	}
}

// A database from the first schema keeps its outbox through the rebuild;
// its messages get their kinds, and mail still waiting for someone who had
// left is dropped.
func TestUpgradeKeepsOutboxAndFillsKinds(t *testing.T) {
	const at = "2026-11-24T08:00:00.000Z"
	db := openFrozen(t, `
		INSERT INTO people (id, email, timezone, workdays, prompt_at, preread_at, active, created_at) VALUES
			(1, 'alice@corp.example', 'UTC', 'mon', '09:00', '16:00', 1, '`+at+`'),
			(2, 'bob@corp.example', 'UTC', 'mon', '09:00', '16:00', 0, '`+at+`');
		INSERT INTO messages (message_key, outcome, sender, processed_at) VALUES
			('<s@t>', 'filed', 'alice@corp.example', '`+at+`'), ('<r@t>', 'rejected', 'eve@evil.example', '`+at+`');
		INSERT INTO status_entries (person_id, workday, text, message_key, created_at) VALUES (1, '2026-11-24', 'x', '<s@t>', '`+at+`');
		INSERT INTO outbox (kind, person_id, recipient, period, message_id, raw, state, attempts, next_attempt_at, created_at, sent_at) VALUES
			('prompt', 1, 'alice@corp.example', 'd1', '<1@p>', X'0D0A', 'sent', 1, '`+at+`', '`+at+`', '`+at+`'),
			('prompt', 2, 'bob@corp.example', 'd1', '<2@p>', X'0D0A', 'pending', 2, '`+at+`', '`+at+`', NULL),
			('prompt', 1, 'alice@corp.example', 'd2', '<3@p>', X'0D0A', 'pending', 0, '`+at+`', '`+at+`', NULL);`)
	want := []string{
		"3 prompt alice@corp.example pending 0 ",
		"2 prompt bob@corp.example dropped 2 person removed from the directory",
		"1 prompt alice@corp.example sent 1 ",
	}
	if got := history(t, db, time.Time{}); !slices.Equal(got, want) {
		t.Errorf("outbox after the upgrade =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := listing(t, db, store.MessageFilter{}); got != "<r@t> eve@evil.example  rejected\n<s@t> alice@corp.example status filed" {
		t.Errorf("messages after the upgrade:\n%s", got)
	}
}

// An email queued before its bytes moved to outbox_raw (0009) is sent
// with the same bytes after the upgrade.
func TestUpgradeKeepsQueuedBytes(t *testing.T) {
	const at = "2026-11-24T08:00:00.000Z"
	db := openFrozen(t, `
		INSERT INTO people (id, email, timezone, workdays, prompt_at, preread_at, active, created_at) VALUES
			(1, 'alice@corp.example', 'UTC', 'mon', '09:00', '16:00', 1, '`+at+`');
		INSERT INTO outbox (kind, person_id, recipient, period, message_id, raw, state, attempts, next_attempt_at, created_at) VALUES
			('prompt', 1, 'alice@corp.example', 'd1', '<1@p>', CAST('Subject: hi'||char(13,10,13,10)||'body' AS BLOB), 'pending', 0, '`+at+`', '`+at+`');`)
	due, err := db.Due(t.Context(), time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), 10)
	if err != nil || len(due) != 1 || string(due[0].Raw) != "Subject: hi\r\n\r\nbody" || due[0].MessageID != "<1@p>" {
		t.Fatalf("Due after the upgrade = %+v, %v; want the queued email with its bytes", due, err)
	}
}
