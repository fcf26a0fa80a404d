package mailin

import (
	"net/mail"
	"testing"

	"github.com/preread/preread/mailin/message"
)

func TestAuthResultsPass(t *testing.T) {
	cases := []struct {
		name    string
		from    string
		headers []string
		want    bool
	}{
		{"dkim pass from the trusted server", "alice@corp.example", []string{"mx.corp.example; dkim=pass header.d=corp.example"}, true},
		{"dmarc pass", "alice@corp.example", []string{"mx.corp.example; dmarc=pass header.from=corp.example"}, true},
		{"trusted id in another case", "alice@corp.example", []string{"MX.Corp.Example; dkim=pass header.d=corp.example"}, true},
		{"dkim pass of a parent domain", "alice@eu.corp.example", []string{"mx.corp.example; dkim=pass header.d=corp.example"}, true},
		{"dkim pass of another domain", "alice@corp.example", []string{"mx.corp.example; dkim=pass header.d=evil.example"}, false},
		{"dkim fail", "alice@corp.example", []string{"mx.corp.example; dkim=fail header.d=corp.example"}, false},
		{"pass from an untrusted server", "alice@corp.example", []string{"mx.evil.example; dkim=pass header.d=corp.example"}, false},
		{"forged pass before the trusted fail", "alice@corp.example", []string{"mx.corp.example; dkim=fail header.d=corp.example", "evil; dkim=pass header.d=corp.example"}, false},
		{"aligned spf", "alice@corp.example", []string{"mx.corp.example; spf=pass smtp.mailfrom=alice@corp.example"}, true},
		{"unaligned spf", "alice@corp.example", []string{"mx.corp.example; spf=pass smtp.mailfrom=bounce@mailer.example"}, false},
		{"garbage", "alice@corp.example", []string{"mx.corp.example; dkim"}, false},
		{"none", "alice@corp.example", nil, false},
	}
	for _, tc := range cases {
		m := &message.Message{From: &mail.Address{Address: tc.from}, Header: map[string][]string{"Authentication-Results": tc.headers}}
		if got := authResultsPass(m, "mx.corp.example"); got != tc.want {
			t.Errorf("%s: authResultsPass(%q) = %v, want %v", tc.name, tc.headers, got, tc.want)
		}
	}
}
