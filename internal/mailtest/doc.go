// Package mailtest owns the test helpers that run real mail servers for
// integration tests: a private Dovecot IMAP server (StartDovecot) and
// internal/loopback's in-process capturing SMTP server tied to a test
// (StartSMTP), plus the self-signed certificates both use for TLS.
//
// Every server listens on 127.0.0.1 only and is stopped through
// testing.TB.Cleanup. Nothing here touches the system-wide Dovecot service:
// each Dovecot instance gets its own configuration, base_dir, state_dir, log
// file and mail storage in a temporary directory.
package mailtest
