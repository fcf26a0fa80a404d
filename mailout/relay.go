package mailout

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/preread/preread"
	"github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// Relay says how to reach and log in to the SMTP relay.
type Relay struct {
	Addr      string      // host:port
	Security  string      // tls | starttls | none
	Username  string      // empty for a relay that needs no login
	Password  string      // for Auth "password"
	TLSConfig *tls.Config // nil for the system's roots

	// Auth is how to log in: "password" (go-mail picks the best mechanism
	// the relay offers; also when empty), "xoauth2" or "oauthbearer" (an
	// OAuth2 access token from Token, as Google Workspace and Microsoft 365
	// require).
	Auth preread.Auth
	// Token hands out the access token for the OAuth mechanisms. renew is
	// set after the relay refused the last one: the source must not hand
	// that one out again.
	Token func(ctx context.Context, renew bool) (string, error)
}

// Client builds a go-mail client for the relay; DialWithContext connects it.
// With OAuth the token is fetched when the client logs in, bounded by the
// token source's own timeout rather than a context (go-mail's smtp.Auth
// takes none); a refused token is not renewed. The outbox Sender fetches
// the token under its context and renews a refused one.
func (r Relay) Client() (*mail.Client, error) {
	mech, err := r.mechanism()
	if err != nil {
		return nil, err
	}
	var auth smtp.Auth
	if mech != "" {
		auth = &lazyTokenAuth{r: r, mech: mech}
	}
	return r.client(auth)
}

// client builds the go-mail client with auth, if not nil, as the login.
func (r Relay) client(auth smtp.Auth) (*mail.Client, error) {
	host, portText, err := net.SplitHostPort(r.Addr)
	if err != nil {
		return nil, fmt.Errorf("relay %q: %w", r.Addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("relay %q: bad port", r.Addr)
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(30 * time.Second)}
	switch r.Security {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "starttls":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("relay %s: unknown security %q", r.Addr, r.Security)
	}
	if r.TLSConfig != nil {
		opts = append(opts, mail.WithTLSConfig(r.TLSConfig))
	} else {
		opts = append(opts, mail.WithTLSConfig(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}))
	}
	switch {
	case auth != nil:
		opts = append(opts, mail.WithSMTPAuthCustom(auth))
	case r.Username != "":
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(r.Username), mail.WithPassword(r.Password))
	}
	c, err := mail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("relay %s: %w", r.Addr, err)
	}
	return c, nil
}
