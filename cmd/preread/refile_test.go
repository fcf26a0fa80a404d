package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// TestMailRefileAfterTheConfigChanged: Alice writes from an address the
// config does not know yet and is rejected; once the admin adds it as her
// alias, `preread mail refile` files her status, moves the message to
// Processed, and a second refile changes nothing.
func TestMailRefileAfterTheConfigChanged(t *testing.T) {
	d, file, env, token := ingestWorld(t)
	msg := "From: Alice <alice.liddell@home.example>\r\nTo: preread+status." + token + "@corp.example\r\n" +
		"Subject: Re: [STATUS] What are you working on?\r\nMessage-ID: <refile-1@home.example>\r\n" +
		"Date: Tue, 24 Nov 2026 10:00:00 -0500\r\n\r\nToday: the importer\r\n"
	d.Append(t, mailtest.DefaultUser, "INBOX", []byte(msg))
	if code, out, errOut := cliWithEnv(t, env, "ingest", "--config", file, "--once"); code != 0 || !strings.Contains(out, "1 rejected") {
		t.Fatalf("ingest = %d, %q, %q; want one rejected", code, out, errOut)
	}
	code, out, _ := cliWithEnv(t, env, "mail", "--config", file, "--outcome", "rejected")
	if code != 0 || !strings.Contains(out, "alice.liddell@home.example") || !strings.Contains(out, "unknown sender") {
		t.Fatalf("mail --outcome rejected = %d\n%s", code, out)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]

	// Not yet: the config still does not know the address.
	code, out, _ = cliWithEnv(t, env, "mail", "--config", file, "refile", id)
	if code != 0 || !strings.Contains(out, id+": still rejected: unknown sender") {
		t.Fatalf("refile before the config changed = %d\n%s", code, out)
	}

	cfg, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg = []byte(strings.Replace(string(cfg), "    timezone: America/New_York\n", "    timezone: America/New_York\n    aliases: [alice.liddell@home.example]\n", 1))
	if err := os.WriteFile(file, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cliWithEnv(t, env, "mail", "--config", file, "refile", id)
	if code != 0 || !strings.Contains(out, id+": filed now (was rejected), moved to preread/Processed") {
		t.Fatalf("refile = %d\n%s%s", code, out, errOut)
	}
	if got := len(d.Messages(t, mailtest.DefaultUser, "preread/Rejected")); got != 0 {
		t.Errorf("Rejected still holds %d messages", got)
	}
	if got := len(d.Messages(t, mailtest.DefaultUser, "preread/Processed")); got != 1 {
		t.Errorf("Processed holds %d messages, want the refiled one", got)
	}
	code, out, _ = cliWithEnv(t, env, "export", "--config", file, "--format", "markdown")
	if code != 0 || strings.Count(out, "the importer") != 1 {
		t.Errorf("export after refile = %d, want the status once:\n%s", code, out)
	}

	// Twice files once.
	code, out, _ = cliWithEnv(t, env, "mail", "--config", file, "refile", id)
	if code != 0 || !strings.Contains(out, id+": filed already, nothing to do") {
		t.Errorf("refile again = %d\n%s", code, out)
	}
	code, out, _ = cliWithEnv(t, env, "export", "--config", file, "--format", "markdown")
	if code != 0 || strings.Count(out, "the importer") != 1 {
		t.Errorf("export after a second refile = %d, want the status once:\n%s", code, out)
	}

	// An ID that names no message is an error.
	if code, _, errOut := cliWithEnv(t, env, "mail", "--config", file, "refile", "999"); code != 1 || !strings.Contains(errOut, "999") {
		t.Errorf("refile 999 = %d, %q; want 1 naming the ID", code, errOut)
	}
}

// TestMailShowsAMoveTheServerRefused: a filed message whose copy to
// Processed the server refuses is listed as still in the inbox, with the
// server's reason and the next try.
func TestMailShowsAMoveTheServerRefused(t *testing.T) {
	d, file, env, token := ingestWorld(t)
	d.RefuseWrites(t, mailtest.DefaultUser, "preread/Processed")
	d.Append(t, mailtest.DefaultUser, "INBOX", []byte("From: alice@corp.example\r\nTo: preread+status."+token+"@corp.example\r\n"+
		"Subject: status\r\nMessage-ID: <refused-1@corp.example>\r\n\r\nToday: the importer\r\n"))
	if code, out, errOut := cliWithEnv(t, env, "ingest", "--config", file, "--once"); code != 0 || !strings.Contains(out, "1 filed") {
		t.Fatalf("ingest with Processed refused = %d, %q, %q; want it filed", code, out, errOut)
	}
	code, out, _ := cliWithEnv(t, env, "mail", "--config", file)
	if code != 0 || !strings.Contains(out, "INBOX (the server refused the copy to preread/Processed 1 times: NO ") {
		t.Errorf("mail = %d, want the message in INBOX with the refusal:\n%s", code, out)
	}
	if got := len(d.Messages(t, mailtest.DefaultUser, "INBOX")); got != 1 {
		t.Errorf("INBOX holds %d messages, want the filed one", got)
	}
}

// TestIngestAt: `ingest --once --at` runs the pass on that clock. A status
// delivered long ago (its INTERNALDATE and Date a week back) counts for
// its own day, and what the pass records carries the --at instant.
func TestIngestAt(t *testing.T) {
	d, file, env, token := ingestWorld(t)
	written := time.Date(2026, 11, 16, 9, 30, 0, 0, time.UTC) // a Monday
	d.Append(t, mailtest.DefaultUser, "INBOX", []byte("From: alice@corp.example\r\nTo: preread+status."+token+"@corp.example\r\n"+
		"Subject: status\r\nMessage-ID: <at-1@corp.example>\r\nDate: "+written.Format(time.RFC1123Z)+"\r\n\r\nToday: replayed\r\n"))
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	if code, out, errOut := cliWithEnv(t, env, "ingest", "--config", file, "--once", "--at", at.Format(time.RFC3339)); code != 0 || !strings.Contains(out, "1 filed") {
		t.Fatalf("ingest --at = %d, %q, %q", code, out, errOut)
	}
	code, out, _ := cliWithEnv(t, env, "export", "--config", file)
	if code != 0 || !strings.Contains(out, `"date": "2026-11-16"`) {
		t.Errorf("export after ingest --at = %d, want the status for 2026-11-16:\n%s", code, out)
	}
	code, out, _ = cliWithEnv(t, env, "mail", "--config", file)
	if code != 0 || !strings.Contains(out, at.Local().Format(whenFormat)) {
		t.Errorf("mail = %d, want the message recorded at %s:\n%s", code, at.Local().Format(whenFormat), out)
	}
	if code, _, errOut := cliWithEnv(t, env, "ingest", "--config", file, "--once", "--at", "yesterday"); code != 2 || !strings.Contains(errOut, "RFC 3339") {
		t.Errorf("ingest --at yesterday = %d, %q; want a usage error", code, errOut)
	}
}

// TestBounceAddressesAreTheEnvelope: each email goes out from its
// recipient's own bounce address (a token of its own, not the reply token);
// with smtp.bounce_addresses: false, from the address of smtp.from.
func TestBounceAddressesAreTheEnvelope(t *testing.T) {
	for _, on := range []bool{true, false} {
		smtp := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
		file := scheduleConfig(t, smtp.Addr())
		if !on {
			cfg, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cfg = []byte(strings.Replace(string(cfg), "  from: \"preread <preread@corp.example>\"\n", "  from: \"preread <preread@corp.example>\"\n  bounce_addresses: false\n", 1))
			if err := os.WriteFile(file, cfg, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		runAt(t, file, "prompts", time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
		msgs := smtp.Messages()
		if len(msgs) == 0 {
			t.Fatal("nothing sent")
		}
		for _, m := range msgs {
			token := storetest.Token(t, filepath.Join(filepath.Dir(file), "preread.db"), m.To[0])
			switch {
			case on && (!strings.HasPrefix(m.From, "preread+bounce.") || strings.Contains(m.From, token)):
				t.Errorf("to %s: MAIL FROM %q, want a bounce address with a token of its own", m.To[0], m.From)
			case !on && m.From != "preread@corp.example":
				t.Errorf("bounce_addresses: false: MAIL FROM %q, want preread@corp.example", m.From)
			}
		}
	}
}

// TestMailRefileOfAMessageKnownByItsUIDAlone: a message failed unread
// whose envelope could not be read is known by its inbox UID alone, which
// its move changed: refile says so and what to do instead, rather than
// that the message is gone.
func TestMailRefileOfAMessageKnownByItsUIDAlone(t *testing.T) {
	_, file, env, _ := ingestWorld(t)
	db, err := store.Open(t.Context(), filepath.Join(filepath.Dir(file), "preread.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.RecordBatch(t.Context(), "INBOX", []preread.Processed{{Key: "imap:7:3", UIDValidity: 7, UID: 3,
		Outcome: preread.OutcomeFailed, Reason: "the server would not give this message: NO [SERVERBUG] Internal error"}})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := cliWithEnv(t, env, "mail", "--config", file, "--outcome", "failed")
	if code != 0 || !strings.Contains(out, "SERVERBUG") {
		t.Fatalf("mail --outcome failed = %d\n%s", code, out)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	code, out, _ = cliWithEnv(t, env, "mail", "--config", file, "refile", id)
	if code != 1 || !strings.Contains(out, "known by its inbox UID alone") || !strings.Contains(out, "back to INBOX") {
		t.Errorf("refile = %d\n%s; want 1, saying it is known by its UID and to move it back to INBOX", code, out)
	}
}
