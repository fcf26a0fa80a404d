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
	rejected = client.refusal != "" || (errors.As(err, &ierr) && ierr.Type == imap.StatusResponseTypeNo)
	if client.refusal != "" {
		err = fmt.Errorf("%s: %w (the server said %s)", mech, err, client.refusal)
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

// oauthClient is a sasl.Client for XOAUTH2 or OAUTHBEARER that answers an
// error challenge the way each mechanism wants and keeps the server's
// explanation (a JSON object such as {"status":"401","schemes":"bearer",
// "scope":"https://mail.google.com/"}) for the error message.
type oauthClient struct {
	mech    string
	ir      []byte
	refusal string // the server's error challenge, when it sent one
}

func newOAuthClient(mech, user, token, host string, port int) *oauthClient {
	if mech == sasl.OAuthBearer {
		_, ir, _ := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: token, Host: host, Port: port}).Start()
		return &oauthClient{mech: mech, ir: ir}
	}
	// https://developers.google.com/gmail/imap/xoauth2-protocol
	return &oauthClient{mech: mech, ir: []byte("user=" + user + "\x01auth=Bearer " + token + "\x01\x01")}
}

func (o *oauthClient) Start() (string, []byte, error) { return o.mech, o.ir, nil }

// Next answers the one challenge a server sends, the error: XOAUTH2 wants
// an empty response, OAUTHBEARER a single %x01 (RFC 7628 §3.2.3); the
// server then ends the exchange with NO.
func (o *oauthClient) Next(challenge []byte) ([]byte, error) {
	o.refusal = strings.TrimSpace(string(challenge))
	if o.refusal == "" {
		o.refusal = "(an empty challenge)"
	}
	if o.mech == sasl.OAuthBearer {
		return []byte{0x01}, nil
	}
	return []byte{}, nil
}
