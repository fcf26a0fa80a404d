package mailout

import (
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/wneessen/go-mail"
)

// Relay says how to reach and log in to the SMTP relay.
type Relay struct {
	Addr      string // host:port
	Security  string // tls | starttls | none
	Username  string // empty for a relay that needs no login
	Password  string
	TLSConfig *tls.Config // nil for the system's roots
}

// Client builds a go-mail client for the relay; DialWithContext connects it.
func (r Relay) Client() (*mail.Client, error) {
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
	if r.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(r.Username), mail.WithPassword(r.Password))
	}
	c, err := mail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("relay %s: %w", r.Addr, err)
	}
	return c, nil
}
