package mailin

import (
	"context"
	"crypto/tls"
	"fmt"
	"iter"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/probe"
)

// ProbeOptions says what Probe tries: the mailbox as serve would reach it.
type ProbeOptions struct {
	Server  Server
	Folders Folders
	Mailbox preread.Mailbox // preread's address, for the sub-addressing note

	TokenLifetime time.Duration // how long a token is kept, for the token step
	PasswordEnv   string        // the variable that holds the password, for hints
}

// Probe tries the mailbox step by step, as `preread check --connect` does:
// the token command, DNS, TCP, TLS, the login serve does (Dial), the
// inbox and the result folders, creating the missing ones as serve's first
// pass would. It stops at the first step that fails, since the next ones
// depend on it; a failed token command still lets it check the connection,
// and each result folder is tried.
func Probe(ctx context.Context, o ProbeOptions) iter.Seq[probe.Step] {
	return func(yield func(probe.Step) bool) {
		r := probe.NewRun(yield)
		s := o.Server
		e := probe.NewEndpoint("imap", "mailbox.imap", s.Addr, s.Security, string(s.Auth))
		tokenOK, ok := e.Begin(ctx, r, s.Token, o.TokenLifetime)
		if !ok {
			return
		}
		caps, ok := probeTLS(r, e, s)
		if !ok || !tokenOK {
			return
		}
		c, err := Dial(ctx, s)
		if err != nil {
			r.Fail("imap login", err, o.loginHint(e, caps))
			return
		}
		defer func() {
			_ = c.Logout()
			c.Close()
		}()
		if r.OK("imap login", "logged in as %s with %s", s.Username, e.LoggedInWith("LOGIN")) {
			probeFolders(r, c.c, o.Folders)
		}
	}
}

// probeTLS connects as serve does and reads the greeting and the
// capabilities, without logging in.
func probeTLS(r *probe.Run, e probe.Endpoint, s Server) (imap.CapSet, bool) {
	step := "imap tls"
	if e.Security == "none" {
		step = "imap greeting"
	}
	var state *tls.ConnectionState
	s.TLSConfig = probe.CaptureTLS(s.TLSConfig, e.Host, &state)
	c, err := connect(s)
	if err != nil {
		hint := e.TLSHint(err)
		if e.Security == "none" {
			hint = "the server did not greet as an IMAP server: " + e.UsualPorts()
		}
		return nil, r.Fail(step, err, hint)
	}
	defer c.Close()
	caps := c.Caps()
	if e.Security == "none" {
		return caps, r.OK(step, "plain text (security: none, allowed only on this machine); the server offers %s", authList(caps))
	}
	return caps, r.OK(step, "%s; the server offers %s", probe.DescribeTLS(state), authList(caps))
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

// probeFolders selects the inbox read-only and makes sure the result
// folders exist, as a pass does (ensureFolders), reporting each.
func probeFolders(r *probe.Run, c *imapclient.Client, f Folders) {
	names, delim, err := listFolders(c)
	if err != nil {
		r.Fail("imap folders", err, "the server refused to list the folders (LIST \"\" *); check the account's permissions")
		return
	}
	sel, err := c.Select(f.Inbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		r.Fail("imap folder "+f.Inbox, err, fmt.Sprintf("set mailbox.folder to the folder mail arrives in (usually INBOX); the account has %s",
			listNames(names)))
		return
	}
	plural := "s"
	if sel.NumMessages == 1 {
		plural = ""
	}
	r.OK("imap folder "+f.Inbox, "exists, %d message%s", sel.NumMessages, plural)
	for _, name := range f.results() {
		if r.Stopped() {
			return
		}
		step := "imap folder " + name
		created, err := ensureFolder(c, names, name)
		switch {
		case err != nil:
			hint := "create it by hand in a mail client, or name a folder that exists in mailbox.processed_folder, rejected_folder or failed_folder"
			if delim != 0 && delim != '/' && strings.Contains(name, "/") {
				hint += fmt.Sprintf("; this server separates folders with %q, not /", delim)
			}
			r.Fail(step, err, hint)
		case created:
			r.OK(step, "created (serve would create it on its first pass)")
		default:
			r.OK(step, "exists")
		}
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

// loginHint says what to check when the server refused the login.
func (o ProbeOptions) loginHint(e probe.Endpoint, caps imap.CapSet) string {
	provider := probe.Provider(e.Host)
	if mech := e.Mech; mech != "" {
		if !slices.Contains(caps.AuthMechanisms(), mech) {
			return fmt.Sprintf("the server does not offer AUTH=%s (it offers %s): use an auth it offers", mech, authList(caps))
		}
		return probe.OAuthHint(provider, "imap", o.Server.Username)
	}
	if caps.Has(imap.CapLoginDisabled) {
		return "the server refuses passwords on this connection (LOGINDISABLED): use security: tls or starttls"
	}
	return probe.PasswordHint(provider, "mailbox", o.Server.Username, o.PasswordEnv)
}

// SubaddressNote explains the one thing Probe can't see: that mail to
// preread+TAG@ reaches the inbox.
func (o ProbeOptions) SubaddressNote() string {
	m := o.Mailbox
	local, domain, _ := strings.Cut(m.Address, "@")
	tagged := func(tag string) string { return local + m.Separator + tag + "@" + domain }
	inbox := o.Folders.Inbox
	hint := fmt.Sprintf("people write to %s and %s, which must reach %s of this mailbox like %s does; "+
		"to check, send a mail to %s from your own address and see it arrive in %s",
		tagged("status"), tagged("agenda"), inbox, m.Address, tagged("test"), inbox)
	host, _, _ := net.SplitHostPort(o.Server.Addr)
	switch probe.Provider(host) {
	case "google":
		hint += " (Gmail delivers +tags to the mailbox as they are)"
	case "microsoft":
		hint += " (Exchange Online needs plus addressing on: Get-OrganizationConfig must show DisablePlusAddressInRecipients False; " +
			"Set-OrganizationConfig -DisablePlusAddressInRecipients $false, or -AllowPlusAddressInRecipients $true on the old setting)"
	case "fastmail":
		hint += " (Fastmail delivers +tags to the mailbox as they are)"
	default:
		hint += fmt.Sprintf(" (Postfix: recipient_delimiter = %s; with Dovecot LMTP also lmtp_save_to_detail_mailbox = no)", m.Separator)
	}
	return hint
}
