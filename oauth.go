package preread

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/emersion/go-sasl"
)

// The SASL mechanisms that log in with an OAuth2 access token.
const (
	MechXOAuth2     = "XOAUTH2"
	MechOAuthBearer = "OAUTHBEARER"
)

// The ways to log in to the mailbox or the relay, as the config's auth
// names them.
const (
	AuthPassword    = "password"
	AuthXOAuth2     = "xoauth2"
	AuthOAuthBearer = "oauthbearer"
)

// OAuthMechanism is the SASL mechanism of a config's auth, or "" for a
// password login.
func OAuthMechanism(auth string) (string, error) {
	switch strings.ToLower(auth) {
	case "", AuthPassword:
		return "", nil
	case AuthXOAuth2:
		return MechXOAuth2, nil
	case AuthOAuthBearer:
		return MechOAuthBearer, nil
	}
	return "", fmt.Errorf("unknown auth %q", auth)
}

// NewTokenClient starts a login with an access token for user at the
// server addr (host:port; OAUTHBEARER names them, RFC 7628 §3.1, and
// leaves them out when addr can't be split).
func NewTokenClient(mech, user, token, addr string) *OAuthClient {
	if mech != MechOAuthBearer {
		return NewOAuthClient(mech, XOAuth2Response(user, token))
	}
	opts := &sasl.OAuthBearerOptions{Username: user, Token: token}
	if host, port, err := net.SplitHostPort(addr); err == nil {
		opts.Host = host
		opts.Port, _ = strconv.Atoi(port)
	}
	_, ir, _ := sasl.NewOAuthBearerClient(opts).Start()
	return NewOAuthClient(mech, ir)
}

// OAuthClient is the SASL client (XOAUTH2 or OAUTHBEARER) that both the
// mailbox and the relay log in with. It answers an error challenge the way
// each mechanism wants and keeps the server's explanation (a JSON object
// such as {"status":"401","schemes":"bearer","scope":"…"}) for the error.
type OAuthClient struct {
	mech    string
	ir      []byte
	Refusal string // the server's error challenge, when it sent one
}

// NewOAuthClient starts a login with the mechanism's initial response.
func NewOAuthClient(mech string, initial []byte) *OAuthClient {
	return &OAuthClient{mech: mech, ir: initial}
}

// XOAuth2Response is XOAUTH2's initial response
// (https://developers.google.com/gmail/imap/xoauth2-protocol).
func XOAuth2Response(user, token string) []byte {
	return []byte("user=" + user + "\x01auth=Bearer " + token + "\x01\x01")
}

var _ sasl.Client = (*OAuthClient)(nil)

// Start returns the mechanism and its initial response.
func (o *OAuthClient) Start() (string, []byte, error) { return o.mech, o.ir, nil }

// Next answers the one challenge a server sends, the error: XOAUTH2 wants
// an empty response, OAUTHBEARER a single %x01 (RFC 7628 §3.2.3); the
// server then ends the exchange with a failure.
func (o *OAuthClient) Next(challenge []byte) ([]byte, error) {
	o.Refusal = strings.TrimSpace(string(challenge))
	if o.Refusal == "" {
		o.Refusal = "(an empty challenge)"
	}
	if o.mech == MechOAuthBearer {
		return []byte{0x01}, nil
	}
	return []byte{}, nil
}
