package mailtest_test

import (
	"bytes"
	"crypto/tls"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/preread/preread/internal/mailtest"
)

// testRaw is a small RFC 5322 message with CRLF line ends, as IMAP stores it.
const testRaw = "From: Alice <alice@corp.example>\r\n" +
	"To: preread@corp.example\r\n" +
	"Subject: mailtest round trip\r\n" +
	"Message-ID: <roundtrip@corp.example>\r\n" +
	"Date: Mon, 02 Jan 2006 15:04:05 +0000\r\n" +
	"\r\n" +
	"Hello from the mailtest package.\r\n"

// dialOptions bounds client dials so a broken server fails fast.
func dialOptions() *imapclient.Options {
	return &imapclient.Options{Dialer: &net.Dialer{Timeout: 5 * time.Second}}
}

// login logs c in or fails the test.
func login(t *testing.T, c *imapclient.Client, user, pass string) {
	t.Helper()
	if err := c.Login(user, pass).Wait(); err != nil {
		t.Fatalf("login %s: %v", user, err)
	}
}

// appendRaw appends raw to mailbox through c.
func appendRaw(t *testing.T, c *imapclient.Client, mailbox string, raw []byte) {
	t.Helper()
	cmd := c.Append(mailbox, int64(len(raw)), nil)
	if _, err := cmd.Write(raw); err != nil {
		t.Fatalf("append write: %v", err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatalf("append close: %v", err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatalf("append: %v", err)
	}
}

// fetchAll returns BODY.PEEK[] of every message in mailbox through c.
func fetchAll(t *testing.T, c *imapclient.Client, mailbox string) [][]byte {
	t.Helper()
	if _, err := c.Select(mailbox, nil).Wait(); err != nil {
		t.Fatalf("select %s: %v", mailbox, err)
	}
	section := &imap.FetchItemBodySection{Peek: true}
	bufs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{
		BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		t.Fatalf("fetch %s: %v", mailbox, err)
	}
	var out [][]byte
	for _, b := range bufs {
		out = append(out, b.FindBodySection(section))
	}
	return out
}

func TestDovecotPlainAppendFetchRestart(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	if d.TLSAddr() != "" || d.CertPool != nil {
		t.Fatalf("TLS listener without TLS option: %q", d.TLSAddr())
	}

	c, err := imapclient.DialInsecure(d.Addr(), dialOptions())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	login(t, c, mailtest.DefaultUser, mailtest.DefaultPassword)
	caps := c.Caps()
	for _, want := range []imap.Cap{imap.CapMove, imap.CapUIDPlus, imap.CapIdle} {
		if !caps.Has(want) {
			t.Errorf("capability %s missing from %v", want, caps)
		}
	}
	appendRaw(t, c, "INBOX", []byte(testRaw))
	got := fetchAll(t, c, "INBOX")
	if len(got) != 1 || !bytes.Equal(got[0], []byte(testRaw)) {
		t.Fatalf("fetched %q, want [%q]", got, testRaw)
	}

	d.Append(t, mailtest.DefaultUser, "Archive/2024", []byte(testRaw))
	if msgs := d.Messages(t, mailtest.DefaultUser, "Archive/2024"); len(msgs) != 1 || string(msgs[0]) != testRaw {
		t.Fatalf("Messages(Archive/2024) = %q", msgs)
	}

	addr := d.Addr()
	d.Restart(t)
	if d.Addr() != addr {
		t.Fatalf("address changed across restart: %s -> %s", addr, d.Addr())
	}
	// The old connection is gone with the old server.
	if err := c.Noop().Wait(); err == nil {
		t.Errorf("NOOP on a connection from before the restart succeeded")
	}
	msgs := d.Messages(t, mailtest.DefaultUser, "INBOX")
	if len(msgs) != 1 || string(msgs[0]) != testRaw {
		t.Fatalf("after restart INBOX = %q, want [%q]", msgs, testRaw)
	}
	if msgs := d.Messages(t, mailtest.DefaultUser, "Archive/2024"); len(msgs) != 1 {
		t.Fatalf("after restart Archive/2024 has %d messages, want 1", len(msgs))
	}

	d.Stop()
	d.Stop() // idempotent
	if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		conn.Close()
		t.Fatalf("port %s still accepts connections after Stop", addr)
	}
	d.Restart(t) // starts a stopped server again
	if msgs := d.Messages(t, mailtest.DefaultUser, "INBOX"); len(msgs) != 1 {
		t.Fatalf("after stop+restart INBOX has %d messages, want 1", len(msgs))
	}
}

func TestDovecotTLS(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{TLS: true})
	if d.CertPool == nil || d.TLSAddr() == "" || d.TLSAddr() == d.Addr() {
		t.Fatalf("TLS option: CertPool=%v TLSAddr=%q Addr=%q", d.CertPool, d.TLSAddr(), d.Addr())
	}
	opts := dialOptions()
	opts.TLSConfig = &tls.Config{RootCAs: d.CertPool}

	st, err := imapclient.DialStartTLS(d.Addr(), opts)
	if err != nil {
		t.Fatalf("STARTTLS dial: %v", err)
	}
	defer st.Close()
	login(t, st, mailtest.DefaultUser, mailtest.DefaultPassword)
	appendRaw(t, st, "INBOX", []byte(testRaw))

	it, err := imapclient.DialTLS(d.TLSAddr(), opts)
	if err != nil {
		t.Fatalf("implicit TLS dial: %v", err)
	}
	defer it.Close()
	login(t, it, mailtest.DefaultUser, mailtest.DefaultPassword)
	got := fetchAll(t, it, "INBOX")
	if len(got) != 1 || string(got[0]) != testRaw {
		t.Fatalf("fetched over implicit TLS %q, want [%q]", got, testRaw)
	}

	// An unverified certificate must be refused: proves the pool is needed.
	if c, err := imapclient.DialTLS(d.TLSAddr(), dialOptions()); err == nil {
		c.Close()
		t.Fatalf("implicit TLS without CertPool verified the self-signed certificate")
	}

	d.Restart(t)
	it2, err := imapclient.DialTLS(d.TLSAddr(), opts)
	if err != nil {
		t.Fatalf("implicit TLS dial after restart: %v", err)
	}
	defer it2.Close()
	login(t, it2, mailtest.DefaultUser, mailtest.DefaultPassword)
}

func TestDovecotUsersAndDisableMove(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{
		Users:       map[string]string{"a@corp.example": "pa", "b@corp.example": "pb"},
		DisableMove: true,
	})

	bad, err := imapclient.DialInsecure(d.Addr(), dialOptions())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer bad.Close()
	if err := bad.Login("a@corp.example", "wrong").Wait(); err == nil {
		t.Fatalf("login with a wrong password succeeded")
	}
	if err := bad.Login(mailtest.DefaultUser, mailtest.DefaultPassword).Wait(); err == nil {
		t.Fatalf("default user exists although Users was given")
	}

	c := d.Client(t, "a@corp.example")
	caps := c.Caps()
	if caps.Has(imap.CapMove) {
		t.Errorf("MOVE advertised with DisableMove: %v", caps)
	}
	if !caps.Has(imap.CapUIDPlus) || !caps.Has(imap.CapIdle) {
		t.Errorf("UIDPLUS or IDLE missing with DisableMove: %v", caps)
	}

	d.Append(t, "a@corp.example", "INBOX", []byte(testRaw))
	if n := len(d.Messages(t, "a@corp.example", "INBOX")); n != 1 {
		t.Fatalf("a's INBOX has %d messages, want 1", n)
	}
	if n := len(d.Messages(t, "b@corp.example", "INBOX")); n != 0 {
		t.Fatalf("b's INBOX has %d messages, want 0", n)
	}
}
