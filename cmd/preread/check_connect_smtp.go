package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/preread/preread/config"
	"github.com/preread/preread/mailout"
)

// checkSMTP checks the relay: the token command, DNS, TCP, TLS, what EHLO
// offers, and the login serve does (mailout.Relay's client).
func checkSMTP(ctx context.Context, r *connectReport, cfg *config.File, rl mailout.Relay) {
	s := cfg.SMTP
	e := newEndpoint("smtp", "smtp.relay", rl.Addr, rl.Security)
	tokenOK := true
	if s.Auth.OAuth() {
		tokenOK = checkToken(ctx, r, "smtp", "smtp.token_command", rl.Token, s.Auth)
	}
	if !checkDNS(ctx, r, e) || !checkTCP(ctx, r, e) || !checkEHLO(ctx, r, cfg, e, rl) || !tokenOK {
		return
	}
	if rl.Username == "" {
		r.ok("smtp auth", "no login (smtp.username is not set): the relay must take mail from this machine as it is")
		return
	}
	client, err := rl.Client()
	if err == nil {
		err = client.DialWithContext(ctx)
	}
	if err != nil {
		r.fail("smtp auth", err, smtpAuthHint(cfg, e, err))
		return
	}
	_ = client.Close()
	r.ok("smtp auth", "logged in as %s with %s", rl.Username, mechName(s.Auth, "AUTH as the relay offers"))
}

// checkEHLO opens a session of its own to see the TLS certificate and
// what the relay offers after EHLO; it sends no mail.
func checkEHLO(ctx context.Context, r *connectReport, cfg *config.File, e endpoint, rl mailout.Relay) bool {
	d := net.Dialer{Timeout: connectTimeout}
	conn, err := d.DialContext(ctx, "tcp", e.addr)
	if err != nil {
		r.fail("smtp tls", err, "the relay took a connection a moment ago: try again")
		return false
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	var state *tls.ConnectionState
	tlsConfig := capture(rl.TLSConfig, e.host, &state)
	if e.security == "tls" {
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			r.fail("smtp tls", err, tlsHint(err, e))
			return false
		}
		r.ok("smtp tls", "%s", describeTLS(state))
		conn = tc
	}
	c, err := smtp.NewClient(conn, e.host)
	if err != nil {
		r.fail("smtp greeting", err, "the server did not greet as an SMTP server: "+e.usualPorts())
		return false
	}
	defer c.Close()
	helo, err := os.Hostname()
	if err != nil || helo == "" {
		helo = "localhost"
	}
	if err := c.Hello(helo); err != nil {
		r.fail("smtp ehlo", err, fmt.Sprintf("the relay refused EHLO %s: it may want a name it can resolve for this machine", helo))
		return false
	}
	if e.security == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			r.fail("smtp tls", errors.New("the relay does not offer STARTTLS"), fmt.Sprintf("on port %s there is no STARTTLS: %s", e.port, e.usualPorts()))
			return false
		}
		if err := c.StartTLS(tlsConfig); err != nil {
			r.fail("smtp tls", err, tlsHint(err, e))
			return false
		}
		r.ok("smtp tls", "STARTTLS, %s", describeTLS(state))
	}
	ok, mechs := c.Extension("AUTH")
	offers := describeEHLO(c)
	switch a := cfg.SMTP.Auth; {
	case rl.Username != "" && !ok:
		r.fail("smtp ehlo", errors.New("the relay offers no AUTH: "+offers),
			"the relay may want TLS first (security: tls or starttls), or it takes mail without a login: then leave out smtp.username")
		return false
	case a.OAuth() && !slices.Contains(strings.Fields(strings.ToUpper(mechs)), strings.ToUpper(a.Mech)):
		r.fail("smtp ehlo", fmt.Errorf("the relay does not offer AUTH %s: %s", strings.ToUpper(a.Mech), offers),
			"set smtp.auth to a mechanism the relay offers")
		return false
	}
	_ = c.Quit()
	r.ok("smtp ehlo", "the relay offers %s", offers)
	return true
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

// smtpAuthHint says what to check when the relay refused the login.
func smtpAuthHint(cfg *config.File, e endpoint, err error) string {
	s := cfg.SMTP
	if s.Auth.OAuth() {
		return oauthHint(provider(e.host), "smtp", s.Username)
	}
	if errors.Is(err, mail.ErrNoSupportedAuthDiscovered) && e.security == "none" {
		return "over plain text preread only sends a password with CRAM-MD5 or SCRAM, which the relay does not offer: use security: starttls or tls"
	}
	hint := passwordHint(provider(e.host), "smtp", s.Username, s.PasswordEnv)
	if provider(e.host) == "microsoft" {
		hint += "; SMTP AUTH must also be on for the mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false)"
	}
	return hint
}
