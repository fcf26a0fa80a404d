package mailout

import (
	"context"
	"fmt"
	"net"

	"github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// dial connects and logs in to the relay with go-mail, as the Relay says
// (TLS or STARTTLS, AUTH), and returns the SMTP session under it, so that
// the outbox's bytes go out as stored rather than re-rendered by a
// mail.Msg. With OAuth the token is fetched under ctx, and a token the
// relay refuses is renewed once, on a fresh connection.
func (r Relay) dial(ctx context.Context) (*session, error) {
	mech, err := r.mechanism()
	if err != nil {
		return nil, err
	}
	if mech == "" {
		return r.dialWith(ctx, nil)
	}
	for renew := false; ; renew = true {
		token, err := r.Token(ctx, renew)
		if err != nil {
			return nil, fmt.Errorf("get %s token: %w", r.Auth, err)
		}
		auth := newTokenAuth(mech, r.Username, token, r.Addr)
		sess, err := r.dialWith(ctx, auth)
		if err == nil || renew || !auth.rejected(err) {
			return sess, auth.explain(err)
		}
	}
}

// dialWith dials, with auth, if not nil, as the login instead of the
// password.
func (r Relay) dialWith(ctx context.Context, auth smtp.Auth) (*session, error) {
	client, err := r.client(auth)
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
