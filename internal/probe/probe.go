// Package probe owns the steps that `preread check --connect` takes the
// same way for the mailbox and for the relay: the token command, DNS, TCP
// and TLS, and the fix hints that name the big mail providers' settings.
// The IMAP and SMTP steps are mailin.Probe's and mailout.Probe's; the
// command prints the steps they report.
package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/preread/preread/internal/oauth"
)

// Bounds on the steps.
const (
	LookupTimeout  = 10 * time.Second
	ConnectTimeout = 10 * time.Second
)

// Step is the outcome of one step of a check: ok, or not with what to fix.
type Step struct {
	Name    string // "imap tcp"
	OK      bool
	Message string // what was found, or the error
	Fix     string // what to change, when not OK
}

// String is the step's line in `preread check --connect`: ok, or FAIL
// with what went wrong and how to fix it, on one line.
func (s Step) String() string {
	if s.OK {
		return fmt.Sprintf("ok   %s: %s", s.Name, s.Message)
	}
	return fmt.Sprintf("FAIL %s: %s; fix: %s", s.Name, strings.Join(strings.Fields(s.Message), " "), s.Fix)
}

// Run hands a probe's steps to the consumer of its iter.Seq and says
// whether the probe may go on: not after a failed step, which the next
// ones depend on, nor once the consumer stopped listening.
type Run struct {
	yield   func(Step) bool
	stopped bool
}

// NewRun starts a probe that reports to yield.
func NewRun(yield func(Step) bool) *Run { return &Run{yield: yield} }

// Stopped says the consumer wants no more steps.
func (r *Run) Stopped() bool { return r.stopped }

func (r *Run) report(s Step) {
	if !r.stopped && !r.yield(s) {
		r.stopped = true
	}
}

// OK reports a step that went well and says whether to go on.
func (r *Run) OK(name, format string, args ...any) bool {
	r.report(Step{Name: name, OK: true, Message: fmt.Sprintf(format, args...)})
	return !r.stopped
}

// Fail reports what went wrong and how to fix it; it returns false.
func (r *Run) Fail(name string, err error, fix string) bool {
	r.report(Step{Name: name, Message: err.Error(), Fix: fix})
	return false
}

// Endpoint is one server as the checks see it.
type Endpoint struct {
	Kind     string // imap or smtp
	Field    string // mailbox.imap or smtp.relay
	Addr     string
	Host     string
	Port     string
	Security string
	Mech     string // the login's SASL mechanism, or "" for a password
}

// NewEndpoint is the server at addr (host:port, as the config checked
// it), logged in to with auth (password, xoauth2 or oauthbearer). An
// unknown auth counts as a password here; the login step then fails on it.
func NewEndpoint(kind, field, addr, security, auth string) Endpoint {
	host, port, _ := net.SplitHostPort(addr)
	mech, _ := oauth.Mechanism(auth)
	return Endpoint{Kind: kind, Field: field, Addr: addr, Host: host, Port: port, Security: security, Mech: mech}
}

// Begin takes the steps every server starts with: the token command, when
// the login wants a token (lifetime is how long it is kept), then DNS and
// TCP. tokenOK says the token step passed or was not needed; ok says DNS
// and TCP did, so the probe may go on, even without a token, to check the
// connection.
func (e Endpoint) Begin(ctx context.Context, r *Run, token func(context.Context, bool) (string, error), lifetime time.Duration) (tokenOK, ok bool) {
	tokenOK = true
	if e.Mech != "" {
		section, _, _ := strings.Cut(e.Field, ".")
		tokenOK = e.token(ctx, r, section+".token_command", token, lifetime)
	}
	return tokenOK, !r.Stopped() && e.DNS(ctx, r) && e.TCP(ctx, r)
}

// UsualPorts says which port goes with which security.
func (e Endpoint) UsualPorts() string {
	if e.Kind == "imap" {
		return "IMAP is port 993 with security: tls, or 143 with security: starttls"
	}
	return "SMTP submission is port 465 with security: tls, or 587 with security: starttls"
}

// token runs the token command once, as serve would before logging in;
// field names it (mailbox.token_command).
func (e Endpoint) token(ctx context.Context, r *Run, field string, token func(context.Context, bool) (string, error), lifetime time.Duration) bool {
	t, err := token(ctx, false)
	if err != nil {
		return r.Fail(e.Kind+" token", err, fmt.Sprintf("run the %s by hand as the user preread runs as (sudo -u preread sh -c '…') "+
			"and fix what it says; it must print the access token alone on stdout within %s", field, oauth.CommandTimeout))
	}
	return r.OK(e.Kind+" token", "%s printed an access token (%d characters), kept for %s or until the server refuses it", field, len(t), lifetime)
}

// DNS looks up the server's name.
func (e Endpoint) DNS(ctx context.Context, r *Run) bool {
	step := e.Kind + " dns"
	if net.ParseIP(e.Host) != nil {
		return r.OK(step, "%s is an IP address: nothing to look up", e.Host)
	}
	ctx, cancel := context.WithTimeout(ctx, LookupTimeout)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupHost(ctx, e.Host)
	if err != nil {
		var dnsErr *net.DNSError
		hint := fmt.Sprintf("check that this machine can resolve names (/etc/resolv.conf, outgoing port 53): `getent hosts %s` should answer", e.Host)
		if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
			hint = fmt.Sprintf("there is no such host: check the spelling of %s in %s", e.Host, e.Field)
		}
		return r.Fail(step, err, hint)
	}
	if len(addrs) > 3 {
		addrs = append(addrs[:3], "…")
	}
	return r.OK(step, "%s is %s", e.Host, strings.Join(addrs, ", "))
}

// TCP opens a connection to the port and closes it.
func (e Endpoint) TCP(ctx context.Context, r *Run) bool {
	step := e.Kind + " tcp"
	d := net.Dialer{Timeout: ConnectTimeout}
	began := time.Now()
	conn, err := d.DialContext(ctx, "tcp", e.Addr)
	if err != nil {
		var netErr net.Error
		hint := fmt.Sprintf("check that this machine may reach %s (try `nc -vz %s %s`)", e.Addr, e.Host, e.Port)
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			hint = fmt.Sprintf("nothing listens on port %s of %s: check the port in %s (%s) and that the server runs", e.Port, e.Host, e.Field, e.UsualPorts())
		case errors.As(err, &netErr) && netErr.Timeout():
			hint = fmt.Sprintf("no answer within %s: a firewall may drop outgoing port %s (cloud providers often block SMTP ports); check the port in %s",
				ConnectTimeout, e.Port, e.Field)
		}
		return r.Fail(step, err, hint)
	}
	conn.Close()
	return r.OK(step, "connected to %s in %s", conn.RemoteAddr(), time.Since(began).Round(100*time.Microsecond))
}

// LoggedInWith is how the login went, for its ok line: the SASL
// mechanism, or the password command.
func (e Endpoint) LoggedInWith(password string) string {
	if e.Mech != "" {
		return e.Mech + " (token from token_command)"
	}
	return "a password (" + password + ")"
}
