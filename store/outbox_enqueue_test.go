package store_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// EnqueueAll queues a batch in one transaction, a few hundred to an
// INSERT: each email once, in order, and nothing at all when one of them
// is for someone outside the directory.
func TestEnqueueAll(t *testing.T) {
	ctx := t.Context()
	db := storetest.Synced(t, storetest.Directory(t), store.Options{})
	people := []string{"alice@corp.example", "bob@corp.example", "carol@corp.example", "dan@corp.example"}
	var batch []preread.Rendered
	for i := range 600 { // over two INSERTs' worth
		to := people[i%len(people)]
		batch = append(batch, preread.Rendered{MessageID: fmt.Sprintf("<p%d@t>", i), Raw: []byte(fmt.Sprint("email ", i)),
			Email: preread.Email{Kind: preread.KindPrompt, To: to, Period: fmt.Sprint("day ", i/len(people))}})
	}
	batch[5].Email.To = "BOB@corp.example" // addresses are folded
	if n, err := db.EnqueueAll(ctx, batch); n != 600 || err != nil {
		t.Fatalf("EnqueueAll(600 emails) = %d, %v; want 600 added", n, err)
	}
	out, err := db.Outbox(ctx)
	if err != nil || len(out) != 600 {
		t.Fatalf("Outbox() = %d emails, %v; want 600", len(out), err)
	}
	for i, e := range out {
		if e.MessageID != batch[i].MessageID || e.Recipient != people[i%len(people)] || e.State != "pending" {
			t.Fatalf("outbox[%d] = %+v, want %s to %s, pending", i, e, batch[i].MessageID, people[i%len(people)])
		}
	}

	// The same keys again, even under other Message-IDs: the first stay.
	again := append([]preread.Rendered(nil), batch[:300]...)
	for i := range again {
		again[i].MessageID = fmt.Sprintf("<again%d@t>", i)
	}
	if n, err := db.EnqueueAll(ctx, again); n != 0 || err != nil {
		t.Errorf("EnqueueAll(queued keys) = %d, %v; want 0 added", n, err)
	}

	stranger := []preread.Rendered{
		{MessageID: "<ok@t>", Raw: []byte("x"), Email: preread.Email{Kind: preread.KindHelp, To: "alice@corp.example", Period: "p"}},
		{MessageID: "<no@t>", Raw: []byte("x"), Email: preread.Email{Kind: preread.KindHelp, To: "mallory@evil.example", Period: "p"}},
	}
	if n, err := db.EnqueueAll(ctx, stranger); !errors.Is(err, preread.ErrNotFound) || n != 0 {
		t.Errorf("EnqueueAll(with a stranger) = %d, %v; want refused as not in the directory", n, err)
	}
	if out, _ := db.Outbox(ctx); len(out) != 600 {
		t.Errorf("outbox holds %d emails after a refused batch, want the 600 (nothing of the batch)", len(out))
	}
}
