package mailout_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailout"
)

const (
	oauthUser  = "preread@corp.example"
	goodToken  = "ya29.good-token"
	staleToken = "ya29.stale-token"
)

// oauthOutbox is an outbox whose relay takes only XOAUTH2 and OAUTHBEARER
// logins and lets oauthUser in with goodToken, and a Sender that logs in
// with auth and the token.
func oauthOutbox(t *testing.T, n int, auth preread.Auth, token func(context.Context, bool) (string, error)) (*outbox, *mailout.Sender, *mailtest.OAuthLogins) {
	logins := &mailtest.OAuthLogins{User: oauthUser, Token: goodToken}
	o := newOutbox(t, n, mailtest.SMTPOptions{OAuth: logins})
	s := o.sender(nil)
	s.Relay.Username, s.Relay.Auth, s.Relay.Token = oauthUser, auth, token
	return o, s, logins
}

func TestFlushLogsInWithOAuth(t *testing.T) {
	for _, auth := range []preread.Auth{preread.AuthXOAuth2, preread.AuthOAuthBearer} {
		t.Run(string(auth), func(t *testing.T) {
			mech := strings.ToUpper(string(auth))
			token, runs := mailtest.TokenScript(t, goodToken)
			o, s, logins := oauthOutbox(t, 1, auth, token)
			o.flush(s, 1, 0)
			got := o.smtp.Messages()
			if len(got) != 1 || got[0].User != oauthUser || got[0].From != envelope || len(got[0].To) != 1 || got[0].To[0] != person(0) ||
				!bytes.Equal(got[0].Data, o.emails[0].Raw) {
				t.Errorf("relay got %d messages (%+v), want the queued email's bytes from %s as %s", len(got), got, envelope, oauthUser)
			}
			if a := logins.Attempts(); len(a) != 1 || a[0] != mech+" "+goodToken {
				t.Errorf("relay saw logins %q, want one %s with the token", a, mech)
			}
			if r := runs(); len(r) != 1 || r[0] {
				t.Errorf("token runs = %v, want one", r)
			}
		})
	}
}

func TestFlushDefersOnRefusedToken(t *testing.T) {
	for _, auth := range []preread.Auth{preread.AuthXOAuth2, preread.AuthOAuthBearer} {
		t.Run(string(auth), func(t *testing.T) {
			token, runs := mailtest.TokenScript(t, "ya29.wrong")
			o, s, _ := oauthOutbox(t, 2, auth, token)
			s.MaxAttempts = 1 // a refused login is the relay's answer to us, never parks an email
			o.flush(s, 0, 0)
			o.checkStates("pending", "pending")
			if n := len(o.smtp.Messages()); n != 0 {
				t.Errorf("relay got %d messages with a wrong token, want none", n)
			}
			if r := runs(); len(r) != 2 || r[0] || !r[1] {
				t.Errorf("token runs = %v, want [false true]: renewed once after the refusal", r)
			}
			entries, err := o.db.Outbox(o.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if e := entries[0]; !strings.Contains(e.LastError, "535") {
				t.Errorf("last error = %q, want the relay's 535", e.LastError)
			}

			// A stale token is refused, renewed, and the fresh one sends.
			o.clock.Advance(2 * time.Minute)
			s.Relay.Token, runs = mailtest.TokenScript(t, staleToken, goodToken)
			o.flush(s, 2, 0)
			if r := runs(); len(r) != 2 || !r[1] {
				t.Errorf("token runs = %v, want a renewal after the stale token", r)
			}
			if n := len(o.smtp.Messages()); n != 2 {
				t.Errorf("relay got %d messages, want 2", n)
			}
		})
	}
}

func TestRelayClientLogsInWithOAuth(t *testing.T) {
	srv := mailtest.StartSMTP(t, mailtest.SMTPOptions{OAuth: &mailtest.OAuthLogins{User: oauthUser, Token: goodToken}})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	check := func(token string, wantErr string) {
		t.Helper()
		tok, _ := mailtest.TokenScript(t, token)
		c, err := mailout.Relay{Addr: srv.Addr(), Security: "none", Username: oauthUser, Auth: preread.AuthXOAuth2, Token: tok}.Client()
		if err != nil {
			t.Fatalf("Client() = %v", err)
		}
		err = c.DialWithContext(ctx)
		if err == nil {
			c.Close()
		}
		if wantErr == "" && err != nil || wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)) {
			t.Errorf("Client().DialWithContext with token %q = %v, want %q", token, err, wantErr)
		}
	}
	check(goodToken, "")
	check("ya29.wrong", "SMTP AUTH failed: 535")
}
