package mailin

import (
	"strings"
	"testing"

	"github.com/preread/preread/mailin/message"
)

// parseHeaderOf reads a header written one field per line (with "\n\t"
// continuations) above a short body.
func parseHeaderOf(t *testing.T, header string) *message.Message {
	t.Helper()
	m, err := message.ParseHeader([]byte(strings.TrimSpace(header)+"\nSubject: x\n\nbody\n"), 0)
	if err != nil {
		t.Fatalf("ParseHeader: %v", err)
	}
	return m
}

func TestAuthResultsPass(t *testing.T) {
	cases := []struct {
		name   string
		id     string
		header string
		want   bool
	}{
		{"dkim pass from the trusted server", "mx.corp.example", `
Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example
From: alice@corp.example`, true},
		{"dmarc pass naming the From domain", "mx.corp.example", `
Authentication-Results: mx.corp.example; dmarc=pass header.from=corp.example
From: alice@corp.example`, true},
		{"dmarc pass naming another domain", "mx.corp.example", `
Authentication-Results: mx.corp.example; dmarc=pass header.from=evil.example
From: alice@corp.example`, false},
		{"dmarc pass naming no domain", "mx.corp.example", `
Authentication-Results: mx.corp.example; dmarc=pass
From: alice@corp.example`, false},
		{"dkim pass naming no domain", "mx.corp.example", `
Authentication-Results: mx.corp.example; dkim=pass
From: alice@corp.example`, false},
		{"dkim domain from header.i", "mx.corp.example", `
Authentication-Results: mx.corp.example; dkim=pass header.i=@corp.example
From: alice@corp.example`, true},
		{"trusted id in another case", "mx.corp.example", `
Authentication-Results: MX.Corp.Example; dkim=pass header.d=corp.example
From: alice@corp.example`, true},
		{"dkim of the organizational domain", "mx.corp.example", `
Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example
From: alice@eu.corp.example`, true},
		{"dkim of a sibling under the same registrable domain", "mx.corp.example", `
Authentication-Results: mx.corp.example; dkim=pass header.d=mail.corp.example
From: alice@eu.corp.example`, true},
		{"dkim of another registrant under a public suffix", "mx.corp.co.uk", `
Authentication-Results: mx.corp.co.uk; dkim=pass header.d=evil.co.uk
From: alice@corp.co.uk`, false},
		{"dkim of another domain", "mx.corp.example", `
Authentication-Results: mx.corp.example; dkim=pass header.d=evil.example
From: alice@corp.example`, false},
		{"dkim fail", "mx.corp.example", `
Authentication-Results: mx.corp.example; dkim=fail header.d=corp.example
From: alice@corp.example`, false},
		{"pass from an untrusted server", "mx.corp.example", `
Authentication-Results: mx.evil.example; dkim=pass header.d=corp.example
From: alice@corp.example`, false},
		{"aligned spf", "mx.corp.example", `
Authentication-Results: mx.corp.example; spf=pass smtp.mailfrom=alice@corp.example
From: alice@corp.example`, true},
		{"unaligned spf", "mx.corp.example", `
Authentication-Results: mx.corp.example; spf=pass smtp.mailfrom=bounce@mailer.example
From: alice@corp.example`, false},
		{"garbage", "mx.corp.example", `
Authentication-Results: mx.corp.example; dkim
From: alice@corp.example`, false},
		{"none", "mx.corp.example", `
From: alice@corp.example`, false},

		// Gmail: one field, below Google's own Received lines and above
		// the sender's.
		{"gmail", "mx.google.com", `
Delivered-To: preread@corp.example
Received: by 2002:a05:6a10:a14e:b0:5a1:1111:2222 with SMTP id x14csp1234pxa;
        Tue, 24 Nov 2026 01:02:03 -0800 (PST)
X-Received: by 2002:a17:907:2ce5:b0:a9a:1111:2222 with SMTP id abc.1.1700000000000;
        Tue, 24 Nov 2026 01:02:03 -0800 (PST)
ARC-Authentication-Results: i=1; mx.google.com;
       dkim=pass header.i=@corp.example header.s=s1 header.b=abc;
       spf=pass (google.com: domain of alice@corp.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=alice@corp.example
Return-Path: <alice@corp.example>
Received: from mail.corp.example (mail.corp.example. [192.0.2.1])
        by mx.google.com with ESMTPS id a1si123456.2026.11.24.01.02.03
        for <preread@corp.example>;
        Tue, 24 Nov 2026 01:02:03 -0800 (PST)
Received-SPF: pass (google.com: domain of alice@corp.example designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1;
Authentication-Results: mx.google.com;
       dkim=pass header.i=@corp.example header.s=s1 header.b=abc;
       spf=pass (google.com: domain of alice@corp.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=alice@corp.example;
       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=corp.example
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=corp.example; s=s1; b=abc
From: Alice <alice@corp.example>`, true},
		// Postfix with OpenDKIM and OpenDMARC: a field per milter, together
		// at the top above Postfix's Received; OpenDKIM's comment holds a
		// semicolon.
		{"postfix with opendkim and opendmarc", "mx.corp.example", `
Authentication-Results: mx.corp.example; dmarc=pass (p=reject dis=none) header.from=corp.example
Authentication-Results: mx.corp.example;
	dkim=pass (2048-bit key; unprotected) header.d=corp.example header.i=@corp.example header.b="Ab12Cd34"
Received: from mail.corp.example (mail.corp.example [192.0.2.1])
	by mx.corp.example (Postfix) with ESMTPS id 4Z1abc
	for <preread@corp.example>; Tue, 24 Nov 2026 10:02:03 +0100 (CET)
From: alice@corp.example`, true},
		{"opendkim's comment alone", "mx.corp.example", `
Authentication-Results: mx.corp.example;
	dkim=pass (2048-bit key; unprotected) header.d=corp.example header.i=@corp.example header.b="Ab12Cd34"
Received: from mail.corp.example by mx.corp.example (Postfix)
From: alice@corp.example`, true},
		// Microsoft 365 writes no authserv-id: nothing there can be trusted,
		// and the personal address's token authenticates instead.
		{"microsoft 365", "mx.corp.example", `
Received: from AM0PR01MB1234.eurprd01.prod.exchangelabs.com by AM0PR01MB5678.eurprd01.prod.exchangelabs.com
Authentication-Results: spf=pass (sender IP is 192.0.2.1)
 smtp.mailfrom=corp.example; dkim=pass (signature was verified)
 header.d=corp.example;dmarc=pass action=none header.from=corp.example;compauth=pass reason=100
Received: from mail.corp.example (192.0.2.1) by AM0PR01MB1234.mail.protection.outlook.com
From: alice@corp.example`, false},
		// The trusted server's real fail on top; a forged pass with its name
		// below a Received came with the message.
		{"forged pass below a received", "mx.corp.example", `
Authentication-Results: mx.corp.example; dkim=fail header.d=corp.example
Received: from attacker.example by mx.corp.example (Postfix)
Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example
From: alice@corp.example`, false},
		{"forged pass below a received, nothing on top", "mx.corp.example", `
Received: from attacker.example by mx.corp.example (Postfix)
Authentication-Results: mx.corp.example; spf=none smtp.mailfrom=attacker.example
Received: from somewhere.example by attacker.example
Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example
From: alice@corp.example`, false},
		{"another server's field between two trusted ones", "mx.corp.example", `
Authentication-Results: mx.corp.example; spf=none smtp.mailfrom=corp.example
Authentication-Results: other.example; dkim=fail header.d=corp.example
Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example
Received: from mail.corp.example by mx.corp.example (Postfix)
From: alice@corp.example`, true},
	}
	for _, tc := range cases {
		m := parseHeaderOf(t, tc.header)
		if got := authResultsPass(m, tc.id); got != tc.want {
			t.Errorf("%s: authResultsPass(…, %q) = %v, want %v", tc.name, tc.id, got, tc.want)
		}
	}
}

func TestStripComments(t *testing.T) {
	cases := map[string]string{
		`mx; dkim=pass (2048-bit key; unprotected) header.d=a.example`: `mx; dkim=pass   header.d=a.example`,
		`mx; spf=pass (a (nested) comment) smtp.mailfrom=a@b.example`:  `mx; spf=pass   smtp.mailfrom=a@b.example`,
		`mx; dkim=pass header.b="(not a comment)"`:                     `mx; dkim=pass header.b="(not a comment)"`,
		`mx; x=y (escaped \) paren; still a comment) z=w`:              `mx; x=y   z=w`,
	}
	for in, want := range cases {
		if got := stripComments(in); got != want {
			t.Errorf("stripComments(%q) = %q, want %q", in, got, want)
		}
	}
}
