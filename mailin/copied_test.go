package mailin_test

import (
	"errors"
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
