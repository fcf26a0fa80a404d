// Package bench holds the ingest benchmark: the built preread binary filing
// a mailbox of realistic replies in Dovecot, against a bare go-imap fetch of
// the same messages. It has no code of its own; see ingest_test.go and
// `make bench`.
package bench
