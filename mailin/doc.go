// Package mailin turns the mail in preread's mailbox into filed entries:
// it syncs the mailbox over IMAP, classifies each message (status, agenda
// item, reply to a pre-read, or mail to answer with help), authenticates
// its sender and says which reply is due. Probe tries the mailbox step by
// step for `preread check --connect`.
//
// Reading a message is left to its subpackages: message parses MIME,
// headers, charsets and HTML into a Message, and quote trims the quoted
// original, signatures and forwards from its text and splits status
// sections. It writes no email and sends nothing; it hands what it reads
// to a Filer.
package mailin
