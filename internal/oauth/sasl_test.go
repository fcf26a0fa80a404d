package oauth

import (
	"bytes"
	"testing"
)

func TestMechanism(t *testing.T) {
	for auth, want := range map[string]string{"": "", "password": "", "xoauth2": XOAuth2, "OAuthBearer": OAuthBearer} {
		if got, err := Mechanism(auth); err != nil || got != want {
			t.Errorf("Mechanism(%q) = %q, %v; want %q", auth, got, err, want)
		}
	}
	if got, err := Mechanism("oauth"); err == nil {
		t.Errorf("Mechanism(oauth) = %q, want an error", got)
	}
}

func TestClientAnswersTheErrorChallenge(t *testing.T) {
	for _, tc := range []struct {
		mech     string
		initial  string
		response []byte
	}{
		{XOAuth2, "user=u@corp.example\x01auth=Bearer ya29.t\x01\x01", []byte{}},
		{OAuthBearer, "n,a=u@corp.example,\x01host=imap.corp.example\x01port=993\x01auth=Bearer ya29.t\x01\x01", []byte{1}},
	} {
		c := NewClient(tc.mech, "u@corp.example", "ya29.t", "imap.corp.example:993")
		mech, ir, err := c.Start()
		if mech != tc.mech || string(ir) != tc.initial || err != nil {
			t.Errorf("NewClient(%s).Start() = %q, %q, %v; want %q", tc.mech, mech, ir, err, tc.initial)
		}
		resp, err := c.Next([]byte(` {"status":"401"} `))
		if !bytes.Equal(resp, tc.response) || err != nil || c.Refusal != `{"status":"401"}` {
			t.Errorf("%s Next(error challenge) = %q, %v, refusal %q; want %q and the challenge kept", tc.mech, resp, err, c.Refusal, tc.response)
		}
	}
}
