package loopback

import (
	"fmt"
	"io"
	"log"
	"net"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// IMAPOptions configures StartIMAP.
type IMAPOptions struct {
	User, Password string      // the one login
	ErrorLog       *log.Logger // the server's errors; nil discards them
}

// IMAPServer is go-imap's in-memory IMAP server on a loopback port,
// holding one user's mailbox.
type IMAPServer struct {
	srv      *imapserver.Server
	addr     string
	user     string
	password string
	done     chan struct{}
}

// Folder is one mailbox folder and how many messages it holds.
type Folder struct {
	Name     string
	Messages int
}

// StartIMAP serves one user with an empty INBOX. It offers IMAP4rev2,
// which includes MOVE (RFC 9051 §6.4.8), so a client moves messages
// between folders as it would on Dovecot; the memory server implements
// MOVE. Logins work without TLS, as the server listens on loopback only.
func StartIMAP(opts IMAPOptions) (*IMAPServer, error) {
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(opts.User, opts.Password)
	if err := u.Create("INBOX", nil); err != nil {
		return nil, fmt.Errorf("imap: create INBOX: %w", err)
	}
	mem.AddUser(u)
	logger := opts.ErrorLog
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true, // loopback only
		Logger:       logger,
	})
	ln, err := net.Listen("tcp", net.JoinHostPort(Host, "0"))
	if err != nil {
		return nil, fmt.Errorf("imap: %w", err)
	}
	s := &IMAPServer{srv: srv, addr: ln.Addr().String(), user: opts.User, password: opts.Password, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = srv.Serve(ln) // returns when Close closes the listener
	}()
	return s, nil
}

// Addr returns the server's host:port.
func (s *IMAPServer) Addr() string { return s.addr }

// Deliver puts messages into the INBOX as a mail server's delivery agent
// would: one APPEND each, over a connection of its own, arriving at at.
func (s *IMAPServer) Deliver(at time.Time, msgs ...[]byte) error {
	c, err := s.Login()
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

// Folders lists the mailbox's folders, in the server's order, with how
// many messages each holds.
func (s *IMAPServer) Folders() ([]Folder, error) {
	c, err := s.Login()
	if err != nil {
		return nil, fmt.Errorf("list folders: %w", err)
	}
	defer c.Close()
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		return nil, fmt.Errorf("list folders: %w", err)
	}
	var out []Folder
	for _, l := range list {
		st, err := c.Status(l.Mailbox, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil {
			return nil, fmt.Errorf("status of %s: %w", l.Mailbox, err)
		}
		out = append(out, Folder{Name: l.Mailbox, Messages: int(*st.NumMessages)})
	}
	return out, c.Logout().Wait()
}

// Login connects to the server as its one user. The caller logs out and
// closes the client.
func (s *IMAPServer) Login() (*imapclient.Client, error) {
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
func (s *IMAPServer) Close() error {
	err := s.srv.Close()
	<-s.done
	return err
}
