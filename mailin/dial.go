package mailin

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
)

// Server says how to reach and log in to the mailbox.
type Server struct {
	Addr      string // host:port
	Security  string // tls | starttls | none
	Username  string
	Password  string
	TLSConfig *tls.Config // nil for the system's roots

	// Unilateral receives the server's unsolicited updates (new mail in IDLE).
	Unilateral *imapclient.UnilateralDataHandler
}

// dialTimeout bounds connecting and the TLS handshake.
const dialTimeout = 20 * time.Second

// Dial connects and logs in. Cancelling ctx closes the connection, which
// unblocks a pending command (go-imap calls take no context).
func Dial(ctx context.Context, s Server) (*imapclient.Client, error) {
	opts := &imapclient.Options{
		TLSConfig:             s.TLSConfig,
		Dialer:                &net.Dialer{Timeout: dialTimeout, KeepAlive: time.Minute},
		UnilateralDataHandler: s.Unilateral,
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
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := c.Login(s.Username, s.Password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("log in to %s as %s: %w", s.Addr, s.Username, err)
	}
	return c, nil
}
