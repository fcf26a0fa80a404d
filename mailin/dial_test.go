package mailin_test

import (
	"crypto/tls"
	"strings"
	"testing"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
)

func TestDialSecurities(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{TLS: true})
	pool := &tls.Config{RootCAs: d.CertPool, ServerName: "127.0.0.1"}
	cases := []struct {
		security, addr string
		tls            *tls.Config
		wantErr        string
	}{
		{"tls", d.TLSAddr(), pool, ""},
		{"starttls", d.Addr(), pool, ""},
		{"none", d.Addr(), nil, ""},
		{"tls", d.TLSAddr(), nil, "certificate"}, // an unknown CA is refused
	}
	for _, tc := range cases {
		c, err := mailin.Dial(t.Context(), mailin.Server{Addr: tc.addr, Security: tc.security,
			Username: mailtest.DefaultUser, Password: mailtest.DefaultPassword, TLSConfig: tc.tls})
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Dial(%s, %s) = %v, want an error about %s", tc.security, tc.addr, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Dial(%s, %s) = %v", tc.security, tc.addr, err)
			continue
		}
		if _, err := mailin.Client(c).Select("INBOX", nil).Wait(); err != nil {
			t.Errorf("select over %s: %v", tc.security, err)
		}
		c.Close()
	}
}
