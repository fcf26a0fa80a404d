package mailin

import (
	"errors"
	"fmt"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread/internal/oauth"
)

// mechanism is the SASL mechanism of s.Auth, or "" for a password login.
func (s Server) mechanism() (string, error) {
	mech, err := oauth.Mechanism(string(s.Auth))
	if err != nil {
		return "", fmt.Errorf("log in to %s: %w", s.Addr, err)
	}
	if mech != "" && s.Token == nil {
		return "", fmt.Errorf("log in to %s: auth %s without a token source", s.Addr, s.Auth)
	}
	return mech, nil
}

// authenticate logs in with an OAuth2 mechanism (RFC 7628, or Google's
// XOAUTH2). rejected says the server refused the token, as opposed to the
// connection failing.
func authenticate(c *imapclient.Client, mech string, s Server, token string) (rejected bool, err error) {
	client := oauth.NewClient(mech, s.Username, token, s.Addr)
	err = c.Authenticate(client)
	if err == nil {
		return false, nil
	}
	var ierr *imap.Error
	rejected = client.Refusal != "" || (errors.As(err, &ierr) && ierr.Type == imap.StatusResponseTypeNo)
	if client.Refusal != "" {
		err = fmt.Errorf("%s: %w (the server said %s)", mech, err, client.Refusal)
	} else {
		err = fmt.Errorf("%s: %w", mech, err)
	}
	return rejected, err
}
