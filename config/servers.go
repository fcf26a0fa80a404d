package config

import (
	"net"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/preread/preread"
)

func (c *File) decodeMailbox(d *decoder, n *yaml.Node) {
	m := &c.Mailbox
	var imapNode, secNode, addrNode *yaml.Node
	var auth authNodes
	d.fields(n, "mailbox", auth.fields(d, &m.Auth, map[string]func(*yaml.Node, string){
		"imap":             func(v *yaml.Node, p string) { m.IMAP, imapNode = d.str(v, p), v },
		"security":         func(v *yaml.Node, p string) { m.Security, secNode = d.str(v, p), v },
		"username":         func(v *yaml.Node, p string) { m.Username = d.str(v, p) },
		"password_env":     func(v *yaml.Node, p string) { m.PasswordEnv, auth.password = c.envVar(d, v, p), v },
		"folder":           func(v *yaml.Node, p string) { m.Folder = d.str(v, p) },
		"processed_folder": func(v *yaml.Node, p string) { m.ProcessedFolder = d.str(v, p) },
		"rejected_folder":  func(v *yaml.Node, p string) { m.RejectedFolder = d.str(v, p) },
		"failed_folder":    func(v *yaml.Node, p string) { m.FailedFolder = d.str(v, p) },
		"address":          func(v *yaml.Node, p string) { m.Address, addrNode = d.str(v, p), v },
		"separator":        func(v *yaml.Node, p string) { m.Separator = d.separator(v, p) },
		"authserv_id":      func(v *yaml.Node, p string) { m.AuthservID = d.str(v, p) },
		"trust_from":       func(v *yaml.Node, p string) { m.TrustFrom = d.boolean(v, p) },
		"max_message_size": func(v *yaml.Node, p string) { m.MaxSize = d.size(v, p) },
		"check_every":      func(v *yaml.Node, p string) { m.CheckEvery = d.duration(v, p, 5*time.Second, 30*time.Minute, "30s") },
		"ca_file":          func(v *yaml.Node, p string) { m.CA = c.caFile(d, v, p) },
	}))
	if n == nil {
		return
	}
	auth.check(d, "mailbox", &m.Auth)
	m.Folder = orDefault(m.Folder, "INBOX")
	m.ProcessedFolder = orDefault(m.ProcessedFolder, "preread/Processed")
	m.RejectedFolder = orDefault(m.RejectedFolder, "preread/Rejected")
	m.FailedFolder = orDefault(m.FailedFolder, "preread/Failed")
	m.Separator = orDefault(m.Separator, "+")
	m.Security = orDefault(m.Security, "tls")
	if m.MaxSize == 0 {
		m.MaxSize = 10 << 20
	}
	if m.CheckEvery == 0 {
		m.CheckEvery = DefaultCheckEvery
	}
	require(d, n, "mailbox.imap", m.IMAP)
	require(d, n, "mailbox.username", m.Username)
	require(d, n, "mailbox.address", m.Address)
	if imapNode != nil {
		checkHostPort(d, imapNode, "mailbox.imap", m.IMAP)
	}
	checkSecurity(d, secNode, "mailbox.security", m.Security, m.IMAP)
	if addrNode != nil && m.Address != "" {
		if a, ok := checkAddress(d, addrNode, "mailbox.address", m.Address); ok {
			m.Address = a
			if strings.Contains(strings.SplitN(a, "@", 2)[0], m.Separator) {
				d.add(addrNode, "mailbox.address", "must not contain the sub-address separator %q", m.Separator)
			}
		}
	}
	for _, f := range []string{m.ProcessedFolder, m.RejectedFolder, m.FailedFolder} {
		if f == m.Folder {
			d.add(n, "mailbox", "folder %q is both the inbox and a result folder", f)
		}
	}
}

func (d *decoder) separator(n *yaml.Node, path string) string {
	s := d.str(n, path)
	if s != "+" && s != "-" && s != "=" && s != "_" && s != "." {
		d.add(n, path, "want one of + - = _ . (the server's sub-address separator), got %q", s)
	}
	return s
}

func (c *File) decodeSMTP(d *decoder, n *yaml.Node) {
	s := &c.SMTP
	var relayNode, secNode, fromNode *yaml.Node
	var auth authNodes
	d.fields(n, "smtp", auth.fields(d, &s.Auth, map[string]func(*yaml.Node, string){
		"relay":        func(v *yaml.Node, p string) { s.Relay, relayNode = d.str(v, p), v },
		"security":     func(v *yaml.Node, p string) { s.Security, secNode = d.str(v, p), v },
		"username":     func(v *yaml.Node, p string) { s.Username = d.str(v, p) },
		"password_env": func(v *yaml.Node, p string) { s.PasswordEnv, auth.password = c.envVar(d, v, p), v },
		"from":         func(v *yaml.Node, p string) { s.From, fromNode = d.str(v, p), v },
		"ca_file":      func(v *yaml.Node, p string) { s.CA = c.caFile(d, v, p) },
		"bounce_addresses": func(v *yaml.Node, p string) {
			s.NoBounceAddresses = !d.boolean(v, p)
		},
		"connections": func(v *yaml.Node, p string) { s.Connections = d.count(v, p, 1, MaxConnections) },
	}))
	if n == nil {
		return
	}
	auth.check(d, "smtp", &s.Auth)
	s.Security = orDefault(s.Security, "starttls")
	if s.Connections == 0 {
		s.Connections = 1
	}
	require(d, n, "smtp.relay", s.Relay)
	require(d, n, "smtp.from", s.From)
	if relayNode != nil {
		checkHostPort(d, relayNode, "smtp.relay", s.Relay)
	}
	checkSecurity(d, secNode, "smtp.security", s.Security, s.Relay)
	if fromNode != nil && s.From != "" {
		if _, err := mail.ParseAddress(s.From); err != nil {
			d.add(fromNode, "smtp.from", "not an address like \"preread <preread@corp.example>\": %v", err)
		}
	}
	switch {
	case s.Auth.OAuth() && s.Username == "":
		d.add(auth.mech, "smtp.username", "missing: auth %s logs in as this user", s.Auth.Mech)
	case !s.Auth.OAuth() && s.Username != "" && s.PasswordEnv == "":
		d.add(n, "smtp.password_env", "missing: a username needs a password")
	}
}

func require(d *decoder, parent *yaml.Node, field, val string) {
	if val == "" {
		d.add(parent, field, "missing")
	}
}

func checkHostPort(d *decoder, n *yaml.Node, path, s string) {
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" {
		d.add(n, path, "want host:port, like mail.corp.example:993, got %q", s)
		return
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		d.add(n, path, "port %q is not a number from 1 to 65535", port)
	}
}

// checkSecurity allows plain text only to a server on this machine.
func checkSecurity(d *decoder, n *yaml.Node, path, sec, hostport string) {
	switch sec {
	case "tls", "starttls":
	case "none":
		host, _, _ := net.SplitHostPort(hostport)
		if !isLoopback(host) {
			d.add(n, path, "none sends passwords in clear text: allowed only for a server on this machine (localhost, 127.0.0.1, ::1); use tls or starttls")
		}
	default:
		d.add(n, path, "want tls, starttls or none, got %q", sec)
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkAddress wants a bare address (no display name) and returns it in
// canonical form.
func checkAddress(d *decoder, n *yaml.Node, path, s string) (string, bool) {
	if plainAddress(s) {
		return strings.ToLower(s), true
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s || !validDomain(a.Address[strings.LastIndex(a.Address, "@")+1:]) {
		d.add(n, path, "%q is not an email address like alice@corp.example", s)
		return "", false
	}
	return strings.ToLower(a.Address), true
}

// plainAddress reports whether s is an address that checkAddress would
// take as it is (preread.PlainAddrSpec, with a dotted domain). It spares
// mail.ParseAddress for the usual case (100,000 people at start-up); any
// other address is left to it.
func plainAddress(s string) bool {
	return preread.PlainAddrSpec(s) && validDomain(s[strings.LastIndexByte(s, '@')+1:])
}

// validDomain wants a dotted domain name, or localhost for tests and demos.
func validDomain(domain string) bool {
	return domain == "localhost" || strings.Contains(strings.Trim(domain, "."), ".")
}

// count reads a whole number from lo to hi; 0 after a problem.
func (d *decoder) count(n *yaml.Node, path string, lo, hi int) int {
	s := d.str(n, path)
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		d.add(n, path, "want a whole number from %d to %d, got %q", lo, hi, s)
		return 0
	}
	return v
}

var sizePattern = regexp.MustCompile(`^(\d+)\s*(|b|kb|kib|mb|mib|gb|gib)$`)

// size reads a byte count like 10MiB, 25MB or 1048576.
func (d *decoder) size(n *yaml.Node, path string) int {
	s := strings.ToLower(d.str(n, path))
	m := sizePattern.FindStringSubmatch(s)
	if m == nil {
		d.add(n, path, "want a size like 10MiB or 25MB, got %q", s)
		return 0
	}
	v, _ := strconv.Atoi(m[1])
	unit := map[string]int{"": 1, "b": 1, "kb": 1000, "kib": 1 << 10, "mb": 1000 * 1000, "mib": 1 << 20, "gb": 1000 * 1000 * 1000, "gib": 1 << 30}[m[2]]
	if v <= 0 || v > (1<<31)/unit {
		d.add(n, path, "size %q out of range", s)
		return 0
	}
	return v * unit
}
