// Package mailtest owns the test helpers that run real mail servers for
// integration tests: a private Dovecot IMAP server (StartDovecot) and
// internal/loopback's in-process capturing SMTP server tied to a test
// (StartSMTP), plus the self-signed certificates both use for TLS. Test
// servers that take only OAuth2 tokens check them with OAuthLogins;
// ProbeLines and WantLines read the steps of a connection probe;
// CorpusFiles lists the shared fixture corpus; Zone loads a time zone for
// package-level fixtures.
//
// Every server listens on 127.0.0.1 only and is stopped through
// testing.TB.Cleanup. Nothing here touches the system-wide Dovecot service:
// each Dovecot instance gets its own configuration, base_dir, state_dir, log
// file and mail storage in a temporary directory.
package mailtest
