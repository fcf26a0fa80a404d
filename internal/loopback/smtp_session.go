package loopback

import (
	"fmt"
	"io"
	"net"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// smtpSession is one SMTP session (from EHLO, or from STARTTLS's new EHLO,
// to QUIT) of an SMTPServer.
type smtpSession struct {
	s    *SMTPServer
	conn *smtp.Conn
	user string // authenticated user
	from string
	to   []string
}

var _ smtp.AuthSession = (*smtpSession)(nil)

func (s *SMTPServer) newSession(c *smtp.Conn) (smtp.Session, error) {
	return &smtpSession{s: s, conn: c}, nil
}

// AuthMechanisms offers the OAuth mechanisms with SMTPOptions.Logins, or
// PLAIN when the server has users.
func (ss *smtpSession) AuthMechanisms() []string {
	switch {
	case ss.s.logins != nil:
		return ss.s.logins.Mechanisms()
	case len(ss.s.users) == 0:
		return nil
	}
	return []string{sasl.Plain}
}

// errBadToken is the 535 the relays answer to a refused token (RFC 4954 §6).
var errBadToken = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Username and Password not accepted"}

// Auth checks a token with SMTPOptions.Logins, or PLAIN credentials against
// SMTPOptions.Users.
func (ss *smtpSession) Auth(mech string) (sasl.Server, error) {
	if ss.s.logins != nil {
		if srv := ss.s.logins.Server(mech, errBadToken, func(user string) { ss.user = user }); srv != nil {
			return srv, nil
		}
		return nil, smtp.ErrAuthUnknownMechanism
	}
	if len(ss.s.users) == 0 || mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if identity != "" && identity != username {
			return smtp.ErrAuthFailed
		}
		if want, ok := ss.s.users[username]; !ok || want != password {
			return smtp.ErrAuthFailed
		}
		ss.user = username
		return nil
	}), nil
}

// Mail starts a message; with users configured, only after AUTH.
func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if (len(ss.s.users) > 0 || ss.s.logins != nil) && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	ss.to = nil
	return nil
}

// Rcpt accepts any recipient.
func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

// Data reads the message and records, rejects or drops it.
func (ss *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read data: %w", err)
	}
	_, isTLS := ss.conn.TLSConnectionState()
	m := Message{From: ss.from, To: ss.to, Data: data, User: ss.user, TLS: isTLS}
	ss.to = nil
	drop, err := ss.s.deliver(m)
	if drop {
		// Abrupt: no reply, the client sees the connection die.
		_ = ss.conn.Conn().Close()
		return fmt.Errorf("loopback: connection dropped on purpose")
	}
	return err
}

// Reset forgets the envelope.
func (ss *smtpSession) Reset() {
	ss.from = ""
	ss.to = nil
}

// Logout has nothing to release.
func (ss *smtpSession) Logout() error { return nil }

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
