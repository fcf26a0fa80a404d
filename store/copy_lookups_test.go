package store_test

import (
	"testing"

	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// A look for copies that never ended is told to the next look in the
// same folder, once; a look that ended, or one in another folder, is not.
func TestCopyLookupThatStoppedItsPassIsToldOnce(t *testing.T) {
	ctx := t.Context()
	db := storetest.Synced(t, storetest.Directory(t), store.Options{})
	step := func(what string, got bool, err error, want bool) {
		t.Helper()
		if err != nil || got != want {
			t.Fatalf("%s = %v, %v; want %v", what, got, err, want)
		}
	}
	stopped, err := db.BeginCopyLookup(ctx, "preread/Processed")
	step("a first look", stopped, err, false)
	if err := db.EndCopyLookup(ctx, "preread/Processed"); err != nil {
		t.Fatal(err)
	}
	stopped, err = db.BeginCopyLookup(ctx, "preread/Processed")
	step("a look after one that ended", stopped, err, false)
	// That look's pass stopped: no EndCopyLookup.
	stopped, err = db.BeginCopyLookup(ctx, "preread/Rejected")
	step("a look in another folder", stopped, err, false)
	stopped, err = db.BeginCopyLookup(ctx, "preread/Processed")
	step("the look after one that stopped its pass", stopped, err, true)
	stopped, err = db.BeginCopyLookup(ctx, "preread/Processed")
	step("the look after the skipped one", stopped, err, false)
}
