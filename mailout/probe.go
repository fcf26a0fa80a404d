package mailout

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"iter"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/preread/preread/internal/probe"
)

// ProbeOptions says what Probe tries: the relay as the outbox would reach it.
type ProbeOptions struct {
	Relay Relay

	TokenLifetime time.Duration // how long a token is kept, for the token step
	PasswordEnv   string        // the variable that holds the password, for hints
}

// Probe tries the relay step by step, as `preread check --connect` does:
// the token command, DNS, TCP, TLS, what EHLO offers, and the login serve
// does (the Relay's client). It sends no mail. It stops at the first step
// that fails, since the next ones depend on it; a failed token command
// still lets it check the connection.
func Probe(ctx context.Context, o ProbeOptions) iter.Seq[probe.Step] {
	return func(yield func(probe.Step) bool) {
		r := probe.NewRun(yield)
		rl := o.Relay
		e := probe.NewEndpoint("smtp", "smtp.relay", rl.Addr, rl.Security, string(rl.Auth))
		tokenOK, ok := e.Begin(ctx, r, rl.Token, o.TokenLifetime)
		if !ok || !probeEHLO(ctx, r, e, rl) || !tokenOK {
			return
		}
		if rl.Username == "" {
			r.OK("smtp auth", "no login (smtp.username is not set): the relay must take mail from this machine as it is")
			return
		}
		client, err := rl.Client()
		if err == nil {
			err = client.DialWithContext(ctx)
		}
		if err != nil {
			r.Fail("smtp auth", err, o.authHint(e, err))
			return
		}
		_ = client.Close()
		r.OK("smtp auth", "logged in as %s with %s", rl.Username, e.LoggedInWith("AUTH as the relay offers"))
	}
}

// probeEHLO opens a session of its own to see the TLS certificate and
// what the relay offers after EHLO; it sends no mail.
func probeEHLO(ctx context.Context, r *probe.Run, e probe.Endpoint, rl Relay) bool {
	d := net.Dialer{Timeout: probe.ConnectTimeout}
	conn, err := d.DialContext(ctx, "tcp", e.Addr)
	if err != nil {
		return r.Fail("smtp tls", err, "the relay took a connection a moment ago: try again")
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	var state *tls.ConnectionState
	tlsConfig := probe.CaptureTLS(rl.TLSConfig, e.Host, &state)
	if e.Security == "tls" {
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return r.Fail("smtp tls", err, e.TLSHint(err))
		}
		if !r.OK("smtp tls", "%s", probe.DescribeTLS(state)) {
			return false
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, e.Host)
	if err != nil {
		return r.Fail("smtp greeting", err, "the server did not greet as an SMTP server: "+e.UsualPorts())
	}
	defer c.Close()
	helo, err := os.Hostname()
	if err != nil || helo == "" {
		helo = "localhost"
	}
	if err := c.Hello(helo); err != nil {
		return r.Fail("smtp ehlo", err, fmt.Sprintf("the relay refused EHLO %s: it may want a name it can resolve for this machine", helo))
	}
	if e.Security == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return r.Fail("smtp tls", errors.New("the relay does not offer STARTTLS"), fmt.Sprintf("on port %s there is no STARTTLS: %s", e.Port, e.UsualPorts()))
		}
		if err := c.StartTLS(tlsConfig); err != nil {
			return r.Fail("smtp tls", err, e.TLSHint(err))
		}
		if !r.OK("smtp tls", "STARTTLS, %s", probe.DescribeTLS(state)) {
			return false
		}
	}
	ok, mechs := c.Extension("AUTH")
	offers := describeEHLO(c)
	switch {
	case rl.Username != "" && !ok:
		return r.Fail("smtp ehlo", errors.New("the relay offers no AUTH: "+offers),
			"the relay may want TLS first (security: tls or starttls), or it takes mail without a login: then leave out smtp.username")
	case e.Mech != "" && !slices.Contains(strings.Fields(strings.ToUpper(mechs)), e.Mech):
		return r.Fail("smtp ehlo", fmt.Errorf("the relay does not offer AUTH %s: %s", e.Mech, offers),
			"set smtp.auth to a mechanism the relay offers")
	}
	_ = c.Quit()
	return r.OK("smtp ehlo", "the relay offers %s", offers)
}

// describeEHLO lists what the relay offers that matters to preread.
func describeEHLO(c *smtp.Client) string {
	var out []string
	for _, ext := range []string{"AUTH", "SIZE", "PIPELINING", "8BITMIME", "SMTPUTF8"} {
		if ok, param := c.Extension(ext); ok {
			out = append(out, strings.TrimSpace(ext+" "+param))
		}
	}
	if len(out) == 0 {
		return "no extensions"
	}
	return strings.Join(out, ", ")
}

// authHint says what to check when the relay refused the login.
func (o ProbeOptions) authHint(e probe.Endpoint, err error) string {
	provider := probe.Provider(e.Host)
	if e.Mech != "" {
		return probe.OAuthHint(provider, "smtp", o.Relay.Username)
	}
	if errors.Is(err, mail.ErrNoSupportedAuthDiscovered) && e.Security == "none" {
		return "over plain text preread only sends a password with CRAM-MD5 or SCRAM, which the relay does not offer: use security: starttls or tls"
	}
	hint := probe.PasswordHint(provider, "smtp", o.Relay.Username, o.PasswordEnv)
	if provider == "microsoft" {
		hint += "; SMTP AUTH must also be on for the mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false)"
	}
	return hint
}
