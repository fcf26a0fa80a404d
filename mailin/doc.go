// Package mailin turns the mail in preread's mailbox into filed entries:
// it syncs the mailbox over IMAP, parses MIME, trims quotes and
// signatures, classifies each message and authenticates its sender. Probe
// tries the mailbox step by step for `preread check --connect`.
//
// It does not decide what is due or send anything; it hands what it reads
// to a Filer.
package mailin
