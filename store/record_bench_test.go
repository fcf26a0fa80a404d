package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// BenchmarkRecordBatch commits batches of 200 filed messages (status
// entries, every fifth an agenda item) and marks them moved, as a pass of
// the ingest benchmark does; reported per message.
func BenchmarkRecordBatch(b *testing.B) {
	ctx := b.Context()
	db := storetest.Synced(b, storetest.Directory(b), store.Options{})
	day := preread.Date{Year: 2026, Month: 11, Day: 24}
	const batch = 200
	var rec, mv time.Duration
	defer func() { b.Logf("record %v mark %v", rec, mv) }()
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n += batch {
		ps := make([]preread.Processed, 0, batch)
		uids := make([]uint32, 0, batch)
		for i := n; i < n+batch; i++ {
			p := preread.Processed{Key: fmt.Sprintf("<bench-%d@mail.example>", i), UIDValidity: 7, UID: uint32(i + 1),
				Sender: "alice@corp.example", Outcome: preread.OutcomeFiled}
			if i%5 == 0 {
				p.Agenda = &preread.AgendaItem{Manager: "carol@corp.example", Report: "alice@corp.example",
					From: "alice@corp.example", Category: preread.CategoryGrowth, Text: "the billing migration as a stretch project"}
			} else {
				p.Status = &preread.StatusEntry{Person: "alice@corp.example", Date: day, Text: "Yesterday: PR\nToday: retries",
					Yesterday: "PR", Today: "retries", Blockers: ""}
			}
			ps = append(ps, p)
			uids = append(uids, p.UID)
		}
		t0 := time.Now()
		if _, err := db.RecordBatch(ctx, "INBOX", ps); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := db.MarkMoved(ctx, 7, uids); err != nil {
			b.Fatal(err)
		}
		rec += t1.Sub(t0)
		mv += time.Since(t1)
	}
}
