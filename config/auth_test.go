package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/config"
)

// oauthConfig is a config whose mailbox and relay log in as the given
// lines say (indented by two, numbered from line 5 and line 11).
func oauthConfig(mailbox, smtp string) string {
	return `mailbox:
  imap: imap.gmail.com:993
  username: preread@corp.example
  address: preread@corp.example
` + mailbox + `
smtp:
  relay: smtp.gmail.com:465
  security: tls
  from: "preread <preread@corp.example>"
  username: preread@corp.example
` + smtp + `
people:
  - email: carol@corp.example
`
}

func TestConfigOAuth(t *testing.T) {
	cfg, err := config.Parse("c.yaml", []byte(oauthConfig(
		"  auth: xoauth2\n  token_command: \"oauth2l fetch --scope https://mail.google.com/\"",
		"  auth: OAuthBearer\n  token_command: ./token.sh\n  token_lifetime: 20m")))
	if err != nil {
		t.Fatalf("Parse = %v", err)
	}
	m, s := cfg.Mailbox.Auth, cfg.SMTP.Auth
	if m.Mech != "xoauth2" || m.TokenCommand != "oauth2l fetch --scope https://mail.google.com/" || m.TokenLifetime != 45*time.Minute {
		t.Errorf("mailbox auth = %+v, want xoauth2, the command, 45m", m)
	}
	if s.Mech != "oauthbearer" || s.TokenCommand != "./token.sh" || s.TokenLifetime != 20*time.Minute {
		t.Errorf("smtp auth = %+v, want oauthbearer, ./token.sh, 20m", s)
	}
	if got := cfg.MissingEnv(func(string) string { return "" }); len(got) != 0 {
		t.Errorf("MissingEnv() = %v, want none: OAuth reads no *_env", got)
	}

	cfg, err = config.Parse("c.yaml", []byte(oauthConfig("  password_env: P1", "  password_env: P2")))
	if err != nil || cfg.Mailbox.Auth.Mech != "password" || cfg.SMTP.Auth.Mech != "password" {
		t.Errorf("config.Parse(password) = %v, %v; want auth password by default", cfg, err)
	}
}

func TestConfigOAuthProblems(t *testing.T) {
	cases := []struct {
		name, mailbox, smtp, want string
	}{
		{"xoauth2 without a command", "  auth: xoauth2", "  password_env: P",
			`c.yaml:5: mailbox.token_command: missing: auth xoauth2 needs a command that prints an access token, like token_command: "oauth2l fetch`},
		{"oauthbearer without a command", "  password_env: P", "  auth: oauthbearer",
			"c.yaml:11: smtp.token_command: missing: auth oauthbearer needs a command"},
		{"unknown auth", "  auth: oauth\n  token_command: x", "  password_env: P",
			`c.yaml:5: mailbox.auth: want password, xoauth2 or oauthbearer (secrets`},
		{"command without oauth", "  password_env: P\n  token_command: ./token.sh", "  password_env: P",
			"c.yaml:6: mailbox.token_command: only used with auth: xoauth2 or oauthbearer (auth is password)"},
		{"password with oauth", "  auth: xoauth2\n  token_command: x\n  password_env: P", "  password_env: P",
			"c.yaml:7: mailbox.password_env: not used with auth xoauth2 (the token comes from token_command): remove it"},
		{"bad lifetime", "  auth: xoauth2\n  token_command: x\n  token_lifetime: 10s", "  password_env: P",
			`c.yaml:7: mailbox.token_lifetime: want a duration from 1m to 24h, like 45m, got "10s"`},
		{"lifetime without oauth", "  password_env: P\n  token_lifetime: 1h", "  password_env: P",
			"c.yaml:6: mailbox.token_lifetime: only used with auth: xoauth2 or oauthbearer"},
		{"typo", "  auth: xoauth2\n  token_comand: x", "  password_env: P",
			"c.yaml:6: mailbox.token_comand: unknown field (did you mean token_command?)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("c.yaml", []byte(oauthConfig(tc.mailbox, tc.smtp)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse = %v\nwant an error containing %q", err, tc.want)
			}
		})
	}

	// The relay needs a user to log in as with a token.
	text := strings.Replace(oauthConfig("  password_env: P", "  auth: xoauth2\n  token_command: x"), "  username: preread@corp.example\n  auth", "  auth", 1)
	_, err := config.Parse("c.yaml", []byte(text))
	if err == nil || !strings.Contains(err.Error(), "c.yaml:10: smtp.username: missing: auth xoauth2 logs in as this user") {
		t.Errorf("config.Parse(smtp oauth without username) = %v", err)
	}
}
