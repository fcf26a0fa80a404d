package mailtest

import (
	"crypto/x509"
	"fmt"
	"maps"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// smtpCloseTimeout bounds waiting for the accept loop to end on Close.
const smtpCloseTimeout = 5 * time.Second

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
type Message struct {
	From string   // MAIL FROM address
	To   []string // RCPT TO addresses, in order
	Data []byte   // the message as sent after DATA, dot-unstuffed, CRLF line ends
	User string   // authenticated user, "" without AUTH
	TLS  bool     // whether the session had switched to TLS
}

// clone returns a deep copy of m.
func (m Message) clone() Message {
	m.To = slices.Clone(m.To)
	m.Data = slices.Clone(m.Data)
	return m
}

// SMTPServer is an in-process SMTP server that records every accepted
// message. Its methods are safe for concurrent use.
type SMTPServer struct {
	// CertPool verifies the server certificate; nil unless TLS was enabled.
	CertPool *x509.CertPool

	srv       *smtp.Server
	addr      *net.TCPAddr
	users     map[string]string
	oauth     *OAuthLogins
	serveDone chan struct{}
	closeOnce sync.Once

	mu       sync.Mutex
	msgs     []Message
	changed  chan struct{} // closed and replaced whenever msgs grows
	attempts int           // DATA commands seen
	conns    int           // TCP connections accepted
	fault    func(m Message, n int) error
	drop     int  // DATA commands still to answer by dropping the connection
	closed   bool // set by Close; silences the error log
}

// StartSMTP starts an SMTP server on a free loopback port. It is closed on
// t's cleanup.
func StartSMTP(t testing.TB, opts SMTPOptions) *SMTPServer {
	t.Helper()
	s := &SMTPServer{
		users:     maps.Clone(opts.Users),
		oauth:     opts.OAuth,
		serveDone: make(chan struct{}),
		changed:   make(chan struct{}),
	}
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "localhost"
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 64 << 20
	srv.AllowInsecureAuth = true // loopback only
	srv.ErrorLog = &smtpLogger{t: t, s: s}
	if opts.TLS {
		cert, err := newTestCert()
		if err != nil {
			t.Fatalf("start smtp: certificate: %v", err)
		}
		srv.TLSConfig = cert.serverConfig()
		s.CertPool = cert.pool
	}
	s.srv = srv

	ln, err := net.Listen("tcp", net.JoinHostPort(loopback, "0"))
	if err != nil {
		t.Fatalf("start smtp: %v", err)
	}
	s.addr = ln.Addr().(*net.TCPAddr)
	go func() {
		defer close(s.serveDone)
		_ = srv.Serve(&countingListener{Listener: ln, s: s})
	}()
	t.Cleanup(s.Close)
	return s
}

// Addr returns the server's host:port.
func (s *SMTPServer) Addr() string { return s.addr.String() }

// Host returns the server's IP address as a string ("127.0.0.1").
func (s *SMTPServer) Host() string { return s.addr.IP.String() }

// Port returns the server's TCP port.
func (s *SMTPServer) Port() int { return s.addr.Port }

// Messages returns a copy of every message accepted so far, in order.
func (s *SMTPServer) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.msgs))
	for i, m := range s.msgs {
		out[i] = m.clone()
	}
	return out
}

// WaitFor waits up to timeout until at least n messages were accepted and
// returns a copy of all of them; it fails the test on timeout.
func (s *SMTPServer) WaitFor(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		got, changed := len(s.msgs), s.changed
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-changed:
		case <-timer.C:
			t.Fatalf("smtp: got %d messages after %s, want %d", got, timeout, n)
			return nil
		}
	}
}

// SetFault installs f, called for every DATA command with the message and
// n, the 1-based count of DATA commands the server has seen (rejected and
// dropped ones included). A non-nil error rejects the message: a
// *smtp.SMTPError is answered with its code (451 temporary, 550 permanent),
// any other error with 554. Pass nil to remove the fault.
func (s *SMTPServer) SetFault(f func(m Message, n int) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// DropNext makes the next k DATA commands close the connection abruptly
// after the message body was received, without any reply. Dropped
// messages are not recorded.
func (s *SMTPServer) DropNext(k int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop = k
}

// Connections returns how many TCP connections the server has accepted.
func (s *SMTPServer) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Attempts returns how many DATA commands the server has seen, whatever
// their outcome.
func (s *SMTPServer) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// Reset forgets the recorded messages; counters, fault and drops are kept.
func (s *SMTPServer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = nil
}

// Close stops the server and closes all connections. It is idempotent and
// also runs on cleanup.
func (s *SMTPServer) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		_ = s.srv.Close()
		select {
		case <-s.serveDone:
		case <-time.After(smtpCloseTimeout):
		}
	})
}

// deliver runs one DATA command: drop, fault or record. It reports whether
// the connection must be dropped and the error to answer with.
func (s *SMTPServer) deliver(m Message) (drop bool, err error) {
	s.mu.Lock()
	s.attempts++
	n := s.attempts
	if s.drop > 0 {
		s.drop--
		s.mu.Unlock()
		return true, nil
	}
	fault := s.fault
	s.mu.Unlock()

	if fault != nil {
		if err := fault(m.clone(), n); err != nil {
			return false, err
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	close(s.changed)
	s.changed = make(chan struct{})
	return false, nil
}

// countingListener counts accepted connections.
type countingListener struct {
	net.Listener
	s *SMTPServer
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.s.mu.Lock()
		l.s.conns++
		l.s.mu.Unlock()
	}
	return c, err
}

// smtpLogger forwards go-smtp's internal errors to the test log until the
// server is closed (logging after a test ends would panic).
type smtpLogger struct {
	t testing.TB
	s *SMTPServer
}

func (l *smtpLogger) Printf(format string, v ...any) {
	l.s.mu.Lock()
	defer l.s.mu.Unlock()
	if !l.s.closed {
		l.t.Logf("mailtest smtp: "+format, v...)
	}
}

func (l *smtpLogger) Println(v ...any) {
	l.Printf("%s", fmt.Sprintln(v...))
}
