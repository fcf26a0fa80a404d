package main

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-smtp"
)

// demoIMAP is go-imap's in-memory IMAP server on a loopback port, holding
// one mailbox: preread's.
type demoIMAP struct {
	srv      *imapserver.Server
	addr     string
	user     string
	password string
	done     chan struct{}
}

// startDemoIMAP serves one user with an empty INBOX. It offers IMAP4rev2,
// which includes MOVE (RFC 9051 §6.4.8), so the syncer moves each message
// to its result folder as it would on Dovecot; the memory server
// implements MOVE.
func startDemoIMAP(user, password string, logw io.Writer) (*demoIMAP, error) {
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, password)
	if err := u.Create("INBOX", nil); err != nil {
		return nil, fmt.Errorf("imap: create INBOX: %w", err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true, // loopback only
		Logger:       log.New(logw, "imap server: ", log.LstdFlags),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("imap: %w", err)
	}
	s := &demoIMAP{srv: srv, addr: ln.Addr().String(), user: user, password: password, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = srv.Serve(ln) // returns when Close closes the listener
	}()
	return s, nil
}

// deliver puts messages into the INBOX as a mail server's delivery agent
// would: one APPEND each, over a connection of its own, arriving at at.
func (s *demoIMAP) deliver(at time.Time, msgs ...[]byte) error {
	c, err := s.login()
	if err != nil {
		return fmt.Errorf("deliver: %w", err)
	}
	defer c.Close()
	for _, raw := range msgs {
		cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Time: at})
		if _, err := cmd.Write(raw); err != nil {
			return fmt.Errorf("deliver: append: %w", err)
		}
		if err := cmd.Close(); err != nil {
			return fmt.Errorf("deliver: append: %w", err)
		}
		if _, err := cmd.Wait(); err != nil {
			return fmt.Errorf("deliver: append: %w", err)
		}
	}
	return c.Logout().Wait()
}

// folders lists the mailbox's folders with how many messages each holds,
// as "INBOX 0, preread/Processed 25, …".
func (s *demoIMAP) folders() (string, error) {
	c, err := s.login()
	if err != nil {
		return "", fmt.Errorf("list folders: %w", err)
	}
	defer c.Close()
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		return "", fmt.Errorf("list folders: %w", err)
	}
	var out []string
	for _, l := range list {
		st, err := c.Status(l.Mailbox, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil {
			return "", fmt.Errorf("status of %s: %w", l.Mailbox, err)
		}
		out = append(out, fmt.Sprintf("%s %d", l.Mailbox, *st.NumMessages))
	}
	return strings.Join(out, ", "), c.Logout().Wait()
}

// login connects to the server as its one user.
func (s *demoIMAP) login() (*imapclient.Client, error) {
	c, err := imapclient.DialInsecure(s.addr, &imapclient.Options{Dialer: &net.Dialer{Timeout: 5 * time.Second}})
	if err != nil {
		return nil, err
	}
	if err := c.Login(s.user, s.password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("log in: %w", err)
	}
	return c, nil
}

// Close stops the server and waits for its accept loop to end.
func (s *demoIMAP) Close() error {
	err := s.srv.Close()
	<-s.done
	return err
}

// demoSMTP is a go-smtp server on a loopback port standing in for the
// relay: it accepts any mail and keeps the bytes it received.
type demoSMTP struct {
	srv  *smtp.Server
	addr string
	done chan struct{}

	mu   sync.Mutex
	msgs []receivedMail
}

// receivedMail is one message as the relay took it.
type receivedMail struct {
	From string   // MAIL FROM
	To   []string // RCPT TO
	Data []byte   // after DATA, CRLF line ends
}

func startDemoSMTP(logw io.Writer) (*demoSMTP, error) {
	s := &demoSMTP{done: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &demoSMTPSession{s: s}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 32 << 20
	srv.ErrorLog = log.New(logw, "smtp server: ", log.LstdFlags)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	s.srv, s.addr = srv, ln.Addr().String()
	go func() {
		defer close(s.done)
		_ = srv.Serve(ln) // returns when Close closes the listener
	}()
	return s, nil
}

// since returns the messages received after the first n.
func (s *demoSMTP) since(n int) []receivedMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n >= len(s.msgs) {
		return nil
	}
	return slices.Clone(s.msgs[n:])
}

// Close stops the server and waits for its accept loop to end.
func (s *demoSMTP) Close() error {
	err := s.srv.Close()
	<-s.done
	return err
}

// demoSMTPSession is one SMTP session: it collects the envelope and keeps
// each message.
type demoSMTPSession struct {
	s    *demoSMTP
	from string
	to   []string
}

func (ss *demoSMTPSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.from, ss.to = from, nil
	return nil
}

func (ss *demoSMTPSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *demoSMTPSession) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		return fmt.Errorf("read data: %w", err)
	}
	m := receivedMail{From: ss.from, To: ss.to, Data: buf.Bytes()}
	ss.to = nil
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, m)
	ss.s.mu.Unlock()
	return nil
}

func (ss *demoSMTPSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *demoSMTPSession) Logout() error { return nil }
