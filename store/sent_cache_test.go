package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// SentEmail reads the emails sent beside the one asked for into memory;
// what it answers stays what the outbox holds: for emails across several
// windows of ids, for one queued after its window was read, and for an
// ID that is not ours.
func TestSentEmailAnswersAsTheOutboxDoes(t *testing.T) {
	ctx := t.Context()
	db := storetest.Synced(t, storetest.Directory(t), store.Options{})
	queue := func(day, n int) {
		t.Helper()
		var batch []preread.Rendered
		for i := range n {
			to := []string{"alice@corp.example", "bob@corp.example"}[i%2]
			batch = append(batch, preread.Rendered{MessageID: fmt.Sprintf("<d%d.%d@t>", day, i), Raw: []byte("Subject: x\r\n\r\nbody"),
				Email: preread.Email{Kind: preread.KindPrompt, To: to, Period: fmt.Sprintf("%d/%d", day, i)}})
		}
		if _, err := db.EnqueueAll(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	want := func(id, to, period string) {
		t.Helper()
		e, err := db.SentEmail(ctx, id)
		if err != nil || e.Kind != preread.KindPrompt || e.To != to || e.Period != period {
			t.Errorf("SentEmail(%s) = %+v, %v; want the prompt to %s for %s", id, e, err, to, period)
		}
	}
	queue(1, 3000) // three windows and some, one key each
	for _, i := range []int{2999, 0, 1500, 1501, 7} {
		want(fmt.Sprintf("<d1.%d@t>", i), []string{"alice@corp.example", "bob@corp.example"}[i%2], fmt.Sprintf("1/%d", i))
	}
	queue(2, 2) // into a window already read
	want("<d2.1@t>", "bob@corp.example", "2/1")
	want("<d2.0@t>", "alice@corp.example", "2/0")
	if e, err := db.SentEmail(ctx, "<someone-else@mail.example>"); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("SentEmail(not ours) = %+v, %v; want not found", e, err)
	}
}

// What SentEmail read into memory of a person that another process (the
// CLI's `preread forget` beside `serve`) erases is gone from the running
// process within a minute; Forget in the same process drops it at once.
func TestSentEmailForgetsWhatForgetErased(t *testing.T) {
	ctx := t.Context()
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	opts := store.Options{Now: func() time.Time { return clock }}
	path := filepath.Join(t.TempDir(), "preread.db")
	server := storetest.OpenAt(t, path, opts)
	dir := storetest.Directory(t)
	if _, err := server.SyncDirectory(ctx, dir); err != nil {
		t.Fatal(err)
	}
	prompt := func(id, to string) preread.Rendered {
		return preread.Rendered{MessageID: id, Raw: []byte("Subject: x\r\n\r\nbody"),
			Email: preread.Email{Kind: preread.KindPrompt, To: to, Period: "2026-12-01"}}
	}
	if _, err := server.EnqueueAll(ctx, []preread.Rendered{prompt("<dan@t>", "dan@corp.example"), prompt("<bob@t>", "bob@corp.example"),
		prompt("<alice@t>", "alice@corp.example")}); err != nil {
		t.Fatal(err)
	}
	if _, err := server.SentEmail(ctx, "<bob@t>"); err != nil { // Bob's reply reads the window, Dan's prompt too
		t.Fatal(err)
	}
	if _, err := server.SyncDirectory(ctx, storetest.WithoutPerson(storetest.WithoutPerson(dir, "dan@corp.example"), "alice@corp.example")); err != nil {
		t.Fatal(err)
	}
	if _, err := storetest.OpenAt(t, path, opts).Forget(ctx, "dan@corp.example"); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(2 * time.Minute)
	if e, err := server.SentEmail(ctx, "<dan@t>"); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("two minutes after another process forgot Dan: SentEmail = %+v, %v; want not found", e, err)
	}
	if _, err := server.SentEmail(ctx, "<alice@t>"); err != nil { // read again
		t.Fatal(err)
	}
	if _, err := server.Forget(ctx, "alice@corp.example"); err != nil {
		t.Fatal(err)
	}
	if e, err := server.SentEmail(ctx, "<alice@t>"); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("after Forget in this process: SentEmail = %+v, %v; want not found", e, err)
	}
}
