package mailin

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/preread/preread"
)

// The ways to log in to the mailbox, as Server.Auth names them.
const (
	AuthPassword    = "password"
	AuthXOAuth2     = "xoauth2"
	AuthOAuthBearer = "oauthbearer"
)

// mechanism is the SASL mechanism of s.Auth, or "" for a password login.
func (s Server) mechanism() (string, error) {
	var mech string
	switch strings.ToLower(s.Auth) {
	case "", AuthPassword:
		return "", nil
	case AuthXOAuth2:
		mech = "XOAUTH2"
	case AuthOAuthBearer:
		mech = sasl.OAuthBearer
	default:
		return "", fmt.Errorf("log in to %s: unknown auth %q", s.Addr, s.Auth)
	}
	if s.Token == nil {
		return "", fmt.Errorf("log in to %s: auth %s without a token source", s.Addr, s.Auth)
	}
	return mech, nil
}

// authenticate logs in with an OAuth2 mechanism (RFC 7628, or Google's
// XOAUTH2). rejected says the server refused the token, as opposed to the
// connection failing.
func authenticate(c *imapclient.Client, mech string, s Server, token string) (rejected bool, err error) {
	host, port := splitAddr(s.Addr)
	client := newOAuthClient(mech, s.Username, token, host, port)
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

// splitAddr is the server's host and port for OAUTHBEARER's host and port
// fields; RFC 7628 §3.1 makes them optional, so a failure leaves them out.
func splitAddr(addr string) (string, int) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0
	}
	port, _ := strconv.Atoi(portText)
	return host, port
}

// newOAuthClient is the shared SASL client with the mechanism's initial
// response; OAUTHBEARER's comes from go-sasl.
func newOAuthClient(mech, user, token, host string, port int) *preread.OAuthClient {
	if mech == sasl.OAuthBearer {
		_, ir, _ := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: token, Host: host, Port: port}).Start()
		return preread.NewOAuthClient(mech, ir)
	}
	return preread.NewOAuthClient(mech, preread.XOAuth2Response(user, token))
}
