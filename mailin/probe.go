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
	CheckEvery    time.Duration // mailbox.check_every, for the IDLE step
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
			if ns, ok := probeFolders(r, c.c, o.Folders); ok && !r.Stopped() {
				probeIdle(ctx, r, o, ns)
			}
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

// probeFolders reads the server's namespace, selects the inbox read-only
// and makes sure the result folders exist, as a pass does (ensureFolders),
// reporting each under the name the config gives it. ok says the steps
// went through.
func probeFolders(r *probe.Run, c *imapclient.Client, f Folders) (ns Namespace, ok bool) {
	ns, err := serverNamespace(c)
	if err != nil {
		r.Fail("imap namespace", err, "the server refused NAMESPACE or LIST \"\" \"\"; check the account's permissions")
		return ns, false
	}
	r.OK("imap namespace", "%s", ns.describe(f))
	names, _, err := listFolders(c)
	if err != nil {
		r.Fail("imap folders", err, "the server refused to list the folders (LIST \"\" *); check the account's permissions")
		return ns, false
	}
	onServer := ns.Folders(f)
	sel, err := c.Select(onServer.Inbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		r.Fail("imap folder "+f.Inbox, err, fmt.Sprintf("set mailbox.folder to the folder mail arrives in (usually INBOX); the account has %s",
			listNames(names)))
		return ns, false
	}
	plural := "s"
	if sel.NumMessages == 1 {
		plural = ""
	}
	r.OK("imap folder "+f.Inbox, "exists, %d message%s", sel.NumMessages, plural)
	ok = true
	for i, name := range onServer.results() {
		if r.Stopped() {
			return ns, false
		}
		step := "imap folder " + f.results()[i]
		created, err := ensureFolder(c, names, name)
		switch {
		case err != nil:
			ok = false
			r.Fail(step, err, ns.refusedHint(name))
		case created:
			r.OK(step, "created (serve would create it on its first pass)")
		default:
			r.OK(step, "exists")
		}
	}
	return ns, ok
}

// describe says how the server names folders and what each of f becomes.
func (ns Namespace) describe(f Folders) string {
	var mapped []string
	for _, name := range append([]string{f.Inbox}, f.results()...) {
		if on := ns.Name(name); on != name {
			mapped = append(mapped, fmt.Sprintf("%s is %s on this server", name, on))
		}
	}
	where := "at the top level"
	if ns.Prefix != "" {
		where = fmt.Sprintf("under %q", ns.Prefix)
	}
	between := "no hierarchy"
	if ns.Delim != 0 {
		between = fmt.Sprintf("%q between levels", ns.Delim)
	}
	if len(mapped) == 0 {
		return fmt.Sprintf("personal folders %s with %s: the folder names are used as written", where, between)
	}
	return fmt.Sprintf("personal folders %s with %s: %s", where, between, strings.Join(mapped, ", "))
}

// refusedHint says what to do about a result folder the server would not
// create under its own name for it.
func (ns Namespace) refusedHint(name string) string {
	hint := fmt.Sprintf("the server refused to create %s: create it by hand in a mail client, or name a folder that exists "+
		"in mailbox.processed_folder, rejected_folder or failed_folder (write levels with /", name)
	if ns.Prefix != "" || (ns.Delim != 0 && ns.Delim != '/') {
		hint += fmt.Sprintf("; preread adds the server's prefix %q and its %q between levels", ns.Prefix, ns.Delim)
	}
	return hint + ")"
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
