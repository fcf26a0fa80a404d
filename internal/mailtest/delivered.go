package mailtest

import (
	"bufio"
	"bytes"
	"net/mail"
	"net/textproto"

	"github.com/emersion/go-imap/v2"
)

// Delivered gives the APPEND options of a message delivered the moment it
// was written, as a mail server delivers it: its INTERNALDATE is its Date
// header. A simulated clock's mail then counts for the simulated day, as
// preread files by the delivery time. Without a readable Date, the server
// takes now.
func Delivered(raw []byte) *imap.AppendOptions {
	h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw))).ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		return nil
	}
	t, err := mail.ParseDate(h.Get("Date"))
	if err != nil {
		return nil
	}
	return &imap.AppendOptions{Time: t}
}
