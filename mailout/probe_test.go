package mailout_test

import (
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/internal/oauth"
	"github.com/preread/preread/mailout"
)

// probeOptions is the relay at addr, logged in to as user with password
// when user is set.
func probeOptions(addr, security, user, password string) mailout.ProbeOptions {
	return mailout.ProbeOptions{
		Relay:         mailout.Relay{Addr: addr, Security: security, Username: user, Password: password},
		TokenLifetime: 45 * time.Minute,
		PasswordEnv:   "PREREAD_SMTP_PASSWORD",
	}
}

func TestProbe(t *testing.T) {
	relay := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	tlsRelay := mailtest.StartSMTP(t, mailtest.SMTPOptions{TLS: true, Users: map[string]string{"preread": "s3cret"}})
	oauthRelay := mailtest.StartSMTP(t, mailtest.SMTPOptions{OAuth: &mailtest.OAuthLogins{User: oauthUser, Token: goodToken}})
	withToken := func(token string) mailout.ProbeOptions {
		o := probeOptions(oauthRelay.Addr(), "none", oauthUser, "")
		o.Relay.Auth = preread.AuthXOAuth2
		o.Relay.Token = oauth.NewTokenCommand("smtp.token_command", t.TempDir(), "echo "+token, o.TokenLifetime).Token
		return o
	}
	cases := []struct {
		name   string
		o      mailout.ProbeOptions
		failed int
		want   []string
	}{
		{"no login", probeOptions(relay.Addr(), "none", "", ""), 0, []string{
			`^ok   smtp dns: 127\.0\.0\.1 is an IP address`,
			`^ok   smtp tcp: connected to 127\.0\.0\.1:\d+`,
			`^ok   smtp ehlo: the relay offers .*PIPELINING`,
			`^ok   smtp auth: no login \(smtp\.username is not set\)`,
		}},
		{"oauth", withToken(goodToken), 0, []string{
			`^ok   smtp token: smtp\.token_command printed an access token \(15 characters\), kept for 45m0s`,
			`^ok   smtp ehlo: the relay offers AUTH XOAUTH2 OAUTHBEARER, `,
			`^ok   smtp auth: logged in as preread@corp\.example with XOAUTH2 \(token from token_command\)$`,
		}},
		{"refused token", withToken("ya29.wrong"), 1, []string{
			`^FAIL smtp auth: .*535.*; fix: the server refused the token: check that it is for preread@corp\.example, has not expired, and carries the scope the server wants for SMTP$`,
		}},
		{"port closed", probeOptions(mailtest.ClosedAddr(t), "none", "", ""), 1, []string{
			`^FAIL smtp tcp: .*connection refused; fix: nothing listens on port \d+ of 127\.0\.0\.1: check the port in smtp\.relay \(SMTP submission is port 465`,
		}},
		{"untrusted certificate", probeOptions(tlsRelay.Addr(), "starttls", "preread", "s3cret"), 1, []string{
			`^FAIL smtp tls: .*certificate.*; fix: the certificate of 127\.0\.0\.1 is signed by an authority this machine does not trust`,
		}},
		{"password over plain text", probeOptions(tlsRelay.Addr(), "none", "preread", "s3cret"), 1, []string{
			`^ok   smtp ehlo: the relay offers AUTH PLAIN`,
			`^FAIL smtp auth: .*; fix: over plain text preread only sends a password with CRAM-MD5 or SCRAM`,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, failed := mailtest.ProbeLines(t, mailout.Probe(t.Context(), tc.o))
			mailtest.WantLines(t, out, tc.want...)
			if failed != tc.failed {
				t.Errorf("Probe failed %d steps, want %d in:\n%s", failed, tc.failed, out)
			}
		})
	}
	if n := len(relay.Messages()) + len(oauthRelay.Messages()); n != 0 {
		t.Errorf("the probes sent %d messages, want none", n)
	}
}
