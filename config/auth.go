package config

import (
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ServerAuth is how preread logs in to the mailbox or the relay: with the
// password from password_env, or with an OAuth2 access token that an
// admin's command prints (Google Workspace and Microsoft 365 need it).
type ServerAuth struct {
	Mech          string        // password | xoauth2 | oauthbearer
	TokenCommand  string        // run with sh -c; its stdout, trimmed, is the access token
	TokenLifetime time.Duration // how long a token is used before the command runs again
}

// defaultTokenLifetime is shorter than the hour Google's and Microsoft's
// access tokens last, so a cached token is renewed before the server
// refuses it.
const defaultTokenLifetime = 45 * time.Minute

// OAuth says whether the login uses an access token.
func (a ServerAuth) OAuth() bool { return a.Mech == "xoauth2" || a.Mech == "oauthbearer" }

// authNodes remembers where the login fields of one section are, for
// errors that involve more than one of them.
type authNodes struct {
	mech, command, lifetime, password *yaml.Node
}

// fields adds the login fields, which mailbox: and smtp: share, to a
// section's known fields.
func (an *authNodes) fields(d *decoder, a *ServerAuth, known map[string]func(*yaml.Node, string)) map[string]func(*yaml.Node, string) {
	known["auth"] = func(v *yaml.Node, p string) { a.Mech, an.mech = strings.ToLower(d.str(v, p)), v }
	known["token_command"] = func(v *yaml.Node, p string) { a.TokenCommand, an.command = d.str(v, p), v }
	known["token_lifetime"] = func(v *yaml.Node, p string) { a.TokenLifetime, an.lifetime = d.tokenLifetime(v, p), v }
	return known
}

// check fills in the defaults and checks that the fields fit together:
// OAuth needs token_command and no password_env, a password login
// neither token field.
func (an *authNodes) check(d *decoder, section string, a *ServerAuth) {
	a.Mech = orDefault(a.Mech, "password")
	switch a.Mech {
	case "password":
		if an.command != nil {
			d.add(an.command, section+".token_command", "only used with auth: xoauth2 or oauthbearer (auth is password)")
		}
		if an.lifetime != nil {
			d.add(an.lifetime, section+".token_lifetime", "only used with auth: xoauth2 or oauthbearer (auth is password)")
		}
		return
	case "xoauth2", "oauthbearer":
	default:
		// Not repeated: auth is where a password is sometimes written by mistake.
		d.add(an.mech, section+".auth", "want password, xoauth2 or oauthbearer (secrets go in the environment: see password_env)")
		return
	}
	if a.TokenLifetime == 0 {
		a.TokenLifetime = defaultTokenLifetime
	}
	if a.TokenCommand == "" {
		d.add(an.mech, section+".token_command", "missing: auth %s needs a command that prints an access token, "+
			"like token_command: \"oauth2l fetch --credentials /etc/preread/google.json --scope https://mail.google.com/\"", a.Mech)
	}
	if an.password != nil {
		d.add(an.password, section+".password_env", "not used with auth %s (the token comes from token_command): remove it", a.Mech)
	}
}

// tokenLifetime reads a duration like 45m or 1h, from a minute to a day.
func (d *decoder) tokenLifetime(n *yaml.Node, path string) time.Duration {
	return d.duration(n, path, time.Minute, 24*time.Hour, "45m")
}

// duration reads a Go duration between lo and hi; example shows the form.
func (d *decoder) duration(n *yaml.Node, path string, lo, hi time.Duration, example string) time.Duration {
	s := d.str(n, path)
	v, err := time.ParseDuration(s)
	if err != nil || v < lo || v > hi {
		d.add(n, path, "want a duration from %s to %s, like %s, got %q", shortDuration(lo), shortDuration(hi), example, s)
		return 0
	}
	return v
}

// shortDuration writes 1m for 1m0s and 24h for 24h0m0s.
func shortDuration(v time.Duration) string {
	s := v.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
