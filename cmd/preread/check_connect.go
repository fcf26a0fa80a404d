package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/preread/preread/config"
)

// Bounds on the steps of `preread check --connect`.
const (
	lookupTimeout  = 10 * time.Second
	connectTimeout = 10 * time.Second
	checkTimeout   = 2 * time.Minute // one server, all steps
)

// checkServers tries the mailbox and the relay step by step, as serve
// would reach them, and prints one line per step: ok, or FAIL with what to
// fix. Each server's checks stop at the first step that fails, since the
// next ones depend on it. It returns exit status 1 when any step failed.
func checkServers(ctx context.Context, env *cliEnv, cfg *config.File) error {
	r := &connectReport{w: env.stdout}
	imapCtx, cancel := context.WithTimeout(ctx, checkTimeout)
	checkIMAP(imapCtx, r, cfg, imapServer(cfg, env.getenv))
	cancel()
	smtpCtx, cancel := context.WithTimeout(ctx, checkTimeout)
	checkSMTP(smtpCtx, r, cfg, relay(cfg, env.getenv))
	cancel()
	r.note("sub-addressing", subaddressHint(cfg))
	if r.failed > 0 {
		fmt.Fprintf(env.stderr, "%d of %d connection checks failed: fix the FAIL lines above and run `preread check --connect` again\n", r.failed, r.steps)
		return exitError{1}
	}
	return nil
}

// connectReport prints the outcome of each step.
type connectReport struct {
	w             io.Writer
	steps, failed int
}

func (r *connectReport) ok(step, format string, args ...any) {
	r.steps++
	fmt.Fprintf(r.w, "ok   %s: %s\n", step, fmt.Sprintf(format, args...))
}

// fail prints what went wrong and how to fix it, on one line.
func (r *connectReport) fail(step string, err error, hint string) {
	r.steps++
	r.failed++
	msg := strings.Join(strings.Fields(err.Error()), " ")
	fmt.Fprintf(r.w, "FAIL %s: %s; fix: %s\n", step, msg, hint)
}

func (r *connectReport) note(step, text string) {
	fmt.Fprintf(r.w, "note %s: %s\n", step, text)
}

// endpoint is one server as the checks see it.
type endpoint struct {
	kind     string // imap or smtp
	field    string // mailbox.imap or smtp.relay
	addr     string
	host     string
	port     string
	security string
}

func newEndpoint(kind, field, addr, security string) endpoint {
	host, port, _ := net.SplitHostPort(addr) // checked by config.Parse
	return endpoint{kind: kind, field: field, addr: addr, host: host, port: port, security: security}
}

// usualPorts says which port goes with which security.
func (e endpoint) usualPorts() string {
	if e.kind == "imap" {
		return "IMAP is port 993 with security: tls, or 143 with security: starttls"
	}
	return "SMTP submission is port 465 with security: tls, or 587 with security: starttls"
}

// checkToken runs the token command once; serve would run it before
// logging in.
func checkToken(ctx context.Context, r *connectReport, kind, field string, token func(context.Context, bool) (string, error), a config.ServerAuth) bool {
	t, err := token(ctx, false)
	if err != nil {
		r.fail(kind+" token", err, fmt.Sprintf("run the %s by hand as the user preread runs as (sudo -u preread sh -c '…') "+
			"and fix what it says; it must print the access token alone on stdout within %s", field, tokenCommandTimeout))
		return false
	}
	r.ok(kind+" token", "%s printed an access token (%d characters), kept for %s or until the server refuses it", field, len(t), a.TokenLifetime)
	return true
}

// checkDNS looks up the server's name.
func checkDNS(ctx context.Context, r *connectReport, e endpoint) bool {
	step := e.kind + " dns"
	if net.ParseIP(e.host) != nil {
		r.ok(step, "%s is an IP address: nothing to look up", e.host)
		return true
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupHost(ctx, e.host)
	if err != nil {
		var dnsErr *net.DNSError
		hint := fmt.Sprintf("check that this machine can resolve names (/etc/resolv.conf, outgoing port 53): `getent hosts %s` should answer", e.host)
		if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
			hint = fmt.Sprintf("there is no such host: check the spelling of %s in %s", e.host, e.field)
		}
		r.fail(step, err, hint)
		return false
	}
	if len(addrs) > 3 {
		addrs = append(addrs[:3], "…")
	}
	r.ok(step, "%s is %s", e.host, strings.Join(addrs, ", "))
	return true
}

// checkTCP opens a connection to the port and closes it.
func checkTCP(ctx context.Context, r *connectReport, e endpoint) bool {
	step := e.kind + " tcp"
	d := net.Dialer{Timeout: connectTimeout}
	began := time.Now()
	conn, err := d.DialContext(ctx, "tcp", e.addr)
	if err != nil {
		var netErr net.Error
		hint := fmt.Sprintf("check that this machine may reach %s (try `nc -vz %s %s`)", e.addr, e.host, e.port)
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			hint = fmt.Sprintf("nothing listens on port %s of %s: check the port in %s (%s) and that the server runs", e.port, e.host, e.field, e.usualPorts())
		case errors.As(err, &netErr) && netErr.Timeout():
			hint = fmt.Sprintf("no answer within %s: a firewall may drop outgoing port %s (cloud providers often block SMTP ports); check the port in %s",
				connectTimeout, e.port, e.field)
		}
		r.fail(step, err, hint)
		return false
	}
	conn.Close()
	r.ok(step, "connected to %s in %s", conn.RemoteAddr(), time.Since(began).Round(100*time.Microsecond))
	return true
}

// capture returns a TLS config that records the connection it verified,
// for the ok line, on top of base (nil for the system's roots).
func capture(base *tls.Config, host string, state **tls.ConnectionState) *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if base != nil {
		c = base.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = host
	}
	c.VerifyConnection = func(cs tls.ConnectionState) error {
		*state = &cs
		return nil
	}
	return c
}

// describeTLS is the ok line of a verified TLS connection.
func describeTLS(cs *tls.ConnectionState) string {
	if cs == nil || len(cs.PeerCertificates) == 0 {
		return "encrypted"
	}
	leaf := cs.PeerCertificates[0]
	name := leaf.Subject.CommonName
	if len(leaf.DNSNames) > 0 {
		name = leaf.DNSNames[0]
	}
	issuer := leaf.Issuer.CommonName
	if issuer == "" && len(leaf.Issuer.Organization) > 0 {
		issuer = leaf.Issuer.Organization[0]
	}
	return fmt.Sprintf("%s, certificate for %s issued by %s, valid until %s",
		tls.VersionName(cs.Version), name, issuer, leaf.NotAfter.UTC().Format("2006-01-02"))
}

// tlsHint names the certificate problem in err and how to fix it.
func tlsHint(err error, e endpoint) string {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &unknown):
		return fmt.Sprintf("the certificate of %s is signed by an authority this machine does not trust (self-signed, or a private CA): "+
			"install that CA (copy it to /usr/local/share/ca-certificates/ and run update-ca-certificates), or give the server a public certificate", e.host)
	case errors.As(err, &hostname):
		names := hostname.Certificate.DNSNames
		if len(names) == 0 {
			names = []string{hostname.Certificate.Subject.CommonName}
		}
		return fmt.Sprintf("the certificate is for %s, not %s: write one of those names in %s", strings.Join(names, ", "), e.host, e.field)
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return fmt.Sprintf("the certificate of %s has expired or is not valid yet (valid %s to %s): renew it on the server, or fix this machine's clock",
			e.host, invalid.Cert.NotBefore.UTC().Format("2006-01-02"), invalid.Cert.NotAfter.UTC().Format("2006-01-02"))
	case errors.As(err, &invalid):
		return fmt.Sprintf("the certificate of %s is not valid for a server: %s", e.host, invalid.Detail)
	case errors.As(err, &record):
		return fmt.Sprintf("the server did not answer in TLS: port %s may be plain text or STARTTLS; %s", e.port, e.usualPorts())
	}
	return fmt.Sprintf("check that the security of %s matches its port: %s", e.field, e.usualPorts())
}
