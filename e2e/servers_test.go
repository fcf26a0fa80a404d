package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/preread/preread/internal/mailtest"
)

// serversDirectory is a small team for the server tests.
const serversDirectory = `people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: bob@corp.example
    name: Bob Marley
teams:
  - name: Platform
    manager: carol@corp.example
    members: [bob@corp.example]
`

// bobStatus is a status from Bob to his own address.
func bobStatus(token string, n int) []byte {
	return msg([]string{"From: Bob Marley <bob@corp.example>", "To: " + statusAddr(token), "Subject: status",
		fmt.Sprintf("Message-ID: <servers-%d@corp.example>", n)}, fmt.Sprintf("Today: task %d", n))
}

// unflagged counts the messages of a folder not flagged \Deleted.
func (w *world) unflagged(folder string) int {
	w.t.Helper()
	c, err := w.imapDial(30 * time.Second)
	if err != nil {
		w.t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		w.t.Fatalf("select %s: %v", folder, err)
	}
	data, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		w.t.Fatal(err)
	}
	return len(data.AllUIDs())
}

// TestEveryServerProfileThroughTheBinary runs the built binary on Dovecot
// configured as the servers people run: as it comes, as Courier or Cyrus
// (personal folders under "INBOX." with "." between levels, no MOVE), and
// without UIDPLUS. The config's default folder names work unchanged,
// `check --connect` says how the server names them and which IDLE it has,
// and a Processed folder that refuses copies loses nothing: the mail is
// filed and waits in the inbox unflagged, then lands once, when the folder
// takes mail again and the retry is due.
func TestEveryServerProfileThroughTheBinary(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		profile mailtest.Profile
		prefix  string // how the server names preread/…, minus the last level
		mapping string // what check --connect says of the names
	}{
		{"dovecot", mailtest.AsDovecot, "preread/", "the folder names are used as written"},
		{"courier", mailtest.AsCourier, "INBOX.preread.", "preread/Processed is INBOX.preread.Processed on this server"},
		{"without uidplus", mailtest.WithoutUIDPlus, "preread/", "the folder names are used as written"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorldOn(t, mailtest.DovecotOptions{Profile: tc.profile}, serversDirectory)
			w.must("outbox") // creates the database and its tokens
			out := w.must("check", "--connect")
			for _, want := range []string{"ok   imap namespace: ", tc.mapping, "ok   imap idle: reports new mail at once"} {
				if !strings.Contains(out, want) {
					t.Errorf("check --connect lacks %q:\n%s", want, out)
				}
			}
			token := w.tokens("bob@corp.example")["bob@corp.example"]
			w.deliver(bobStatus(token, 1), bobStatus(token, 2))
			if out := w.must("ingest", "--once"); !strings.Contains(out, "2 filed") {
				t.Fatalf("ingest --once = %q, want 2 filed", out)
			}
			processed := tc.prefix + "Processed"
			if got := len(w.imap.Messages(t, mailtest.DefaultUser, processed)); got != 2 {
				t.Fatalf("%s holds %d messages, want 2", processed, got)
			}

			// The server refuses copies to Processed: filed, and waiting.
			w.imap.RefuseWrites(t, mailtest.DefaultUser, processed)
			w.deliver(bobStatus(token, 3), bobStatus(token, 4), bobStatus(token, 5))
			if out := w.must("ingest", "--once"); !strings.Contains(out, "3 filed") {
				t.Fatalf("ingest --once with Processed refused = %q, want 3 filed", out)
			}
			if got := w.unflagged(inbox); got != 3 {
				t.Errorf("INBOX holds %d unflagged messages, want the 3 waiting", got)
			}
			if out := w.must("mail"); !strings.Contains(out, "the server refused the copy to preread/Processed 1 times") {
				t.Errorf("preread mail does not show the refusal:\n%s", out)
			}

			// Writable again: the retry, due a minute later, moves them.
			w.imap.AllowWrites(t, mailtest.DefaultUser, processed)
			p := w.serve(time.Now().Add(2*time.Minute), time.Hour)
			p.ready()
			waitUntil(t, "the waiting messages moved", time.Minute, func() bool {
				p.alive()
				return w.count(`SELECT count(*) FROM messages WHERE moved_at IS NULL`) == 0
			})
			p.stop()
			if got := len(w.imap.Messages(t, mailtest.DefaultUser, processed)); got != 5 {
				t.Errorf("%s holds %d messages, want all 5", processed, got)
			}
			if got := w.unflagged(inbox); got != 0 {
				t.Errorf("INBOX still holds %d unflagged messages", got)
			}
			export := w.must("export", "--format", "markdown")
			for n := 1; n <= 5; n++ {
				if got := strings.Count(export, fmt.Sprintf("task %d", n)); got != 1 {
					t.Errorf("task %d is in the notebook %d times, want once", n, got)
				}
			}
		})
	}
}

// TestLaggingIdleThroughTheBinary: behind a server whose IDLE reports new
// mail only on its own timer, serve still files a status within
// check_every, and check --connect says what kind of IDLE it met.
func TestLaggingIdleThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, serversDirectory)
	lag := mailtest.StartLagProxy(t, w.imap.Addr())
	cfg, err := os.ReadFile(w.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg = []byte(strings.Replace(string(cfg), "imap: "+w.imap.Addr(), "imap: "+lag.Addr()+"\n  check_every: 5s", 1))
	if err := os.WriteFile(w.config, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	if out := w.must("check", "--connect"); !strings.Contains(out, "ok   imap idle: said nothing within 5s of a new message") ||
		!strings.Contains(out, "every 5s (mailbox.check_every)") {
		t.Errorf("check --connect does not name the lagging IDLE:\n%s", out)
	}
	w.must("outbox") // creates the database and its tokens
	token := w.tokens("bob@corp.example")["bob@corp.example"]
	p := w.serve(time.Time{}, time.Hour)
	p.ready()
	waitUntil(t, "serve idling", 30*time.Second, func() bool { return strings.Contains(p.log.String(), "mailbox connected") })
	time.Sleep(time.Second) // into IDLE
	w.deliver(bobStatus(token, 1))
	sent := time.Now()
	waitUntil(t, "the status filed within check_every", 5*time.Second+20*time.Second, func() bool {
		p.alive()
		return w.count(`SELECT count(*) FROM status_entries`) == 1
	})
	p.stop()
	t.Logf("filed %s after delivery", time.Since(sent).Round(time.Millisecond))
	if lag.Withheld() == 0 {
		t.Error("the proxy withheld no EXISTS: the test did not meet a lagging IDLE")
	}
}
