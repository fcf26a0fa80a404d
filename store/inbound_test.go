package store_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

func TestUIDRunsCoverExactlyTheUIDs(t *testing.T) {
	got := store.UIDRuns([]uint32{9, 3, 4, 5, 5, 12, 1, 4294967295, 4294967294})
	want := [][2]uint32{{1, 1}, {3, 5}, {9, 9}, {12, 12}, {4294967294, 4294967295}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("uidRuns = %v, want %v", got, want)
	}
}

// The ids a batch looked up are remembered across batches; a directory
// sync that removes the person must not leave them filable.
func TestFilingForgetsIDsWhenTheDirectoryChanges(t *testing.T) {
	ctx := t.Context()
	db, dir := openSynced(t)
	n := 0
	record := func(sender string, p preread.Processed) error {
		n++
		p.Key, p.UIDValidity, p.UID, p.Sender, p.Outcome = fmt.Sprintf("<m%d@test>", n), 1, uint32(n), sender, preread.OutcomeFiled
		_, err := db.RecordBatch(ctx, "INBOX", []preread.Processed{p})
		return err
	}
	file := func(email string) error {
		return record(email, preread.Processed{Status: &preread.StatusEntry{Person: email, Date: storetest.Date(t, "2026-11-24"), Text: "shipped"}})
	}
	agenda := func(report string) error {
		return record(report, preread.Processed{Agenda: &preread.AgendaItem{Manager: "carol@corp.example", Report: report, From: report, Text: "growth"}})
	}
	for _, err := range []error{file("bob@corp.example"), agenda("bob@corp.example")} {
		if err != nil {
			t.Fatalf("filing for bob: %v", err)
		}
	}
	if _, err := db.SyncDirectory(ctx, storetest.WithoutPerson(dir, "bob@corp.example")); err != nil {
		t.Fatal(err)
	}
	if err := file("bob@corp.example"); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("status for removed bob: %v, want ErrNotFound", err)
	}
	if err := agenda("bob@corp.example"); !errors.Is(err, preread.ErrNotFound) {
		t.Errorf("agenda item for removed bob: %v, want ErrNotFound", err)
	}
	if err := file("alice@corp.example"); err != nil {
		t.Errorf("status for alice after the sync: %v", err)
	}
}
