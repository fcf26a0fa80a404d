package mailin_test

import (
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/store"
)

// A server that refuses to give messages for now (NO [UNAVAILABLE], as
// Gmail answers at its bandwidth limit) fails no message: the passes end
// with an error saying so, nothing is recorded, and when the server gives
// again every message is filed as if nothing had happened, read in a
// batch, not one by one as suspects. The same holds when only the
// structure of an oversized message is refused.
func TestAServerThatRefusesForNowFailsNoMessage(t *testing.T) {
	for _, tc := range []struct {
		name, only string // which UID FETCH the server refuses
	}{
		{"every fetch", ""},
		{"the structure of a big message", "BODYSTRUCTURE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newIngestEnv(t, mailtest.DovecotOptions{})
			filed, rejected := deliverReplies(e, 6)
			agenda := mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: e.tokens["alice@corp.example"]})
			e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bigMail("Alice <alice@corp.example>", agenda, "big@corp.example", "", 2))
			proxy := mailtest.StartBusyProxy(t, e.dovecot.Addr())
			pass := func() error {
				t.Helper()
				conn, err := net.Dial("tcp", proxy.Addr())
				if err != nil {
					t.Fatal(err)
				}
				c := imapclient.New(conn, nil)
				defer c.Close()
				password, _ := e.dovecot.Password(mailtest.DefaultUser)
				if err := c.Login(mailtest.DefaultUser, password).Wait(); err != nil {
					t.Fatal(err)
				}
				_, err = e.syncer(mailtest.LogTo(t)).Pass(t.Context(), mailin.NewConn(c))
				return err
			}
			proxy.Refuse("NO [UNAVAILABLE] Temporary failure, try again later", tc.only)
			for i := 1; i <= 3; i++ {
				if err := pass(); err == nil || !strings.Contains(err.Error(), "for now") {
					t.Errorf("refused pass %d = %v, want an error saying the server refuses for now", i, err)
				}
			}
			failed, err := e.db.Messages(t.Context(), store.MessageFilter{Outcome: preread.OutcomeFailed})
			if err != nil || len(failed) > 0 {
				t.Fatalf("failed while the server refused: %+v, %v; want none", failed, err)
			}
			validity, _, err := e.db.MailboxState(t.Context(), "INBOX")
			if err != nil {
				t.Fatal(err)
			}
			if attempts, err := e.db.Attempts(t.Context(), validity); err != nil || len(attempts) > 0 {
				t.Errorf("reads noted after the refusals: %v, %v; want none held against the messages", attempts, err)
			}
			proxy.Refuse("", "")
			if err := pass(); err != nil {
				t.Fatalf("the pass after = %v", err)
			}
			if got := e.count("preread/Processed"); got != filed+1 {
				t.Errorf("Processed holds %d, want %d: every reply and the big forward", got, filed+1)
			}
			if got := e.count("preread/Rejected"); got != rejected {
				t.Errorf("Rejected holds %d, want %d", got, rejected)
			}
			if got := e.count("preread/Failed") + e.count("INBOX"); got != 0 {
				t.Errorf("Failed and INBOX hold %d, want none", got)
			}
		})
	}
}

// Only a NO that says the server refuses for now is busy: a LIMIT may be
// the message's own, and a BAD is a broken command.
func TestBusyIsANoForNowOnly(t *testing.T) {
	for _, tc := range []struct {
		err  *imap.Error
		want bool
	}{
		{&imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeUnavailable}, true},
		{&imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeInUse}, true},
		{&imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeLimit}, false},
		{&imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeServerBug}, false},
		{&imap.Error{Type: imap.StatusResponseTypeBad, Code: imap.ResponseCodeUnavailable}, false},
	} {
		if got := mailin.Busy(fmt.Errorf("fetch: %w", tc.err)); got != tc.want {
			t.Errorf("busy(%s [%s]) = %v, want %v", tc.err.Type, tc.err.Code, got, tc.want)
		}
	}
}
