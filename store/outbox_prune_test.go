package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// The bytes of mail sent or dropped before the cutoff go, oldest first
// and in chunks, while its rows stay (a reply still finds the email it
// answers, and its key is not queued again); pending and failed mail
// keeps its bytes whatever its age, and so does mail queued since.
func TestPruneSentBytes(t *testing.T) {
	ctx := t.Context()
	clock := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	db := storetest.Synced(t, storetest.Directory(t), store.Options{Now: func() time.Time { return clock }})
	queue := func(day, n int) {
		t.Helper()
		var batch []preread.Rendered
		for i := range n {
			batch = append(batch, preread.Rendered{MessageID: fmt.Sprintf("<d%d.%d@t>", day, i), Raw: []byte("Subject: x\r\n\r\nbody"),
				Email: preread.Email{Kind: preread.KindPrompt, To: "alice@corp.example", Period: fmt.Sprintf("%d/%d", day, i)}})
		}
		if _, err := db.EnqueueAll(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	send := func() {
		t.Helper()
		out, err := db.Outbox(ctx, "pending")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range out {
			switch e.MessageID {
			case "<d2.1@t>":
				err = db.MarkFailed(ctx, e.ID, "550 no")
			case "<d2.2@t>", "<d3.1@t>":
			default:
				err = db.MarkSent(ctx, e.ID)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	// The first queued is dated ahead (a run --at in the future): it
	// stops nothing.
	clock = clock.AddDate(1, 0, 0)
	queue(4, 1)
	clock = clock.AddDate(-1, 0, 0)
	queue(1, 2500) // over two chunks: all sent
	queue(2, 3)    // one sent, one failed, one pending
	send()
	clock = clock.AddDate(0, 2, 0)
	queue(3, 2) // recent: one sent, one pending
	send()
	n, err := db.PruneSentBytes(ctx, clock.Add(-store.KeepSentBytes))
	if err != nil || n != 2501 {
		t.Fatalf("PruneSentBytes = %d, %v; want the 2,501 old sent emails' bytes", n, err)
	}
	if n, err := db.PruneSentBytes(ctx, clock.Add(-store.KeepSentBytes)); err != nil || n != 0 {
		t.Errorf("PruneSentBytes again = %d, %v; want nothing left to drop", n, err)
	}
	kept, err := store.Strings1(ctx, store.SQL(db), `SELECT o.message_id FROM outbox_raw r JOIN outbox o ON o.id = r.id ORDER BY r.id`)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(kept) != "[<d4.0@t> <d2.1@t> <d2.2@t> <d3.0@t> <d3.1@t>]" {
		t.Errorf("bytes kept for %v; want the failed, the pending and the recent", kept)
	}
	if e, err := db.SentEmail(ctx, "<d1.7@t>"); err != nil || e.Period != "1/7" {
		t.Errorf("SentEmail(an old one) = %+v, %v; want it found without its bytes", e, err)
	}
	history, err := db.OutboxHistory(ctx, time.Time{})
	if err != nil || len(history) != 2506 {
		t.Errorf("OutboxHistory = %d emails, %v; want all 2,506, old ones without a header", len(history), err)
	}
}
