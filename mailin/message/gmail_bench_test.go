package message_test

import (
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin/message"
)

// gmailTrace is what the receiving server puts on top of a Gmail reply:
// its own Received, the SPF and DKIM results and an ARC set (RFC 8617).
const gmailTrace = "Received: from mail-ej1-f41.google.com (mail-ej1-f41.google.com [209.85.218.41])\r\n" +
	"\tby mx.corp.example (Postfix) with ESMTPS id 4Zk9Qh3x1Bz9sRK\r\n" +
	"\tfor <preread+status.abc@corp.example>; Tue, 24 Nov 2026 09:07:08 +0100 (CET)\r\n" +
	"Authentication-Results: mx.corp.example;\r\n" +
	"\tdkim=pass (2048-bit key; unprotected) header.d=corp.example header.i=@corp.example header.b=AUbpntov;\r\n" +
	"\tspf=pass (mx.corp.example: domain of alice@corp.example designates 209.85.218.41 as permitted sender) smtp.mailfrom=alice@corp.example;\r\n" +
	"\tdmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=corp.example\r\n" +
	"ARC-Seal: i=1; a=rsa-sha256; d=corp.example; s=arc; t=1764000008; cv=none;\r\n" +
	"\tb=Qm9uam91ciBsZSBtb25kZSwgY2VjaSBlc3QgdW4gc2NlYXUgQVJDIGRlIHRlc3QgcG91ciBs\r\n" +
	"\tZSBiZW5jaG1hcmsgZGUgcHJlcmVhZA==\r\n" +
	"ARC-Authentication-Results: i=1; mx.corp.example; dkim=pass header.d=corp.example; spf=pass smtp.mailfrom=alice@corp.example\r\n"

// gmailReply is a typical Gmail reply as the server delivers it.
func gmailReply() []byte {
	raw := mailtest.GmailReply(7, "alice@corp.example", "Alice Example", "preread+status.abc@corp.example", "<prompt-7@corp.example>", false)
	return append([]byte(gmailTrace), raw...)
}

// BenchmarkParseHeaderGmail is ParseHeader of one Gmail reply: the step
// every message of an ingest goes through.
func BenchmarkParseHeaderGmail(b *testing.B) {
	raw := gmailReply()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := message.ParseHeader(raw, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadBodyGmail is ReadBody of one Gmail reply: the walk of its
// multipart/alternative, the quoted-printable text/plain decoded and the
// HTML left unread. ReadBody reads a message once; it changes only the
// Message it is called on, so each op reads a copy of one parsed message.
func BenchmarkReadBodyGmail(b *testing.B) {
	parsed, err := message.ParseHeader(gmailReply(), 0)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m := *parsed
		if err := m.ReadBody(time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}
