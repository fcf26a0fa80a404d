package mailout

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"

	"github.com/preread/preread/internal/oauth"
	"github.com/wneessen/go-mail/smtp"
)

// mechanism is the SASL mechanism of r.Auth, or "" for a password login
// (or none, without a username).
func (r Relay) mechanism() (string, error) {
	mech, err := oauth.Mechanism(string(r.Auth))
	if err != nil {
		return "", fmt.Errorf("relay %s: %w", r.Addr, err)
	}
	if mech != "" && (r.Token == nil || r.Username == "") {
		return "", fmt.Errorf("relay %s: auth %s needs a username and a token source", r.Addr, r.Auth)
	}
	return mech, nil
}

// tokenAuth logs in with an access token through a go-sasl client; it is
// the smtp.Auth go-mail runs (RFC 4954 AUTH with an initial response).
type tokenAuth struct {
	client  *oauth.Client
	started bool // AUTH was sent: a failure after this is the login's
}

func newTokenAuth(mech, user, token, addr string) *tokenAuth {
	return &tokenAuth{client: oauth.NewClient(mech, user, token, addr)}
}

func (a *tokenAuth) Start(*smtp.ServerInfo) (string, []byte, error) {
	a.started = true
	return a.client.Start()
}

// Next answers a 334 challenge; go-mail calls it with more false for the
// final 235, which needs no answer.
func (a *tokenAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	return a.client.Next(fromServer)
}

// rejected says the relay refused the token (a 5xx reply to AUTH, or an
// error challenge), so a new token may do better; err is from the dial.
func (a *tokenAuth) rejected(err error) bool {
	if !a.started || err == nil {
		return false
	}
	var reply *textproto.Error
	return a.client.Refusal != "" || (errors.As(err, &reply) && reply.Code >= 500)
}

// explain adds the relay's error challenge, which names the problem (an
// expired token, a missing scope), to a failed login's error.
func (a *tokenAuth) explain(err error) error {
	if err == nil || a.client.Refusal == "" {
		return err
	}
	return fmt.Errorf("%w (the relay said %s)", err, a.client.Refusal)
}

// lazyTokenAuth fetches the token when go-mail starts AUTH, for
// Relay.Client, whose callers dial without our help.
type lazyTokenAuth struct {
	r     Relay
	mech  string
	inner *tokenAuth
}

func (a *lazyTokenAuth) Start(si *smtp.ServerInfo) (string, []byte, error) {
	// go-mail's smtp.Auth has no context; the token source bounds the
	// command it runs with a timeout of its own.
	token, err := a.r.Token(context.Background(), false)
	if err != nil {
		return "", nil, fmt.Errorf("get %s token: %w", a.mech, err)
	}
	a.inner = newTokenAuth(a.mech, a.r.Username, token, a.r.Addr)
	return a.inner.Start(si)
}

func (a *lazyTokenAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	return a.inner.Next(fromServer, more)
}
