package mailtest

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/emersion/go-sasl"
)

// OAuthLogins is the login check of a test server that takes only OAuth2
// access tokens (XOAUTH2 and OAUTHBEARER), as Gmail and Exchange Online do
// for apps: it lets User in with Token and records every attempt. The IMAP
// and the SMTP test servers run the same check.
type OAuthLogins struct {
	User, Token string

	mu       sync.Mutex
	attempts []string // "MECH token" of every login
}

// Mechanisms are the SASL mechanisms the server offers.
func (l *OAuthLogins) Mechanisms() []string { return []string{"XOAUTH2", sasl.OAuthBearer} }

// Attempts are the logins so far, as "MECH token".
func (l *OAuthLogins) Attempts() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.attempts)
}

// Reset forgets the logins so far.
func (l *OAuthLogins) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.attempts = nil
}

func (l *OAuthLogins) check(mech, user, token string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.attempts = append(l.attempts, mech+" "+token)
	return user == l.User && token == l.Token
}

// Server is the server side of one login with mech, or nil for a
// mechanism it does not offer. ok hears the user who got in; fail is how
// the protocol refuses a token (an IMAP NO, an SMTP 535), which go-imap
// and go-smtp would otherwise answer to a plain error with SERVERBUG or 454.
func (l *OAuthLogins) Server(mech string, fail error, ok func(user string)) sasl.Server {
	switch mech {
	case "XOAUTH2":
		return &xoauth2Server{fail: fail, check: func(user, token string) bool {
			if !l.check(mech, user, token) {
				return false
			}
			ok(user)
			return true
		}}
	case sasl.OAuthBearer:
		return failWith{fail, sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if !l.check(mech, o.Username, o.Token) {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			ok(o.Username)
			return nil
		})}
	}
	return nil
}

// failWith answers any failure of the inner server with fail.
type failWith struct {
	fail error
	sasl.Server
}

func (f failWith) Next(resp []byte) ([]byte, bool, error) {
	challenge, done, err := f.Server.Next(resp)
	if err != nil {
		err = f.fail
	}
	return challenge, done, err
}

// xoauth2Server is the server side of XOAUTH2 as Google documents it
// (https://developers.google.com/gmail/imap/xoauth2-protocol): a bad token
// gets a JSON error challenge, the client answers with an empty line, and
// the server refuses the login with fail.
type xoauth2Server struct {
	check  func(user, token string) bool
	fail   error
	failed bool
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if x.failed {
		if len(resp) != 0 {
			return nil, true, fmt.Errorf("xoauth2: want an empty response after the error, got %q", resp)
		}
		return nil, true, x.fail
	}
	if resp == nil {
		return []byte{}, false, nil // ask for the initial response
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
