package store_test

import (
	"fmt"
	"testing"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// A batch files each message once: one recorded by an earlier batch, and
// the second copy of one delivered twice within the batch, are
// duplicates that file nothing; the rest file their status entries in
// the batch's order, across more rows than one INSERT takes, beside an
// agenda item and a rejected message.
func TestRecordBatchFilesEachMessageOnce(t *testing.T) {
	ctx := t.Context()
	db := storetest.Synced(t, storetest.Directory(t), store.Options{})
	if _, err := db.RecordBatch(ctx, "INBOX", []preread.Processed{status("<old@t>", "alice@corp.example", "old")}); err != nil {
		t.Fatal(err)
	}
	var ps []preread.Processed
	for i := range 300 {
		ps = append(ps, status(fmt.Sprintf("<s%d@t>", i), "alice@corp.example", fmt.Sprintf("entry %d", i)))
	}
	ps = append(ps, status("<old@t>", "alice@corp.example", "old, read again"), status("<s7@t>", "alice@corp.example", "a second copy"),
		preread.Processed{Key: "<agenda@t>", Sender: "bob@corp.example", Outcome: preread.OutcomeFiled,
			Agenda: &preread.AgendaItem{Manager: "carol@corp.example", Report: "bob@corp.example", From: "bob@corp.example", Text: "growth"}},
		rejected("<stranger@t>", "eve@elsewhere.example", "unknown sender"))
	for i := range ps {
		ps[i].UIDValidity, ps[i].UID = 1, uint32(i+1)
	}
	dup, err := db.RecordBatch(ctx, "INBOX", ps)
	if err != nil {
		t.Fatal(err)
	}
	var dups []string
	for i, d := range dup {
		if d {
			dups = append(dups, ps[i].Key)
		}
	}
	if fmt.Sprint(dups) != "[<old@t> <s7@t>]" {
		t.Errorf("duplicates = %v; want the one recorded before and the second copy", dups)
	}
	entries, err := db.StatusOf(ctx, "alice@corp.example", preread.Date{Year: 2026, Month: 11, Day: 24}, preread.Date{Year: 2026, Month: 11, Day: 24})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 301 || entries[0].Text != "old" || entries[1].Text != "entry 0" || entries[300].Text != "entry 299" {
		t.Fatalf("%d status entries (first %q, second %q); want the old one, then 300 in the batch's order", len(entries), entries[0].Text, entries[1].Text)
	}
	if got := listing(t, db, store.MessageFilter{Outcome: preread.OutcomeRejected}); got != "<stranger@t> eve@elsewhere.example  rejected" {
		t.Errorf("rejected = %q", got)
	}
	if _, mailbox, err := db.MailboxState(ctx, "INBOX"); err != nil || mailbox != uint32(len(ps)) {
		t.Errorf("last UID = %d, %v; want %d", mailbox, err, len(ps))
	}
}
