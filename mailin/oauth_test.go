package mailin_test

import (
	"context"
	"fmt"
	"log"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
)

const (
	oauthUser  = "preread@corp.example"
	goodToken  = "ya29.good-token"
	staleToken = "ya29.stale-token"
)

// oauthIMAP is go-imap's in-memory server that takes only XOAUTH2 and
// OAUTHBEARER logins, as Gmail and Exchange Online do for apps, and checks
// the user and the token in each.
type oauthIMAP struct {
	addr string
	mem  *imapmemserver.Server
	user *imapmemserver.User
	*mailtest.OAuthLogins
}

func startOAuthIMAP(t *testing.T) *oauthIMAP {
	t.Helper()
	s := &oauthIMAP{mem: imapmemserver.New(), user: imapmemserver.NewUser(oauthUser, "no password logins"),
		OAuthLogins: &mailtest.OAuthLogins{User: oauthUser, Token: goodToken}}
	if err := s.user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	s.mem.AddUser(s.user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &oauthSession{srv: s}, nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true, // loopback only
		Logger:       log.New(mailtest.LogTo(t), "imap server: ", 0),
	})
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

type oauthSession struct {
	*imapmemserver.UserSession // nil until logged in
	srv                        *oauthIMAP
}

var _ imapserver.SessionSASL = (*oauthSession)(nil)

func (s *oauthSession) Login(string, string) error {
	return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed, Text: "use XOAUTH2 or OAUTHBEARER"}
}

func (s *oauthSession) AuthenticateMechanisms() []string { return s.srv.Mechanisms() }

var errBadToken = &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed, Text: "Invalid credentials (Failure)"}

func (s *oauthSession) Authenticate(mech string) (sasl.Server, error) {
	srv := s.srv.Server(mech, errBadToken, func(string) { s.UserSession = imapmemserver.NewUserSession(s.srv.user) })
	if srv == nil {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "unsupported mechanism"}
	}
	return srv, nil
}

func TestDialOAuth(t *testing.T) {
	for _, auth := range []preread.Auth{preread.AuthXOAuth2, preread.AuthOAuthBearer} {
		t.Run(string(auth), func(t *testing.T) {
			srv := startOAuthIMAP(t)
			mech := strings.ToUpper(string(auth))
			server := func(token func(context.Context, bool) (string, error)) mailin.Server {
				return mailin.Server{Addr: srv.addr, Security: "none", Username: oauthUser, Auth: auth, Token: token}
			}

			token, runs := mailtest.TokenScript(t, goodToken)
			c, err := mailin.Dial(t.Context(), server(token))
			if err != nil {
				t.Fatalf("Dial(%s, good token) = %v", auth, err)
			}
			if _, err := mailin.Client(c).Select("INBOX", nil).Wait(); err != nil {
				t.Errorf("select INBOX after %s login: %v", auth, err)
			}
			c.Close()
			if got := srv.Attempts(); len(got) != 1 || got[0] != mech+" "+goodToken {
				t.Errorf("server saw %q, want one %s login with the token", got, mech)
			}
			if got := runs(); len(got) != 1 || got[0] {
				t.Errorf("token runs = %v, want one, not a renewal", got)
			}

			// A wrong token is refused, renewed once, and refused again.
			token, runs = mailtest.TokenScript(t, "ya29.wrong")
			_, err = mailin.Dial(t.Context(), server(token))
			if err == nil || !strings.Contains(err.Error(), "log in to "+srv.addr) || !strings.Contains(err.Error(), "Invalid credentials") {
				t.Errorf("Dial(%s, wrong token) = %v, want the server's refusal", auth, err)
			}
			if err != nil && !strings.Contains(err.Error(), `(the server said {"status":`) {
				t.Errorf("Dial(%s, wrong token) = %v, want the server's error challenge in it", auth, err)
			}
			if got := runs(); len(got) != 2 || got[0] || !got[1] {
				t.Errorf("token runs after a refusal = %v, want [false true]", got)
			}

			// A stale cached token is refused; the renewed one gets in.
			srv.Reset()
			token, runs = mailtest.TokenScript(t, staleToken, goodToken)
			c, err = mailin.Dial(t.Context(), server(token))
			if err != nil {
				t.Fatalf("Dial(%s, stale then fresh token) = %v", auth, err)
			}
			c.Close()
			if got := srv.Attempts(); len(got) != 2 || got[0] != mech+" "+staleToken || got[1] != mech+" "+goodToken {
				t.Errorf("server saw %q, want the stale token, then the fresh one", got)
			}
			if got := runs(); len(got) != 2 || !got[1] {
				t.Errorf("token runs = %v, want a renewal after the refusal", got)
			}
		})
	}
}

func TestDialOAuthTokenCommandFails(t *testing.T) {
	srv := startOAuthIMAP(t)
	_, err := mailin.Dial(t.Context(), mailin.Server{Addr: srv.addr, Security: "none", Username: oauthUser,
		Auth: preread.AuthXOAuth2, Token: func(context.Context, bool) (string, error) {
			return "", fmt.Errorf("token_command: exit status 1: invalid_grant")
		}})
	if err == nil || !strings.Contains(err.Error(), "get XOAUTH2 token: token_command: exit status 1: invalid_grant") {
		t.Errorf("Dial with a failing token command = %v, want its error", err)
	}
	if got := srv.Attempts(); len(got) != 0 {
		t.Errorf("server saw %q, want no login without a token", got)
	}
}

func TestDialPasswordRefusedByOAuthOnlyServer(t *testing.T) {
	srv := startOAuthIMAP(t)
	_, err := mailin.Dial(t.Context(), mailin.Server{Addr: srv.addr, Security: "none", Username: oauthUser, Password: "secret"})
	if err == nil || !strings.Contains(err.Error(), "use XOAUTH2 or OAUTHBEARER") {
		t.Errorf("Dial(password) = %v, want the server's refusal", err)
	}
}
