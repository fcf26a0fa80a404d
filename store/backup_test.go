package store_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// TestBackupDuringWrites takes backups while another goroutine files status
// entries: each backup opens, and holds every entry committed before it began.
func TestBackupDuringWrites(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	db := storetest.OpenAt(t, filepath.Join(dir, "live.db"), store.Options{})
	if _, err := db.SyncDirectory(ctx, storetest.Directory(t)); err != nil {
		t.Fatal(err)
	}
	day, _ := preread.ParseDate("2026-11-24")
	var mu sync.Mutex
	committed := 0
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; i < 2000; i++ {
			select {
			case <-stop:
				return
			default:
			}
			p := preread.Processed{Key: fmt.Sprintf("<w%d@t>", i), Outcome: preread.OutcomeFiled,
				Status: &preread.StatusEntry{Person: "alice@corp.example", Date: day, Text: "x"}}
			if err := db.Record(ctx, "INBOX", p); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			committed++
			mu.Unlock()
		}
	})
	for i := range 5 {
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		before := committed
		mu.Unlock()
		path := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if err := db.Backup(ctx, path); err != nil {
			t.Fatal(err)
		}
		b := storetest.OpenAt(t, path, store.Options{})
		nb, err := b.Notebook(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(nb.Status) < before {
			t.Errorf("backup %d holds %d entries, want at least the %d committed before it", i, len(nb.Status), before)
		}
		b.Close()
	}
	close(stop)
	wg.Wait()
	if err := db.Backup(ctx, filepath.Join(dir, "backup-0.db")); err == nil {
		t.Error("Backup over an existing file succeeded, want a refusal")
	}
}
