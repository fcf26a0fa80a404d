package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cliWithEnv(t, nil, "demo", "--out", dir)
	if code != 0 {
		t.Fatalf("demo --out %s = %d\nstdout:\n%s\nstderr:\n%s", dir, code, out, errOut)
	}
	t.Logf("the account:\n%s", out)
	if errOut != "" {
		t.Errorf("demo wrote to stderr (the service's log belongs in demo.log):\n%s", errOut)
	}
	for _, want := range []string{
		"prompt → Dan [09:00 Tokyo]",
		"Bob replies to the prompt (Thunderbird) → filed: status for Mon 30 Nov, blocker",
		"Erin replies to the prompt (Outlook, HTML only) → filed: status",
		"forwards “Billing API design review” to the agenda address (Gmail) → filed: agenda item (feedback) for Alice's 1:1, forwarded from Priya Raman",
		"→ filed: agenda item (growth) for Alice's 1:1",
		"digest → 5 people: “[Platform] Status, Mon 30 Nov: 1 blocker”",
		"pre-read → Carol: “1:1 with Alice, Tue 1 Dec 16:30: pre-read”, 2 items",
		"pre-read → Bob: “1:1 with Carol, Wed 2 Dec 10:00: pre-read”",
		"Carol replies to the pre-read (Apple Mail) → filed: closes item 1; note filed on Carol and Alice's notebook; sent on to Alice as a question",
		"question → Alice [12:20 New York]: “A question from Carol",
		"Alice [13:05 New York] answers the question (Gmail) → filed: note",
		"Dan [09:01 Tokyo]'s out-of-office answers the prompt (Exchange auto-reply) → rejected: machine mail, never answered; sets Dan away Tue 1 Dec – Wed 2 Dec",
		"digest → 5 people: “[Platform] Status, Tue 1 Dec: 1 blocker”, away: Dan",
		"Erin sends “AWAY Wednesday” to their status address (Outlook, HTML only) → done: away Wed 2 Dec, confirmed by reply",
		"confirm → Erin: “Re: AWAY Wednesday”",
		"digest → 5 people: “[Platform] Status, Wed 2 Dec: 1 blocker”, away: Dan Ito, Erin Walsh",
		"→ rejected: bulk mail",
		"agenda empty, so it suggests questions",
		// Issue 17: the follow-up of Tuesday's 1:1, Carol's reply with two
		// action items and a note, the next pre-read that opens with them,
		// and Alice's notebook by email.
		"followup → Carol: “Your 1:1 with Alice: what did you agree?”",
		"Carol replies to the follow-up (Apple Mail) → filed: 2 action items (Alice, Carol); notes of the 1:1 in Carol and Alice's notebook",
		"pre-read → Carol: “1:1 with Alice, Thu 3 Dec 16:30: pre-read”, 2 items, 1 carried over, 2 notes, opens with 2 action items (A1, A2) and last time's notes",
		"Alice [10:15 New York] sends “NOTEBOOK” to their agenda address (Gmail) → done: the notebook with Carol since Thu 4 Jun goes back by reply",
		"notebook → Alice [10:15 New York]: “Re: NOTEBOOK”",
		"mailbox   INBOX 0, preread/Failed 0, preread/Processed 28, preread/Rejected 2",
		"Every email sent is in " + dir,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the account does not say %q", want)
		}
	}

	// Each email sent is there as .eml with its HTML part beside it.
	for _, kind := range []string{"welcome", "prompt", "digest", "preread", "question", "followup", "notebook"} {
		emls, _ := filepath.Glob(filepath.Join(dir, "*-"+kind+"-*.eml"))
		if len(emls) == 0 {
			t.Errorf("no %s email in %s", kind, dir)
		}
		for _, eml := range emls {
			raw, err := os.ReadFile(eml)
			if err != nil || !strings.Contains(string(raw), "\r\nMessage-ID: <") {
				t.Errorf("%s: %v; want the message as the SMTP server received it", eml, err)
			}
			page, err := os.ReadFile(strings.TrimSuffix(eml, ".eml") + ".html")
			if err != nil || !strings.HasPrefix(string(page), "<") || !strings.Contains(string(page), "</") {
				t.Errorf("%s: no HTML part beside it (%v)", eml, err)
			}
		}
	}

	// What the team wrote to preread is kept too.
	if ooo, _ := filepath.Glob(filepath.Join(dir, "received", "*-dan-auto-reply.eml")); len(ooo) != 1 {
		t.Errorf("received/ holds %v; want Dan's out-of-office", ooo)
	}

	// The out-of-office was not filed, and everything queued went out.
	ctx := t.Context()
	db := storetest.OpenAt(t, filepath.Join(dir, "preread.db"), store.Options{})
	nb, err := db.Notebook(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range nb.Status {
		if s.Person == "dan@corp.example" && (s.Date.String() == "2026-12-01" || strings.Contains(s.Text, "out of the office")) {
			t.Errorf("the out-of-office was filed as status: %+v", s)
		}
	}
	if len(nb.Status) == 0 || len(nb.Agenda) == 0 || len(nb.Notes) != 2 || len(nb.Actions) != 2 || len(nb.MeetingNotes) != 1 {
		t.Errorf("notebook has %d status entries, %d agenda items, %d notes, %d action items, %d meeting notes; "+
			"want some, some, 2 (the question and its answer), 2 and 1 (Carol's reply to the follow-up)",
			len(nb.Status), len(nb.Agenda), len(nb.Notes), len(nb.Actions), len(nb.MeetingNotes))
	}
	// The action items are in the pre-read of Thursday's 1:1 itself.
	thu, _ := filepath.Glob(filepath.Join(dir, "*-preread-carol.eml"))
	found := false
	for _, eml := range thu {
		raw, _ := os.ReadFile(eml)
		if s := string(raw); strings.Contains(s, "Thu 3 Dec 16:30") && strings.Contains(s, "A1") && strings.Contains(s, "send Priya the cut-over plan") {
			found = true
		}
	}
	if !found {
		t.Errorf("no pre-read of Thursday's 1:1 shows A1")
	}
	left, err := db.Outbox(ctx, "pending", "failed")
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("outbox still holds %d emails after the week: %+v", len(left), left)
	}
}

func TestDemoWantsAnEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cliWithEnv(t, nil, "demo", "--out", dir)
	if code != 2 || !strings.Contains(errOut, "not empty") {
		t.Errorf("demo --out a non-empty folder = %d, %q; want 2 and why", code, errOut)
	}
}
