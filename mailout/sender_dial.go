package mailout

import (
	"context"
	"net"

	"github.com/wneessen/go-mail"
)

// dial connects and logs in to the relay with go-mail, as the Relay says
// (TLS or STARTTLS, AUTH), and returns the SMTP session under it, so that
// the outbox's bytes go out as stored rather than re-rendered by a
// mail.Msg.
func (r Relay) dial(ctx context.Context) (*session, error) {
	client, err := r.Client()
	if err != nil {
		return nil, err
	}
	// go-mail leaves the connection open when EHLO, STARTTLS or AUTH
	// fails; dialling it ourselves lets us close it. Not for implicit TLS,
	// where go-mail's own dialer is what tells AUTH the session is
	// encrypted.
	var conn net.Conn
	if r.Security != "tls" {
		var d net.Dialer
		dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			conn = c
			return c, err
		}
		if err := mail.WithDialContextFunc(dial)(client); err != nil {
			return nil, err
		}
	}
	c, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		if conn != nil {
			_ = conn.Close()
		}
		return nil, err // the caller says "dial"; a net error names the address
	}
	// go-mail's SMTP calls take no context (STYLE §6): closing the
	// connection unblocks a call in flight. Text is not replaced after the
	// dial (only STARTTLS does that), and closing a net.Conn from another
	// goroutine is safe.
	text := c.Text
	stop := context.AfterFunc(ctx, func() { _ = text.Close() })
	sess := &session{c: c, stop: stop}
	sess.pipelining, _ = c.Extension("PIPELINING")
	sess.eightBit, _ = c.Extension("8BITMIME")
	sess.utf8, _ = c.Extension("SMTPUTF8")
	return sess, nil
}
