package mailout_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailout"
)

const (
	oauthUser  = "preread@corp.example"
	goodToken  = "ya29.good-token"
	staleToken = "ya29.stale-token"
)

// oauthSMTP is a go-smtp server that takes only XOAUTH2 and OAUTHBEARER
// logins, as smtp.gmail.com and smtp.office365.com do for apps, checks the
// user and the token, and keeps what it was sent.
type oauthSMTP struct {
	addr string

	mu       sync.Mutex
	attempts []string // "MECH token" of every AUTH
	got      []oauthMessage
}

type oauthMessage struct {
	user, from string
	to         []string
	data       []byte
}

func startOAuthSMTP(t *testing.T) *oauthSMTP {
	t.Helper()
	s := &oauthSMTP{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &oauthSMTPSession{srv: s}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // loopback only
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return s
}

func (s *oauthSMTP) check(mech, user, token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts = append(s.attempts, mech+" "+token)
	return user == oauthUser && token == goodToken
}

func (s *oauthSMTP) Attempts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.attempts...)
}

func (s *oauthSMTP) Messages() []oauthMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]oauthMessage(nil), s.got...)
}

type oauthSMTPSession struct {
	srv  *oauthSMTP
	user string
	msg  oauthMessage
}

var _ smtp.AuthSession = (*oauthSMTPSession)(nil)

func (ss *oauthSMTPSession) AuthMechanisms() []string { return []string{"XOAUTH2", sasl.OAuthBearer} }

// errBadToken is the 535 the relays answer to a refused token (RFC 4954 §6).
var errBadToken = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Username and Password not accepted"}

func (ss *oauthSMTPSession) Auth(mech string) (sasl.Server, error) {
	switch mech {
	case "XOAUTH2":
		return &xoauth2Server{check: func(user, token string) bool {
			ok := ss.srv.check(mech, user, token)
			if ok {
				ss.user = user
			}
			return ok
		}}, nil
	case sasl.OAuthBearer:
		return smtpFailure{sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if !ss.srv.check(mech, o.Username, o.Token) {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			ss.user = o.Username
			return nil
		})}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

// smtpFailure answers go-sasl's OAUTHBEARER failure with 535, as a relay
// does (go-smtp says 454 for a plain error).
type smtpFailure struct{ sasl.Server }

func (f smtpFailure) Next(resp []byte) ([]byte, bool, error) {
	challenge, done, err := f.Server.Next(resp)
	if err != nil {
		err = errBadToken
	}
	return challenge, done, err
}

// xoauth2Server is the server side of XOAUTH2 as Google documents it
// (https://developers.google.com/gmail/imap/xoauth2-protocol): a bad token
// gets a JSON error challenge, the client answers with an empty line, and
// the server says 535.
type xoauth2Server struct {
	check  func(user, token string) bool
	failed bool
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if x.failed {
		if len(resp) != 0 {
			return nil, true, fmt.Errorf("xoauth2: want an empty response after the error, got %q", resp)
		}
		return nil, true, errBadToken
	}
	if resp == nil {
		return []byte{}, false, nil
	}
	var user, token string
	for _, f := range bytes.Split(resp, []byte{1}) {
		switch k, v, _ := strings.Cut(string(f), "="); k {
		case "user":
			user = v
		case "auth":
			token, _ = strings.CutPrefix(v, "Bearer ")
		}
	}
	if !bytes.HasSuffix(resp, []byte{1, 1}) || !x.check(user, token) {
		x.failed = true
		return []byte(`{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}`), false, nil
	}
	return nil, true, nil
}

func (ss *oauthSMTPSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.msg = oauthMessage{user: ss.user, from: from}
	return nil
}

func (ss *oauthSMTPSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.msg.to = append(ss.msg.to, to)
	return nil
}

func (ss *oauthSMTPSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.msg.data = data
	ss.srv.mu.Lock()
	ss.srv.got = append(ss.srv.got, ss.msg)
	ss.srv.mu.Unlock()
	return nil
}

func (ss *oauthSMTPSession) Reset()        { ss.msg = oauthMessage{} }
func (ss *oauthSMTPSession) Logout() error { return nil }

func TestFlushLogsInWithOAuth(t *testing.T) {
	for _, auth := range []string{preread.AuthXOAuth2, preread.AuthOAuthBearer} {
		t.Run(auth, func(t *testing.T) {
			mech := strings.ToUpper(auth)
			srv := startOAuthSMTP(t)
			o := newOutbox(t, 1, mailtest.SMTPOptions{})
			token, runs := mailtest.TokenScript(t, goodToken)
			s := o.sender(nil)
			s.Relay = mailout.Relay{Addr: srv.addr, Security: "none", Username: oauthUser, Auth: auth, Token: token}
			o.flush(s, 1, 0)
			got := srv.Messages()
			if len(got) != 1 || got[0].user != oauthUser || got[0].from != envelope || len(got[0].to) != 1 || got[0].to[0] != person(0) ||
				!bytes.Equal(got[0].data, o.emails[0].Raw) {
				t.Errorf("relay got %d messages (%+v), want the queued email's bytes from %s as %s", len(got), got, envelope, oauthUser)
			}
			if a := srv.Attempts(); len(a) != 1 || a[0] != mech+" "+goodToken {
				t.Errorf("relay saw logins %q, want one %s with the token", a, mech)
			}
			if r := runs(); len(r) != 1 || r[0] {
				t.Errorf("token runs = %v, want one", r)
			}
		})
	}
}

func TestFlushDefersOnRefusedToken(t *testing.T) {
	for _, auth := range []string{preread.AuthXOAuth2, preread.AuthOAuthBearer} {
		t.Run(auth, func(t *testing.T) {
			srv := startOAuthSMTP(t)
			o := newOutbox(t, 2, mailtest.SMTPOptions{})
			token, runs := mailtest.TokenScript(t, "ya29.wrong")
			s := o.sender(nil)
			s.MaxAttempts = 1 // a refused login is the relay's answer to us, never parks an email
			s.Relay = mailout.Relay{Addr: srv.addr, Security: "none", Username: oauthUser, Auth: auth, Token: token}
			o.flush(s, 0, 0)
			o.checkStates("pending", "pending")
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("relay got %d messages with a wrong token, want none", n)
			}
			if r := runs(); len(r) != 2 || r[0] || !r[1] {
				t.Errorf("token runs = %v, want [false true]: renewed once after the refusal", r)
			}
			entries, err := o.db.Outbox(o.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if e := entries[0]; !strings.Contains(e.LastError, "535") {
				t.Errorf("last error = %q, want the relay's 535", e.LastError)
			}

			// A stale token is refused, renewed, and the fresh one sends.
			o.clock.Advance(2 * time.Minute)
			s.Relay.Token, runs = mailtest.TokenScript(t, staleToken, goodToken)
			o.flush(s, 2, 0)
			if r := runs(); len(r) != 2 || !r[1] {
				t.Errorf("token runs = %v, want a renewal after the stale token", r)
			}
			if n := len(srv.Messages()); n != 2 {
				t.Errorf("relay got %d messages, want 2", n)
			}
		})
	}
}

func TestRelayClientLogsInWithOAuth(t *testing.T) {
	srv := startOAuthSMTP(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	check := func(token string, wantErr string) {
		t.Helper()
		tok, _ := mailtest.TokenScript(t, token)
		c, err := mailout.Relay{Addr: srv.addr, Security: "none", Username: oauthUser, Auth: preread.AuthXOAuth2, Token: tok}.Client()
		if err != nil {
			t.Fatalf("Client() = %v", err)
		}
		err = c.DialWithContext(ctx)
		if err == nil {
			c.Close()
		}
		if wantErr == "" && err != nil || wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)) {
			t.Errorf("Client().DialWithContext with token %q = %v, want %q", token, err, wantErr)
		}
	}
	check(goodToken, "")
	check("ya29.wrong", "SMTP AUTH failed: 535")
}
