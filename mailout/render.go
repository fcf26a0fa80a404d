package mailout

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"

	"github.com/preread/preread"
	gomail "github.com/wneessen/go-mail"
)

// Renderer turns an Email into MIME bytes with a fresh Message-ID. Each
// email is rendered once; the outbox keeps the bytes, so a retry sends the
// same message.
type Renderer struct {
	From     string // "preread <preread@corp.example>"
	Boundary string // fixed MIME boundary, for byte-stable golden tests; "" for random
	NewID    func() string
}

// Render builds the message. Every email is marked auto-generated (RFC 3834)
// and asks Exchange to suppress out-of-office replies.
func (r Renderer) Render(e preread.Email) (preread.Rendered, error) {
	from, err := mail.ParseAddress(r.From)
	if err != nil {
		return preread.Rendered{}, fmt.Errorf("render %s: from %q: %w", e.Kind, r.From, err)
	}
	id := r.messageID(from.Address)
	opts := []gomail.MsgOption{gomail.WithNoDefaultUserAgent()}
	if r.Boundary != "" {
		opts = append(opts, gomail.WithBoundary(r.Boundary))
	}
	m := gomail.NewMsg(opts...)
	m.FromMailAddress(from)
	if err := m.To(e.To); err != nil {
		return preread.Rendered{}, fmt.Errorf("render %s: to %q: %w", e.Kind, e.To, err)
	}
	if e.ReplyTo != "" {
		if err := m.ReplyTo(e.ReplyTo); err != nil {
			return preread.Rendered{}, fmt.Errorf("render %s: reply-to %q: %w", e.Kind, e.ReplyTo, err)
		}
	}
	m.Subject(e.Subject)
	m.SetMessageIDWithValue(strings.Trim(id, "<>"))
	m.SetDateWithValue(e.Date)
	if e.InReplyTo != "" {
		m.SetGenHeader(gomail.HeaderInReplyTo, e.InReplyTo)
	}
	if len(e.References) > 0 {
		m.SetGenHeader(gomail.HeaderReferences, strings.Join(e.References, " "))
	}
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	m.SetBodyString(gomail.TypeTextPlain, e.Text)
	if e.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, e.HTML)
	}
	// Files go beside the text and HTML (multipart/mixed), base64 so that
	// their lines and bytes arrive as written.
	for _, f := range e.Files {
		m.AttachReadSeeker(f.Name, bytes.NewReader(f.Data), gomail.WithFileContentType(gomail.ContentType(f.ContentType)),
			gomail.WithFileEncoding(gomail.EncodingB64))
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return preread.Rendered{}, fmt.Errorf("render %s: %w", e.Kind, err)
	}
	return preread.Rendered{Email: e, MessageID: id, Raw: buf.Bytes()}, nil
}

// messageID makes "<random@domain>" on the sender's domain (RFC 5322 §3.6.4).
func (r Renderer) messageID(fromAddr string) string {
	if r.NewID != nil {
		return r.NewID()
	}
	b := make([]byte, 16)
	rand.Read(b)
	domain := fromAddr[strings.LastIndex(fromAddr, "@")+1:]
	return "<" + hex.EncodeToString(b) + "@" + domain + ">"
}
