package preread

import (
	"net/mail"
	"testing"
)

func TestMailboxSubAddressRoundTrip(t *testing.T) {
	m := Mailbox{Address: "preread@corp.example", Separator: "+"}
	cases := []struct {
		sub  SubAddress
		addr string
	}{
		{SubAddress{Kind: "status", Token: "abcdefghijkmnop2"}, "preread+status.abcdefghijkmnop2@corp.example"},
		{SubAddress{Kind: "agenda", Token: "abcdefghijkmnop2", Report: "alice.liddell"}, "preread+agenda.abcdefghijkmnop2.alice.liddell@corp.example"},
		{SubAddress{Kind: "agenda", Report: "alice"}, "preread+agenda.alice@corp.example"},
		{SubAddress{Kind: "status"}, "preread+status@corp.example"},
	}
	for _, tc := range cases {
		if got := m.Build(tc.sub); got != tc.addr {
			t.Errorf("Build(%+v) = %q, want %q", tc.sub, got, tc.addr)
		}
		got, ok := m.Parse(tc.addr, LooksLikeToken)
		if !ok || got != tc.sub {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.addr, got, ok, tc.sub)
		}
	}
	for _, addr := range []string{"preread@corp.example", "preread+status@other.example", "prereadx+status@corp.example", "alice@corp.example", "nonsense"} {
		if got, ok := m.Parse(addr, LooksLikeToken); ok {
			t.Errorf("Parse(%q) = %+v, want not a sub-address", addr, got)
		}
	}
	if got, ok := m.Parse("PREREAD+Status.ABCDEFGHIJKMNOP2@Corp.Example", LooksLikeToken); !ok || got.Token != "abcdefghijkmnop2" || got.Kind != "status" {
		t.Errorf("Parse(upper case) = %+v, %v; want case folded", got, ok)
	}
	dash := Mailbox{Address: "preread@corp.example", Separator: "-"}
	if got, ok := dash.Parse("preread-agenda@corp.example", LooksLikeToken); !ok || got.Kind != "agenda" {
		t.Errorf("Parse with separator - = %+v, %v", got, ok)
	}
}

// An address PlainAddrSpec takes, net/mail takes as it is written; the
// usual ones it takes.
func TestPlainAddrSpecIsWhatNetMailReadsAsWritten(t *testing.T) {
	for _, s := range []string{"alice@corp.example", "a.b+c@d-e.example", "o'neil@x.example", "a..b@c.example", ".a@b.example",
		"a@b.", "a b@c.example", "\"a\"@b.example", "a@[127.0.0.1]", "a(b)@c.example", "ä@b.example", "@b.example", "a@", "a@b@c"} {
		a, err := mail.ParseAddress(s)
		if PlainAddrSpec(s) && (err != nil || a.Address != s) {
			t.Errorf("PlainAddrSpec(%q) = true, but net/mail reads %+v, %v", s, a, err)
		}
	}
	for _, s := range []string{"alice@corp.example", "a.b+c@d-e.example", "x_y=z@sub.corp.example"} {
		if !PlainAddrSpec(s) {
			t.Errorf("PlainAddrSpec(%q) = false, want the usual address taken", s)
		}
	}
}
