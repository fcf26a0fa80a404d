package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/preread/preread/config"
	"github.com/preread/preread/mailin"
)

// checkIMAP checks the mailbox: the token command, DNS, TCP, TLS, the
// login serve does (mailin.Dial), the inbox and the result folders.
func checkIMAP(ctx context.Context, r *connectReport, cfg *config.File, s mailin.Server) {
	m := cfg.Mailbox
	e := newEndpoint("imap", "mailbox.imap", s.Addr, s.Security)
	tokenOK := true
	if m.Auth.OAuth() {
		tokenOK = checkToken(ctx, r, "imap", "mailbox.token_command", s.Token, m.Auth)
	}
	if !checkDNS(ctx, r, e) || !checkTCP(ctx, r, e) {
		return
	}
	caps, ok := checkIMAPTLS(r, e, s)
	if !ok || !tokenOK {
		return
	}
	c, err := mailin.Dial(ctx, s)
	if err != nil {
		r.fail("imap login", err, imapLoginHint(cfg, e, caps))
		return
	}
	defer func() {
		_ = c.Logout().Wait()
		c.Close()
	}()
	r.ok("imap login", "logged in as %s with %s", m.Username, mechName(m.Auth, "LOGIN"))
	checkFolders(r, c, m)
}

// checkIMAPTLS connects as serve does and reads the greeting and the
// capabilities, without logging in.
func checkIMAPTLS(r *connectReport, e endpoint, s mailin.Server) (imap.CapSet, bool) {
	step := "imap tls"
	if e.security == "none" {
		step = "imap greeting"
	}
	var state *tls.ConnectionState
	s.TLSConfig = capture(s.TLSConfig, e.host, &state)
	c, err := mailin.Connect(s)
	if err != nil {
		hint := tlsHint(err, e)
		if e.security == "none" {
			hint = "the server did not greet as an IMAP server: " + e.usualPorts()
		}
		r.fail(step, err, hint)
		return nil, false
	}
	defer c.Close()
	caps := c.Caps()
	if e.security == "none" {
		r.ok(step, "plain text (security: none, allowed only on this machine); the server offers %s", authList(caps))
	} else {
		r.ok(step, "%s; the server offers %s", describeTLS(state), authList(caps))
	}
	return caps, true
}

// authList names the login mechanisms an IMAP server offers.
func authList(caps imap.CapSet) string {
	var ways []string
	if !caps.Has(imap.CapLoginDisabled) {
		ways = append(ways, "LOGIN")
	}
	mechs := caps.AuthMechanisms()
	slices.Sort(mechs)
	for _, m := range mechs {
		ways = append(ways, "AUTH="+m)
	}
	if len(ways) == 0 {
		return "no way to log in on this connection"
	}
	return strings.Join(ways, ", ")
}

// mechName is how the login went: the SASL mechanism, or the password
// command.
func mechName(a config.ServerAuth, password string) string {
	if a.OAuth() {
		return strings.ToUpper(a.Mech) + " (token from token_command)"
	}
	return "a password (" + password + ")"
}

// checkFolders selects the inbox read-only and makes sure the result
// folders exist, creating the missing ones as serve's first pass would.
func checkFolders(r *connectReport, c *imapclient.Client, m config.Mailbox) {
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		r.fail("imap folders", err, "the server refused to list the folders (LIST \"\" *); check the account's permissions")
		return
	}
	var names []string
	delim := rune(0)
	for _, l := range list {
		names = append(names, l.Mailbox)
		if l.Delim != 0 {
			delim = l.Delim
		}
	}
	sel, err := c.Select(m.Folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		r.fail("imap folder "+m.Folder, err, fmt.Sprintf("set mailbox.folder to the folder mail arrives in (usually INBOX); the account has %s",
			listNames(names)))
		return
	}
	r.ok("imap folder "+m.Folder, "exists, %d message%s", sel.NumMessages, plural(int(sel.NumMessages)))
	for _, f := range []string{m.ProcessedFolder, m.RejectedFolder, m.FailedFolder} {
		step := "imap folder " + f
		if slices.Contains(names, f) {
			r.ok(step, "exists")
			continue
		}
		err := c.Create(f, nil).Wait()
		var ierr *imap.Error
		if errors.As(err, &ierr) && ierr.Code == imap.ResponseCodeAlreadyExists {
			err = nil
		}
		if err != nil {
			hint := "create it by hand in a mail client, or name a folder that exists in mailbox.processed_folder, rejected_folder or failed_folder"
			if delim != 0 && delim != '/' && strings.Contains(f, "/") {
				hint += fmt.Sprintf("; this server separates folders with %q, not /", delim)
			}
			r.fail(step, err, hint)
			continue
		}
		r.ok(step, "created (serve would create it on its first pass)")
	}
}

// listNames lists folder names for a hint, the first few.
func listNames(names []string) string {
	if len(names) == 0 {
		return "no folders"
	}
	if len(names) > 8 {
		names = append(names[:8:8], "…")
	}
	return strings.Join(names, ", ")
}

// imapLoginHint says what to check when the server refused the login.
func imapLoginHint(cfg *config.File, e endpoint, caps imap.CapSet) string {
	m := cfg.Mailbox
	if m.Auth.OAuth() {
		mech := strings.ToUpper(m.Auth.Mech)
		if !slices.Contains(caps.AuthMechanisms(), mech) {
			return fmt.Sprintf("the server does not offer AUTH=%s (it offers %s): use an auth it offers", mech, authList(caps))
		}
		return oauthHint(provider(e.host), "imap", m.Username)
	}
	if caps.Has(imap.CapLoginDisabled) {
		return "the server refuses passwords on this connection (LOGINDISABLED): use security: tls or starttls"
	}
	return passwordHint(provider(e.host), "mailbox", m.Username, m.PasswordEnv)
}
