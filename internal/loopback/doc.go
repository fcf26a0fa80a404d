// Package loopback owns in-process mail servers on 127.0.0.1: an IMAP
// server holding one user's mailbox in memory (go-imap's imapmemserver)
// and an SMTP server that keeps every message it accepts (go-smtp), with
// the AUTH, STARTTLS and fault injection tests need.
//
// The demo runs its week on them, and internal/mailtest wraps them for
// tests. The package never imports testing and knows nothing of preread:
// it moves bytes, and its callers decide what they mean. It makes no
// certificates; a caller that wants STARTTLS passes a tls.Config.
package loopback

// Host is the only address the servers listen on.
const Host = "127.0.0.1"
