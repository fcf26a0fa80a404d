// Package oauth owns logging in with an OAuth2 access token: the token
// command that the admin configures to fetch one, and the SASL clients
// (XOAUTH2 and OAUTHBEARER, RFC 7628) that the mailbox and the relay log
// in with. It does not know IMAP or SMTP: mailin and mailout run the
// clients over their own connections.
package oauth

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/emersion/go-sasl"
)

// The SASL mechanisms that log in with an OAuth2 access token.
const (
	XOAuth2     = "XOAUTH2"
	OAuthBearer = "OAUTHBEARER"
)

// Mechanism is the SASL mechanism of a login's auth (password, xoauth2 or
// oauthbearer, as the config names them: the mechanism in lower case), or
// "" for a password login.
func Mechanism(auth string) (string, error) {
	switch mech := strings.ToUpper(auth); mech {
	case "", "PASSWORD":
		return "", nil
	case XOAuth2, OAuthBearer:
		return mech, nil
	}
	return "", fmt.Errorf("unknown auth %q", auth)
}

// Client is the SASL client (XOAUTH2 or OAUTHBEARER) that both the mailbox
// and the relay log in with. It answers an error challenge the way each
// mechanism wants and keeps the server's explanation (a JSON object such
// as {"status":"401","schemes":"bearer","scope":"…"}) for the error.
type Client struct {
	mech    string
	ir      []byte
	Refusal string // the server's error challenge, when it sent one
}

var _ sasl.Client = (*Client)(nil)

// NewClient starts a login with an access token for user at the server
// addr (host:port; OAUTHBEARER names them, RFC 7628 §3.1, and leaves them
// out when addr can't be split).
func NewClient(mech, user, token, addr string) *Client {
	if mech != OAuthBearer {
		return &Client{mech: mech, ir: xoauth2Response(user, token)}
	}
	opts := &sasl.OAuthBearerOptions{Username: user, Token: token}
	if host, port, err := net.SplitHostPort(addr); err == nil {
		opts.Host = host
		opts.Port, _ = strconv.Atoi(port)
	}
	_, ir, _ := sasl.NewOAuthBearerClient(opts).Start()
	return &Client{mech: mech, ir: ir}
}

// xoauth2Response is XOAUTH2's initial response
// (https://developers.google.com/gmail/imap/xoauth2-protocol).
func xoauth2Response(user, token string) []byte {
	return []byte("user=" + user + "\x01auth=Bearer " + token + "\x01\x01")
}

// Start returns the mechanism and its initial response.
func (c *Client) Start() (string, []byte, error) { return c.mech, c.ir, nil }

// Next answers the one challenge a server sends, the error: XOAUTH2 wants
// an empty response, OAUTHBEARER a single %x01 (RFC 7628 §3.2.3); the
// server then ends the exchange with a failure.
func (c *Client) Next(challenge []byte) ([]byte, error) {
	c.Refusal = strings.TrimSpace(string(challenge))
	if c.Refusal == "" {
		c.Refusal = "(an empty challenge)"
	}
	if c.mech == OAuthBearer {
		return []byte{0x01}, nil
	}
	return []byte{}, nil
}
