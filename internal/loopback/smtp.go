package loopback

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// closeTimeout bounds waiting for the accept loop to end on Close.
const closeTimeout = 5 * time.Second

// SMTPOptions configures StartSMTP. The zero value accepts any mail over
// plain SMTP without authentication.
type SMTPOptions struct {
	// Users maps user name to password. When non-empty the server offers
	// AUTH PLAIN (also without TLS, as it only listens on loopback) and
	// refuses MAIL FROM from unauthenticated sessions.
	Users map[string]string
	// Logins, when set, checks every login in place of Users: the server
	// offers only its mechanisms (OAuth2 tokens, say) and refuses MAIL FROM
	// without a login.
	Logins Logins
	// TLSConfig, when set, makes the server offer STARTTLS with it.
	TLSConfig *tls.Config
	// MaxMessageBytes is the largest message accepted; 0 means 64 MiB.
	MaxMessageBytes int64
	// ErrorLog receives go-smtp's errors; nil discards them.
	ErrorLog *log.Logger
}

// Logins checks SASL logins other than PLAIN, such as OAuth2 tokens.
type Logins interface {
	// Mechanisms lists the SASL mechanisms offered.
	Mechanisms() []string
	// Server checks one login with mech: it answers refused when the login
	// fails and calls ok with the user when it succeeds; nil when mech is
	// not offered.
	Server(mech string, refused error, ok func(user string)) sasl.Server
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

// SMTPServer is an in-process SMTP server that records every message it
// accepts. Its methods are safe for concurrent use.
type SMTPServer struct {
	srv       *smtp.Server
	addr      *net.TCPAddr
	users     map[string]string
	logins    Logins
	serveDone chan struct{}
	closeOnce sync.Once

	mu       sync.Mutex
	msgs     []Message
	changed  chan struct{} // closed and replaced whenever msgs grows
	attempts int           // DATA commands seen
	conns    int           // TCP connections accepted
	fault    func(m Message, n int) error
	drop     int // DATA commands still to answer by dropping the connection
}

// StartSMTP starts an SMTP server on a free loopback port.
func StartSMTP(opts SMTPOptions) (*SMTPServer, error) {
	s := &SMTPServer{
		users:     maps.Clone(opts.Users),
		logins:    opts.Logins,
		serveDone: make(chan struct{}),
		changed:   make(chan struct{}),
	}
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "localhost"
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = opts.MaxMessageBytes
	if srv.MaxMessageBytes == 0 {
		srv.MaxMessageBytes = 64 << 20
	}
	srv.AllowInsecureAuth = true // loopback only
	srv.TLSConfig = opts.TLSConfig
	srv.ErrorLog = opts.ErrorLog
	if srv.ErrorLog == nil {
		srv.ErrorLog = log.New(io.Discard, "", 0)
	}
	s.srv = srv

	ln, err := net.Listen("tcp", net.JoinHostPort(Host, "0"))
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	s.addr = ln.Addr().(*net.TCPAddr)
	go func() {
		defer close(s.serveDone)
		_ = srv.Serve(&countingListener{Listener: ln, s: s}) // returns when Close closes the listener
	}()
	return s, nil
}

// Addr returns the server's host:port.
func (s *SMTPServer) Addr() string { return s.addr.String() }

// Host returns the server's IP address as a string ("127.0.0.1").
func (s *SMTPServer) Host() string { return s.addr.IP.String() }

// Port returns the server's TCP port.
func (s *SMTPServer) Port() int { return s.addr.Port }

// Messages returns a copy of every message accepted so far, in order.
func (s *SMTPServer) Messages() []Message { return s.Since(0) }

// Since returns a copy of the messages accepted after the first n.
func (s *SMTPServer) Since(n int) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n >= len(s.msgs) {
		return nil
	}
	out := make([]Message, 0, len(s.msgs)-n)
	for _, m := range s.msgs[n:] {
		out = append(out, m.clone())
	}
	return out
}

// Wait waits until at least n messages were accepted and returns a copy
// of all of them. When ctx ends first it returns those accepted so far
// and ctx's error.
func (s *SMTPServer) Wait(ctx context.Context, n int) ([]Message, error) {
	for {
		s.mu.Lock()
		got, changed := len(s.msgs), s.changed
		s.mu.Unlock()
		if got >= n {
			return s.Messages(), nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return s.Messages(), ctx.Err()
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

// Close stops the server, closes all connections and waits a moment for
// the accept loop to end. It is idempotent.
func (s *SMTPServer) Close() error {
	var err error
	s.closeOnce.Do(func() {
		err = s.srv.Close()
		select {
		case <-s.serveDone:
		case <-time.After(closeTimeout):
		}
	})
	return err
}
