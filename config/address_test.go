package config

import (
	"net/mail"
	"strings"
	"testing"
)

// plainAddress spares mail.ParseAddress; it must never take an address
// that the full check refuses, nor take one differently.
func TestPlainAddress(t *testing.T) {
	for _, addr := range []string{"alice@corp.example", "a.b+c_d=e-f@mail.corp-x.example", "Alice@Corp.Example",
		"a..b@corp.example", ".a@corp.example", "a.@corp.example", "a@corp..example", "a@.corp.example", "a@corp.example.",
		"a@corp", "a@localhost", "@corp.example", "a@", "a b@corp.example", "Alice <a@corp.example>", "a@b@corp.example",
		`"a b"@corp.example`, "ä@corp.example", "a@-corp.example", "a@[127.0.0.1]", "a@corp_x.example", "a(c)@corp.example"} {
		full, err := mail.ParseAddress(addr)
		fullOK := err == nil && full.Name == "" && full.Address == addr && validDomain(addr[strings.LastIndex(addr, "@")+1:])
		if plainAddress(addr) && !fullOK {
			t.Errorf("plainAddress(%q) = true, but mail.ParseAddress refuses it (%v, %+v)", addr, err, full)
		}
	}
	for _, addr := range []string{"alice@corp.example", "a.b+c_d=e-f@mail.corp-x.example", "Alice@Corp.Example", "a@localhost"} {
		if !plainAddress(addr) {
			t.Errorf("plainAddress(%q) = false, want the usual address taken without mail.ParseAddress", addr)
		}
	}
}
