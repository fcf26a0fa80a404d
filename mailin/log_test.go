package mailin_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/preread/preread/internal/mailtest"
)

// TestEachMessageIsLoggedWithSenderKindAndOutcome: the admin can follow
// every message in the log: its sender (the address only), what it was
// and what became of it, and never its words.
func TestEachMessageIsLoggedWithSenderKindAndOutcome(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", e.fixture("gmail-status-reply.eml"))
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", e.fixture("unknown-sender.eml"))
	var log bytes.Buffer
	if _, err := e.pass(e.syncer(&log)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"msg=message message_id=<CAGmail-status-1@mail.gmail.com>",
		"sender=alice@corp.example kind=status outcome=filed",
		"sender=mallory@evil.example kind=agenda outcome=rejected reason=\"unknown sender\"",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	for _, never := range []string{"Alice Liddell", "Mallory <"} {
		if strings.Contains(log.String(), never) {
			t.Errorf("log shows %q: the sender's address only", never)
		}
	}
}
