package message

import (
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"time"
)

// Message is one inbound email, parsed: the headers classification and
// authentication look at, and the body as text.
type Message struct {
	Key        string // Message-ID with its angle brackets, or "sha256:…" of the raw bytes when absent
	MessageID  string // as in the header, "<…>"; "" when absent
	From       *mail.Address
	ReplyTo    []*mail.Address
	To         []*mail.Address
	Cc         []*mail.Address
	Recipients []string // every recipient address seen: To, Cc, Delivered-To, X-Original-To, Envelope-To, X-Envelope-To (lower case)
	Subject    string   // decoded
	Date       time.Time
	InReplyTo  []string // message IDs, "<…>"
	References []string // message IDs, "<…>"

	// Header holds the raw header fields by canonical name, for the checks
	// that read them (Auto-Submitted, Precedence, Authentication-Results…).
	Header map[string][]string

	Text        string   // the body as plain text: text/plain, or the HTML part turned into text
	HTML        bool     // Text came from HTML
	Attachments []string // file names of the parts that were skipped
	Size        int      // bytes of the raw message
}

// RawKey is the key of a message without a Message-ID: a hash of its
// bytes, "sha256:…".
func RawKey(raw []byte) string {
	sum := sha256.Sum256(raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}
