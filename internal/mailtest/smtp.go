package mailtest

import (
	"context"
	"crypto/x509"
	"log"
	"testing"
	"time"

	"github.com/preread/preread/internal/loopback"
)

// SMTPOptions configures StartSMTP. The zero value accepts any mail without
// authentication over plain SMTP.
type SMTPOptions struct {
	// Users maps user name to password. When non-empty the server offers
	// AUTH PLAIN (also without TLS, as it only listens on loopback) and
	// refuses MAIL FROM from unauthenticated sessions.
	Users map[string]string
	// TLS offers STARTTLS with a self-signed certificate verified by
	// SMTPServer.CertPool.
	TLS bool
	// OAuth, when set, makes the server take only XOAUTH2 and OAUTHBEARER
	// logins checked by it, as smtp.gmail.com and smtp.office365.com do for
	// apps, and refuse MAIL FROM without one. Users is then not used.
	OAuth *OAuthLogins
}

// Message is one message accepted by the SMTP server.
type Message = loopback.Message

// SMTPServer is loopback's capturing SMTP server tied to a test: its
// errors go to the test log, and it is closed on the test's cleanup. Its
// methods are safe for concurrent use.
type SMTPServer struct {
	*loopback.SMTPServer
	// CertPool verifies the server certificate; nil unless TLS was enabled.
	CertPool *x509.CertPool
	// CertPEM is the same certificate in PEM, for a ca_file; nil unless
	// TLS was enabled.
	CertPEM []byte

	log *testLog
}

// StartSMTP starts an SMTP server on a free loopback port. It is closed on
// t's cleanup.
func StartSMTP(t testing.TB, opts SMTPOptions) *SMTPServer {
	t.Helper()
	s := &SMTPServer{log: newTestLog(t)}
	lo := loopback.SMTPOptions{Users: opts.Users, ErrorLog: log.New(s.log, "mailtest smtp: ", 0)}
	if opts.OAuth != nil {
		lo.Logins = opts.OAuth
	}
	if opts.TLS {
		cert, err := newTestCert()
		if err != nil {
			t.Fatalf("start smtp: certificate: %v", err)
		}
		lo.TLSConfig = cert.serverConfig()
		s.CertPool, s.CertPEM = cert.pool, cert.certPEM
	}
	srv, err := loopback.StartSMTP(lo)
	if err != nil {
		t.Fatalf("start smtp: %v", err)
	}
	s.SMTPServer = srv
	t.Cleanup(s.Close)
	return s
}

// WaitFor waits up to timeout until at least n messages were accepted and
// returns a copy of all of them; it fails the test on timeout.
func (s *SMTPServer) WaitFor(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	msgs, err := s.Wait(ctx, n)
	if err != nil {
		t.Fatalf("smtp: got %d messages after %s, want %d", len(msgs), timeout, n)
	}
	return msgs
}

// Close stops the server and closes all connections. It is idempotent and
// also runs on cleanup.
func (s *SMTPServer) Close() {
	s.log.stop()
	_ = s.SMTPServer.Close()
}
