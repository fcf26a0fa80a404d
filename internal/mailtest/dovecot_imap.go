package mailtest

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// helperTimeout bounds each helper session (dial, login and commands).
const helperTimeout = 30 * time.Second

// Client returns an IMAP client connected to Addr without TLS and logged in
// as user. It is logged out and closed on t's cleanup. The connection has no
// deadline, so it can IDLE; the test's own timeout bounds it.
func (d *Dovecot) Client(t testing.TB, user string) *imapclient.Client {
	t.Helper()
	c, err := d.login(user, time.Time{})
	if err != nil {
		t.Fatalf("dovecot client: %v", err)
	}
	t.Cleanup(func() { closeClient(c) })
	return c
}

// Append stores raw in folder of user's mailbox through IMAP APPEND,
// creating the folder first if it does not exist.
func (d *Dovecot) Append(t testing.TB, user, folder string, raw []byte) {
	t.Helper()
	if err := d.append(user, folder, raw); err != nil {
		t.Fatalf("dovecot append: %v", err)
	}
}

// Messages returns the full raw bytes (BODY.PEEK[], so \Seen is not set) of
// every message in folder of user's mailbox, in UID order. A missing folder
// is fatal.
func (d *Dovecot) Messages(t testing.TB, user, folder string) [][]byte {
	t.Helper()
	msgs, err := d.messages(user, folder)
	if err != nil {
		t.Fatalf("dovecot messages: %v", err)
	}
	return msgs
}

// Count returns how many messages folder of user's mailbox holds, from
// the server's STATUS: no message is read, so a damaged one counts too.
func (d *Dovecot) Count(t testing.TB, user, folder string) int {
	t.Helper()
	c, err := d.login(user, time.Now().Add(helperTimeout))
	if err != nil {
		t.Fatalf("dovecot count: %v", err)
	}
	defer closeClient(c)
	st, err := c.Status(folder, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil || st.NumMessages == nil {
		t.Fatalf("dovecot count %q: %v", folder, err)
	}
	return int(*st.NumMessages)
}

// login dials Addr and logs in as user. A non-zero deadline applies to the
// whole connection.
func (d *Dovecot) login(user string, deadline time.Time) (*imapclient.Client, error) {
	pass, ok := d.Password(user)
	if !ok {
		return nil, fmt.Errorf("unknown user %q", user)
	}
	conn, err := net.DialTimeout("tcp", d.Addr(), 5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", d.Addr(), err)
	}
	if !deadline.IsZero() {
		if err := conn.SetDeadline(deadline); err != nil {
			conn.Close()
			return nil, fmt.Errorf("set deadline: %w", err)
		}
	}
	c := imapclient.New(conn, nil)
	if err := c.Login(user, pass).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("login %s: %w", user, err)
	}
	return c, nil
}

// closeClient logs out politely, waiting at most five seconds (the client
// may be idling or already cut off), and closes the connection.
func closeClient(c *imapclient.Client) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = c.Logout().Wait()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	_ = c.Close()
}

func (d *Dovecot) append(user, folder string, raw []byte) error {
	c, err := d.login(user, time.Now().Add(helperTimeout))
	if err != nil {
		return err
	}
	defer closeClient(c)
	if !strings.EqualFold(folder, "INBOX") {
		err := c.Create(folder, nil).Wait()
		var imapErr *imap.Error
		if err != nil && !(errors.As(err, &imapErr) && imapErr.Code == imap.ResponseCodeAlreadyExists) {
			return fmt.Errorf("create %q: %w", folder, err)
		}
	}
	cmd := c.Append(folder, int64(len(raw)), Delivered(raw))
	if _, err := cmd.Write(raw); err != nil {
		return fmt.Errorf("append to %q: %w", folder, err)
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("append to %q: %w", folder, err)
	}
	if _, err := cmd.Wait(); err != nil {
		return fmt.Errorf("append to %q: %w", folder, err)
	}
	return nil
}

func (d *Dovecot) messages(user, folder string) ([][]byte, error) {
	c, err := d.login(user, time.Now().Add(helperTimeout))
	if err != nil {
		return nil, err
	}
	defer closeClient(c)
	sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, fmt.Errorf("examine %q: %w", folder, err)
	}
	if sel.NumMessages == 0 {
		return nil, nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	all := imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}} // 1:*
	bufs, err := c.Fetch(all, &imap.FetchOptions{
		UID:         true,
		BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", folder, err)
	}
	slices.SortFunc(bufs, func(a, b *imapclient.FetchMessageBuffer) int {
		return cmp.Compare(a.UID, b.UID)
	})
	msgs := make([][]byte, 0, len(bufs))
	for _, buf := range bufs {
		msgs = append(msgs, buf.FindBodySection(section))
	}
	return msgs, nil
}
