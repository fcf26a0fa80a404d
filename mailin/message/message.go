package message

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
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

	Text        string   // the body as plain text: text/plain, or the HTML part turned into text; set by ReadBody
	HTML        bool     // Text came from HTML
	Attachments []string // file names of the parts that were skipped
	Size        int      // bytes of the raw message
	// Calendars are the iCalendar parts (text/calendar, application/ics,
	// .ics files), decoded, in order, each once, forwarded ones too;
	// bounded by MaxCalendarSize and a few parts. Set by ReadBody.
	Calendars [][]byte

	fields fieldList // every header field, in order
	body   []byte    // the raw body, until ReadBody has read it
}

// DefaultMaxSize is the size limit Parse applies when it is given none.
const DefaultMaxSize = 10 << 20

// Parse reads one raw RFC 5322 message, header and body: ParseHeader,
// then ReadBody with no deadline.
func Parse(raw []byte, maxSize int) (*Message, error) {
	m, err := ParseHeader(raw, maxSize)
	if err != nil {
		return nil, err
	}
	if err := m.ReadBody(time.Time{}); err != nil {
		return nil, err
	}
	return m, nil
}

// ParseHeader reads the header of one raw RFC 5322 message and keeps the
// body unread, so that who sent a message, and whether a machine did, is
// decided before any of its body is decoded. It fails when the message is
// over maxSize bytes (0 means DefaultMaxSize), when the header can't be
// read, or when there is no usable From; the error is a short reason fit
// for a quarantine folder, and never quotes the message.
func ParseHeader(raw []byte, maxSize int) (m *Message, err error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if len(raw) > maxSize {
		return nil, fmt.Errorf("message is %s, over the %s limit", formatSize(len(raw)), formatSize(maxSize))
	}
	// A last line of defence only: a panic here is a bug to fix, but it must
	// not stop the batch the message came in.
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("internal parser error: %v", r)
		}
	}()
	h, rest, err := splitMessage(raw)
	if err != nil {
		return nil, err
	}
	m = &Message{Size: len(raw), fields: h, body: rest}
	if err := readHeader(m, h); err != nil {
		return nil, err
	}
	m.Key = m.MessageID
	if m.Key == "" {
		m.Key = RawKey(raw)
	}
	return m, nil
}

// ReadBody decodes the body into Text, HTML and Attachments. It never
// fails on the body itself: broken MIME, unknown charsets and unknown
// transfer encodings degrade to the best text it can get. It gives up with
// ErrTooSlow once deadline has passed (the zero time means none), checking
// as it goes: hostile HTML can cost a parser far more than its size.
func (m *Message) ReadBody(deadline time.Time) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal parser error: %v", r)
		}
	}()
	w := partWalker{clock: newClock(deadline)}
	b := w.part(m.fields, m.body, 0, false)
	if w.clock.err != nil {
		return w.clock.err
	}
	m.Text, m.HTML, m.Attachments, m.Calendars = b.text, b.html, w.attachments, w.calendars
	m.body = nil
	return nil
}

// splitMessage reads the header of a message and returns it with the raw
// body. It forgives what is harmless: blank lines or an mbox "From " line
// before the header, and a missing blank line after it (the body then
// starts at the first line that can't be a field, as enmime reads it).
func splitMessage(raw []byte) (fieldList, []byte, error) {
	b := bytes.TrimLeft(raw, " \t\r\n")
	if bytes.HasPrefix(b, []byte("From ")) {
		_, b, _ = bytes.Cut(b, []byte("\n"))
	}
	end, next, err := headerEnd(b)
	if err != nil {
		return nil, nil, err
	}
	if end > 0 && (b[0] == ' ' || b[0] == '\t') {
		// Only after an mbox "From " line: a header can't start with a
		// continuation, and go-message refuses one.
		return nil, nil, errors.New("malformed header: a field can't be read")
	}
	return readFields(string(b[:end])), b[next:], nil
}

// headerEnd returns where the header block of b ends and where the body
// starts: at its blank line, or at the first line that is not a field or a
// field's continuation. It fails when the first line is not a field: then
// b is not a message. Errors name the problem, never the text.
func headerEnd(b []byte) (end, body int, err error) {
	for off := 0; off < len(b); {
		line := b[off:]
		next := len(b)
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], off+i+1
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case len(line) == 0:
			return off, next, nil
		case line[0] == ' ' || line[0] == '\t':
			// a continuation line (the first line never starts with one)
		default:
			if reason := fieldProblem(line); reason != "" {
				if off == 0 {
					return 0, 0, fmt.Errorf("malformed header: the first line %s", reason)
				}
				return off, off, nil
			}
		}
		off = next
	}
	return len(b), len(b), nil
}

// fieldProblem says why a header line is not a field, "" when it is one.
// Field names are printable US-ASCII without colons (RFC 5322 §2.2);
// spaces before the colon are tolerated, as go-message does.
func fieldProblem(line []byte) string {
	i := bytes.IndexByte(line, ':')
	if i < 0 {
		return "has no colon"
	}
	name := line[:i]
	for len(name) > 0 && (name[len(name)-1] == ' ' || name[len(name)-1] == '\t') {
		name = name[:len(name)-1] // not bytes.TrimRight: it builds a set on every call
	}
	for _, c := range name {
		if c < 33 || c > 126 {
			return "has a field name with a space or a non-ASCII character"
		}
	}
	return ""
}

// formatSize writes a byte count for people: "12.3 MiB", "10 MiB", "512 KiB".
func formatSize(n int) string {
	units := []struct {
		size int
		name string
	}{{1 << 20, "MiB"}, {1 << 10, "KiB"}}
	for _, u := range units {
		if n >= u.size {
			if n%u.size == 0 {
				return strconv.Itoa(n/u.size) + " " + u.name
			}
			return strconv.FormatFloat(float64(n)/float64(u.size), 'f', 1, 64) + " " + u.name
		}
	}
	return strconv.Itoa(n) + " bytes"
}

// RawKey is the key of a message without a Message-ID: a hash of its
// bytes, "sha256:…".
func RawKey(raw []byte) string {
	sum := sha256.Sum256(raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Field is one header field as it stands in the message: its name and its
// raw value.
type Field struct {
	Name, Value string
}

// FieldsNamed returns the header fields with any of the names (any case),
// in the order they stand, top first: the order tells which server added
// a trace field (RFC 5321 §4.4, RFC 8601 §5).
func (m *Message) FieldsNamed(names ...string) []Field {
	var out []Field
	for _, f := range m.fields {
		for _, name := range names {
			if strings.EqualFold(f.key, name) {
				out = append(out, Field{Name: name, Value: f.value})
				break
			}
		}
	}
	return out
}
