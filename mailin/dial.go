package mailin

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
)

// Server says how to reach and log in to the mailbox.
type Server struct {
	Addr      string // host:port
	Security  string // tls | starttls | none
	Username  string
	Password  string      // for Auth "password"
	TLSConfig *tls.Config // nil for the system's roots

	// Auth is how to log in: "password" (IMAP LOGIN; also when empty),
	// "xoauth2" or "oauthbearer" (AUTHENTICATE with an OAuth2 access token
	// from Token, as Google Workspace and Microsoft 365 require).
	Auth preread.Auth
	// Token hands out the access token for the OAuth mechanisms. renew is
	// set after the server refused the last one: the source must not hand
	// that one out again.
	Token func(ctx context.Context, renew bool) (string, error)

	// unilateral receives the server's unsolicited updates (new mail in
	// IDLE); the Watcher sets it.
	unilateral *imapclient.UnilateralDataHandler
}

// dialTimeout bounds connecting and the TLS handshake.
const dialTimeout = 20 * time.Second

// Conn is a logged-in connection to the mailbox, as Dial returns it; a
// Syncer's Pass reads the inbox over it. The IMAP client under it stays
// mailin's own.
type Conn struct {
	c *imapclient.Client
}

// Logout ends the session (IMAP LOGOUT) and waits for the server's answer.
// Close must still be called.
func (c *Conn) Logout() error { return c.c.Logout().Wait() }

// Close closes the connection; a command in flight fails.
func (c *Conn) Close() error { return c.c.Close() }

// Dial connects and logs in. Cancelling ctx closes the connection, which
// unblocks a pending command (go-imap calls take no context). With OAuth,
// a token the server refuses is renewed once, on a fresh connection: the
// cached one may have expired early or been revoked.
func Dial(ctx context.Context, s Server) (*Conn, error) {
	c, rejected, err := dialOnce(ctx, s, false)
	if rejected {
		c, _, err = dialOnce(ctx, s, true)
	}
	if err != nil {
		return nil, err
	}
	return &Conn{c: c}, nil
}

// dialOnce connects and logs in once; rejected says the server refused an
// OAuth token, so a new one may do better.
func dialOnce(ctx context.Context, s Server, renew bool) (_ *imapclient.Client, rejected bool, _ error) {
	mech, err := s.mechanism()
	if err != nil {
		return nil, false, err
	}
	// The token comes first: a token command that fails is a problem of
	// this machine, not of the server, and it is cheaper than a login.
	var token string
	if mech != "" {
		if token, err = s.Token(ctx, renew); err != nil {
			return nil, false, fmt.Errorf("log in to %s as %s: get %s token: %w", s.Addr, s.Username, mech, err)
		}
	}
	c, err := connect(s)
	if err != nil {
		return nil, false, err
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if mech == "" {
		err = c.Login(s.Username, s.Password).Wait()
	} else {
		rejected, err = authenticate(c, mech, s, token)
	}
	if err != nil {
		c.Close()
		err = fmt.Errorf("log in to %s as %s: %w", s.Addr, s.Username, err)
		var ierr *imap.Error
		if rejected || errors.As(err, &ierr) && (ierr.Type == imap.StatusResponseTypeNo || ierr.Type == imap.StatusResponseTypeBad) {
			err = loginRefused{err} // the server answered NO or BAD: not a lost connection
		}
		return nil, rejected, err
	}
	return c, false, nil
}

// loginRefused is a login the server refused; errors.Is finds
// preread.ErrLoginRefused in it, and its text is the error's own.
type loginRefused struct{ err error }

func (e loginRefused) Error() string   { return e.err.Error() }
func (e loginRefused) Unwrap() []error { return []error{e.err, preread.ErrLoginRefused} }

// connect opens the connection and, for tls and starttls, secures it, but
// does not log in: Dial does both. Probe uses it to tell connection
// trouble from login trouble.
func connect(s Server) (*imapclient.Client, error) {
	opts := &imapclient.Options{
		TLSConfig:             s.TLSConfig,
		Dialer:                &net.Dialer{Timeout: dialTimeout, KeepAlive: time.Minute},
		UnilateralDataHandler: s.unilateral,
	}
	var (
		c   *imapclient.Client
		err error
	)
	switch s.Security {
	case "tls":
		c, err = imapclient.DialTLS(s.Addr, opts)
	case "starttls":
		c, err = imapclient.DialStartTLS(s.Addr, opts)
	case "none":
		c, err = imapclient.DialInsecure(s.Addr, opts)
	default:
		return nil, fmt.Errorf("connect to %s: unknown security %q", s.Addr, s.Security)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", s.Addr, err)
	}
	return c, nil
}
