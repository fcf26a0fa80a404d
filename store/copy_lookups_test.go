package store_test

import (
	"testing"

	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// A look for copies that never ended is told to every look in the same
// folder until it is ended; a look that ended, or one in another folder,
// is not.
func TestCopyLookupThatStoppedItsPassIsToldUntilEnded(t *testing.T) {
	ctx := t.Context()
	db := storetest.Synced(t, storetest.Directory(t), store.Options{})
	step := func(what string, want bool) {
		t.Helper()
		if got, err := db.BeginCopyLookup(ctx, "preread/Processed"); err != nil || got != want {
			t.Fatalf("%s = %v, %v; want %v", what, got, err, want)
		}
	}
	end := func(folder string) {
		t.Helper()
		if err := db.EndCopyLookup(ctx, folder); err != nil {
			t.Fatal(err)
		}
	}
	step("a first look", false)
	end("preread/Processed")
	step("a look after one that ended", false)
	// That look's pass stopped: no EndCopyLookup.
	if got, err := db.BeginCopyLookup(ctx, "preread/Rejected"); err != nil || got {
		t.Fatalf("a look in another folder = %v, %v; want false", got, err)
	}
	step("the look after one that stopped its pass", true)
	step("the next, the folder not moved meanwhile", true)
	end("preread/Processed") // moved without looking
	step("a look after the move", false)
}
