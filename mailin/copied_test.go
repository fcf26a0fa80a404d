package mailin_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
)

// A move cut off after the server made its copies (preread killed
// mid-move, a dropped connection) leaves them in the folder and the
// originals in the inbox. The next pass takes the originals out of the
// inbox instead of copying them again: one copy each in the end.
func TestACutOffMoveLeavesOneCopyOfEach(t *testing.T) {
	for _, tc := range []struct {
		name    string
		profile mailtest.Profile
		prefix  string // how the server names preread/Processed, minus "Processed"
	}{
		{"dovecot", mailtest.AsDovecot, "preread/"},
		{"courier", mailtest.AsCourier, "INBOX.preread."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newIngestEnv(t, mailtest.DovecotOptions{Profile: tc.profile})
			filed, rejected := deliverReplies(e, 20)
			s := e.syncer(mailtest.LogTo(t))
			mailin.SetBeforeMove(s, func() error { return errCrash })
			if _, err := e.pass(s); !errors.Is(err, errCrash) {
				t.Fatalf("Pass() = %v, want the crash between commit and move", err)
			}
			// What the cut-off move left: copies of five filed messages.
			c := e.dovecot.Client(t, mailtest.DefaultUser)
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatal(err)
			}
			copied := imap.UIDSetNum(1, 2, 3, 6, 7) // 4 is a stranger's, rejected
			if _, err := c.Copy(copied, tc.prefix+"Processed").Wait(); err != nil {
				t.Fatal(err)
			}
			c.Logout()

			if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
				t.Fatal(err)
			}
			for folder, want := range map[string]int{"INBOX": 0, tc.prefix + "Processed": filed, tc.prefix + "Rejected": rejected} {
				if got := e.count(folder); got != want {
					t.Errorf("%s holds %d, want %d", folder, got, want)
				}
			}
			for key, n := range filedKeys(t, e) {
				if n != 1 {
					t.Errorf("%s filed %d times", key, n)
				}
			}
		})
	}
}

// A message in a result folder that the server can't read (a damaged
// file, on which Dovecot drops the connection) must not hold the inbox
// up when a cut-off move is recovered: the look for copies among the
// folder's newest messages reads it and the pass stops, once for each
// such folder; then the folders are moved to without a look, and the
// pass after is clean.
func TestADamagedMessageInTheFolderDoesNotHoldUpARecoveredMove(t *testing.T) {
	for _, damaged := range [][]string{{"preread/Rejected"}, {"preread/Rejected", "preread/Processed"}} {
		t.Run(strings.Join(damaged, "+"), func(t *testing.T) {
			e := newIngestEnv(t, mailtest.DovecotOptions{})
			for i, folder := range damaged {
				raw := mailtest.Reply(90+i, "stranger@elsewhere.example", "Stranger", "preread@corp.example", "preread@corp.example")
				marker := fmt.Sprintf("<damaged-%d@", i)
				e.dovecot.Append(t, mailtest.DefaultUser, folder, bytes.Replace(raw, []byte(fmt.Sprintf("<bench-%d@", 90+i)), []byte(marker), 1))
				e.dovecot.UnreadableIn(t, mailtest.DefaultUser, folder, marker)
			}
			filed, rejected := deliverReplies(e, 10)
			s := e.syncer(mailtest.LogTo(t))
			mailin.SetBeforeMove(s, func() error { return errCrash })
			if _, err := e.pass(s); !errors.Is(err, errCrash) {
				t.Fatalf("Pass() = %v, want the crash between commit and move", err)
			}
			inbox := func() int { return e.dovecot.Count(t, mailtest.DefaultUser, "INBOX") }
			passes := 0
			for ; passes < 6 && inbox() > 0; passes++ {
				if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
					t.Logf("pass %d: %v", passes+1, err)
				}
			}
			if got := inbox(); got != 0 || passes > len(damaged)+1 {
				t.Fatalf("after %d passes INBOX holds %d; want it empty within %d", passes, got, len(damaged)+1)
			}
			if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
				t.Errorf("the pass after = %v, want it clean", err)
			}
			count := func(folder string) int { return e.dovecot.Count(t, mailtest.DefaultUser, folder) }
			if got, want := count("preread/Processed")+count("preread/Rejected"), filed+rejected+len(damaged); got != want {
				t.Errorf("Processed and Rejected hold %d, want %d: every reply once and the damaged ones", got, want)
			}
		})
	}
}
