package store_test

import (
	"maps"
	"testing"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// A begin taken back leaves what earlier passes noted: a message the
// process died on alone once keeps that death after a pass begins it
// alone again and finds it too big to read, and a message noted only by
// the begin taken back has no note left. Other UIDVALIDITYs are
// untouched.
func TestTakeBackAttemptsLeavesEarlierDeaths(t *testing.T) {
	ctx := t.Context()
	db := storetest.Synced(t, storetest.Directory(t), store.Options{})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.StartAttempts(ctx, 7, []uint32{1}, true))        // died alone on 1 once
	must(db.StartAttempts(ctx, 7, []uint32{1, 2, 3}, false)) // a batch
	must(db.StartAttempts(ctx, 7, []uint32{1}, true))        // read alone again
	must(db.StartAttempts(ctx, 8, []uint32{2}, false))
	must(db.TakeBackAttempts(ctx, 7, []uint32{1}, true))  // found too big alone
	must(db.TakeBackAttempts(ctx, 7, []uint32{2}, false)) // found too big in the batch
	got, err := db.Attempts(ctx, 7)
	must(err)
	want := map[uint32]preread.Attempt{1: {Tries: 2, Alone: 1}, 3: {Tries: 1}}
	if !maps.Equal(got, want) {
		t.Errorf("attempts = %v, want %v", got, want)
	}
	if got, err := db.Attempts(ctx, 8); err != nil || len(got) != 1 {
		t.Errorf("the other UIDVALIDITY = %v, %v; want its note kept", got, err)
	}
	must(db.TakeBackAttempts(ctx, 7, nil, false))
}
