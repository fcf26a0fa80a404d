package main

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/mail"
	"path/filepath"

	"github.com/preread/preread"
	"github.com/preread/preread/config"
	"github.com/preread/preread/internal/oauth"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/mailout"
)

// imapServer is the mailbox as mailin reaches it: with the password read
// from the environment, or with the token that mailbox.token_command
// prints, cached in the returned Server for its lifetime.
func imapServer(c *config.File, getenv func(string) string) mailin.Server {
	m := c.Mailbox
	s := mailin.Server{Addr: m.IMAP, Security: m.Security, Username: m.Username, Auth: preread.Auth(m.Auth.Mech),
		TLSConfig: tlsConfig(m.IMAP, m.CA)}
	if m.Auth.OAuth() {
		s.Token = tokenCommand(c, "mailbox.token_command", m.Auth).Token
	} else {
		s.Password = getenv(m.PasswordEnv)
	}
	return s
}

// relay is the SMTP relay as mailout reaches it, logged in as imapServer
// says for the mailbox.
func relay(c *config.File, getenv func(string) string) mailout.Relay {
	s := c.SMTP
	r := mailout.Relay{Addr: s.Relay, Security: s.Security, Username: s.Username, Auth: preread.Auth(s.Auth.Mech),
		TLSConfig: tlsConfig(s.Relay, s.CA)}
	switch {
	case s.Auth.OAuth():
		r.Token = tokenCommand(c, "smtp.token_command", s.Auth).Token
	case s.PasswordEnv != "":
		r.Password = getenv(s.PasswordEnv)
	}
	return r
}

// tokenCommand is the token source of one section's login; a relative
// script path is found next to the config file.
func tokenCommand(c *config.File, field string, a config.ServerAuth) *oauth.TokenCommand {
	return oauth.NewTokenCommand(field, filepath.Dir(c.Path), a.TokenCommand, a.TokenLifetime)
}

// envelope is the MAIL FROM address: the address of smtp.from.
func envelope(c *config.File) string {
	a, err := mail.ParseAddress(c.SMTP.From)
	if err != nil {
		return c.Mailbox.Address
	}
	return a.Address
}

// tlsConfig trusts the system's roots and the certificates of a section's
// ca_file, for the server at addr; nil without a ca_file, which leaves
// mailin and mailout on the system's roots alone.
func tlsConfig(addr string, ca config.CA) *tls.Config {
	if len(ca.Certs) == 0 {
		return nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool() // no system roots here: the CA alone
	}
	for _, c := range ca.Certs {
		pool.AddCert(c)
	}
	host, _, _ := net.SplitHostPort(addr)
	return &tls.Config{RootCAs: pool, ServerName: host, MinVersion: tls.VersionTLS12}
}
