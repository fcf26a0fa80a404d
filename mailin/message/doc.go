// Package message reads one raw inbound email into a Message: the header
// fields that classification and authentication look at, and the body as
// plain text.
//
// It owns the MIME walk (which part is the text, which are attachments, an
// attached message read as a forward), lenient parsing of header fields,
// addresses, dates and message IDs, transfer encodings and charsets,
// format=flowed, and HTML → text, which cuts the quoted original out of the
// HTML tree before it renders the rest.
//
// It does not trim quotes or signatures from plain text (package quote
// does), decide what a message is for, or touch IMAP or the database
// (package mailin does). It is pure: bytes in, a Message out, no I/O.
package message
