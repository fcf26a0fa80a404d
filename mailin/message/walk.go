package message

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	gomessage "github.com/emersion/go-message"
	"github.com/emersion/go-message/charset" // also registers the charsets go-message decodes
	"github.com/emersion/go-message/textproto"
	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// DefaultMaxSize is the size limit Parse applies when it is given none.
const DefaultMaxSize = 10 << 20

// maxDepth bounds how deep Parse follows nested multiparts and attached
// messages; parts below it are ignored.
const maxDepth = 20

// forwardMarker starts a forwarded message in Text, as Gmail writes it.
const forwardMarker = "---------- Forwarded message ---------"

// Parse reads one raw RFC 5322 message. It never fails on a body: broken
// MIME, unknown charsets and unknown transfer encodings degrade to the best
// text it can get. It fails when the message is over maxSize bytes (0 means
// DefaultMaxSize), when the header can't be read, or when there is no
// usable From; the error is a short reason fit for a quarantine folder.
func Parse(raw []byte, maxSize int) (m *Message, err error) {
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
	m = &Message{Size: len(raw)}
	if err := readHeader(m, h); err != nil {
		return nil, err
	}
	m.Key = m.MessageID
	if m.Key == "" {
		m.Key = RawKey(raw)
	}
	var w partWalker
	b := w.part(h, rest, 0, false)
	m.Text, m.HTML, m.Attachments = b.text, b.html, w.attachments
	return m, nil
}

// splitMessage reads the header of a message and returns it with the raw
// body. It forgives what is harmless: blank lines or an mbox "From " line
// before the header, and a missing blank line after it (the body then
// starts at the first line that can't be a field, as enmime reads it).
func splitMessage(raw []byte) (gomessage.Header, []byte, error) {
	b := bytes.TrimLeft(raw, " \t\r\n")
	if bytes.HasPrefix(b, []byte("From ")) {
		_, b, _ = bytes.Cut(b, []byte("\n"))
	}
	end, next, err := headerEnd(b)
	if err != nil {
		return gomessage.Header{}, nil, err
	}
	hb := slices.Concat(b[:end], []byte("\n\n"))
	// A buffer the header's size, not bufio's 4 KiB: this runs per message.
	h, err := textproto.ReadHeader(bufio.NewReaderSize(bytes.NewReader(hb), min(len(hb), 4096)))
	if err != nil {
		return gomessage.Header{}, nil, fmt.Errorf("malformed header: %s", strings.TrimPrefix(err.Error(), "message: "))
	}
	return gomessage.Header{Header: h}, b[next:], nil
}

// headerEnd returns where the header block of b ends and where the body
// starts: at its blank line, or at the first line that is not a field or a
// field's continuation. It fails when the first line is not a field: then
// b is not a message.
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
					return 0, 0, fmt.Errorf("malformed header: %s", reason)
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
		return "line " + quoteShort(string(line)) + " has no colon"
	}
	for _, c := range bytes.TrimRight(line[:i], " \t") {
		if c < 33 || c > 126 {
			return "bad field name " + quoteShort(string(line[:i]))
		}
	}
	return ""
}

// partText is the text one MIME entity contributes to Message.Text.
type partText struct {
	text   string
	html   bool   // some of text came from HTML
	source string // HTML not turned into text yet: only done if this part is chosen
}

// resolved turns a pending HTML part into text.
func (p partText) resolved() partText {
	if p.source != "" {
		return makePartText(HTMLToText(p.source), true)
	}
	return p
}

// partWalker collects what a walk over the MIME tree skips.
type partWalker struct {
	attachments []string
}

// part returns the text of one MIME entity: a text part decoded, a
// multipart's chosen or joined parts, an attached message as a forward.
// Anything else is an attachment, recorded and skipped. digest is true
// inside multipart/digest, where parts are messages by default (RFC 2046
// §5.1.5).
func (w *partWalker) part(h gomessage.Header, raw []byte, depth int, digest bool) partText {
	return w.entity(h, body{raw: raw}, depth, digest).resolved()
}

// body is an entity's bytes, in memory or still to be read from a
// multipart: a skipped attachment is never read into memory.
type body struct {
	raw []byte
	r   io.Reader
}

func (b body) bytes() []byte {
	if b.r == nil {
		return b.raw
	}
	data, _ := io.ReadAll(b.r) // a part cut short still gives what it has
	return data
}

// entity is part, with an HTML part left pending: turning HTML into text
// is the costly step, and an alternative's plain part usually wins.
func (w *partWalker) entity(h gomessage.Header, b body, depth int, digest bool) partText {
	if depth > maxDepth {
		return partText{}
	}
	ct := readContentType(h, digest)
	name := fileName(h, ct)
	switch {
	case strings.HasPrefix(ct.media, "multipart/"):
		return w.multipart(ct, b.bytes(), depth)
	case ct.media == "message/rfc822" || ct.media == "message/global":
		return w.forwarded(decodeTransfer(b.bytes(), h.Get("Content-Transfer-Encoding")), depth)
	case isAttachment(h) || name != "" || (ct.media != "text/plain" && ct.media != "text/html"):
		w.attach(name, ct.media)
		return partText{}
	}
	isHTML := ct.media == "text/html"
	data := toUTF8(decodeTransfer(b.bytes(), h.Get("Content-Transfer-Encoding")), ct.charset(), isHTML)
	if isHTML {
		return partText{html: true, source: string(data)}
	}
	text := normalizeText(string(data))
	if strings.EqualFold(ct.params["format"], "flowed") {
		text = unflow(text, strings.EqualFold(ct.params["delsp"], "yes"))
	}
	return makePartText(text, false)
}

// makePartText returns the cleaned text, or nothing when it is blank.
func makePartText(text string, html bool) partText {
	text = normalizeText(text)
	if text == "" {
		return partText{}
	}
	return partText{text: text, html: html}
}

// multipart chooses among or joins the parts of a multipart: the plain
// text of an alternative unless it is blank, the root of a related, and
// every part of a mixed (or any other) in order, so text around an inline
// image is kept. A multipart without parts is read as plain text.
func (w *partWalker) multipart(ct contentType, raw []byte, depth int) partText {
	var parts []partText
	if boundary := ct.params["boundary"]; boundary != "" {
		mr := textproto.NewMultipartReader(bytes.NewReader(raw), boundary)
		for {
			p, err := mr.NextPart()
			if err != nil {
				break // io.EOF, or a broken boundary: keep what was read
			}
			parts = append(parts, w.entity(gomessage.Header{Header: p.Header}, body{r: p}, depth+1, ct.media == "multipart/digest"))
		}
	}
	if len(parts) == 0 {
		return makePartText(string(toUTF8(raw, ct.charset(), false)), false)
	}
	switch ct.media {
	case "multipart/alternative":
		for _, p := range parts {
			if p.text != "" && !p.html {
				return p
			}
		}
		return firstText(parts)
	case "multipart/related":
		return firstText(parts)
	}
	var texts []string
	var out partText
	for _, p := range parts {
		if p = p.resolved(); p.text != "" {
			texts = append(texts, p.text)
			out.html = out.html || p.html
		}
	}
	out.text = strings.Join(texts, "\n\n")
	return out
}

// firstText returns the first part with text.
func firstText(parts []partText) partText {
	for _, p := range parts {
		if p = p.resolved(); p.text != "" {
			return p
		}
	}
	return partText{}
}

// forwarded renders an attached message (a forward as attachment) the way
// clients render an inline forward: the marker line, From, Date and
// Subject, a blank line, then its text.
func (w *partWalker) forwarded(raw []byte, depth int) partText {
	h, inner, err := splitMessage(raw)
	if err != nil {
		return makePartText(forwardMarker+"\n\n"+string(toUTF8(raw, "", false)), false)
	}
	lines := []string{forwardMarker}
	for _, key := range []string{"From", "Date", "Subject"} {
		if v := headerText(h, key); v != "" {
			lines = append(lines, key+": "+v)
		}
	}
	b := w.part(h, inner, depth+1, false)
	return partText{text: strings.TrimSpace(strings.Join(lines, "\n") + "\n\n" + b.text), html: b.html}
}

// attach records a skipped part by its file name, or by its media type
// when it has none.
func (w *partWalker) attach(name, media string) {
	if name == "" {
		name = media
	}
	w.attachments = append(w.attachments, name)
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

// isUnicodeOrASCII reports the charsets go-message passes through as they
// are, so their bytes still need checking.
func isUnicodeOrASCII(cs string) bool {
	switch cs {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		return true
	}
	return false
}

// toUTF8 decodes b from its charset label. Bytes that are not valid UTF-8
// under an ASCII label or none are taken as Windows-1252, which is what
// unlabelled 8-bit mail almost always is (HTML looks for a <meta> first);
// under any other label they are left for normalizeText to replace.
func toUTF8(b []byte, label string, isHTML bool) []byte {
	if !isUnicodeOrASCII(label) {
		if r, err := charset.Reader(label, bytes.NewReader(b)); err == nil {
			if out, err := io.ReadAll(r); err == nil {
				return out
			}
		}
	}
	if utf8.Valid(b) || !(label == "" || label == "us-ascii" || label == "ascii") {
		return b
	}
	enc := encoding.Encoding(charmap.Windows1252)
	if isHTML {
		enc, _, _ = htmlcharset.DetermineEncoding(b, "text/html")
	}
	if out, err := enc.NewDecoder().Bytes(b); err == nil {
		return out
	}
	return b
}

// normalizeText makes body text valid UTF-8 with LF line ends and no NULs,
// without leading blank lines or trailing space.
func normalizeText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "\r\x00") {
		s = unixLines.Replace(s)
	}
	s = strings.TrimRight(s, " \t\n")
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(line) != "" {
			return s
		}
		s = rest
	}
}

// unixLines turns CRLF and CR line ends into LF and drops NULs.
var unixLines = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\x00", "")

// unflow joins the soft line breaks of format=flowed text: a line that
// ends in a space goes on in the next line of the same quote depth
// (RFC 3676 §4.2); space-stuffing is undone and, with delsp, the space
// before the break is dropped. The signature separator "-- " stays.
func unflow(s string, delsp bool) string {
	var out []string
	var cur strings.Builder
	open, curDepth := false, 0
	for _, line := range strings.Split(s, "\n") {
		if line == "-- " && !open {
			out = append(out, line)
			continue
		}
		depth := len(line) - len(strings.TrimLeft(line, ">"))
		content := strings.TrimPrefix(line[depth:], " ")
		if !open || depth != curDepth {
			if open {
				out = append(out, strings.TrimRight(cur.String(), " "))
			}
			cur.Reset()
			if depth > 0 {
				cur.WriteString(strings.Repeat(">", depth) + " ")
			}
			curDepth = depth
		}
		open = strings.HasSuffix(content, " ") && content != "-- "
		if open && delsp {
			content = content[:len(content)-1]
		}
		cur.WriteString(content)
		if !open {
			out = append(out, strings.TrimRight(cur.String(), " "))
			cur.Reset()
		}
	}
	if open {
		out = append(out, strings.TrimRight(cur.String(), " "))
	}
	return strings.Join(out, "\n")
}

// decodeTransfer undoes a Content-Transfer-Encoding leniently. An unknown
// encoding, and a "base64" body that is plainly not base64, are taken as
// they are.
func decodeTransfer(b []byte, cte string) []byte {
	switch headerWord(cte) {
	case "base64":
		if looksBase64(b) {
			return decodeBase64(b)
		}
	case "quoted-printable":
		return decodeQP(b)
	}
	return b
}

// isBase64 reports the characters of the base64 alphabet (RFC 2045 §6.8).
func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}

// looksBase64 reports a body that is base64 apart from a few stray
// characters: encoded lines hold no spaces, and prose mislabelled as
// base64 does.
func looksBase64(b []byte) bool {
	stray := 0
	for _, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if bytes.ContainsAny(line, " \t") {
			return false
		}
		for _, c := range line {
			if !isBase64(c) && c != '=' {
				stray++
			}
		}
	}
	return stray <= len(b)/100+1
}

// decodeBase64 decodes base64, skipping whitespace and stray characters.
// Padding may be missing, or appear mid-body where encoded chunks were
// concatenated.
func decodeBase64(b []byte) []byte {
	var out, chunk []byte
	flush := func() {
		if len(chunk)%4 == 1 {
			chunk = chunk[:len(chunk)-1]
		}
		dst := make([]byte, base64.RawStdEncoding.DecodedLen(len(chunk)))
		n, _ := base64.RawStdEncoding.Decode(dst, chunk)
		out = append(out, dst[:n]...)
		chunk = chunk[:0]
	}
	for _, c := range b {
		switch {
		case isBase64(c):
			chunk = append(chunk, c)
		case c == '=' && len(chunk) > 0:
			flush()
		}
	}
	flush()
	return out
}

// decodeQP decodes quoted-printable (RFC 2045 §6.7) leniently: a "=" that
// starts no escape stays as it is, and every other byte passes through
// (Go's reader stops at the first control character).
func decodeQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		line, rest, hasNL := bytes.Cut(b, []byte("\n"))
		b = rest
		line = bytes.TrimRight(line, " \t\r")
		soft := bytes.HasSuffix(line, []byte("="))
		if soft {
			line = line[:len(line)-1]
		}
		for i := 0; i < len(line); i++ {
			if line[i] == '=' && i+2 < len(line) && isHexDigit(line[i+1]) && isHexDigit(line[i+2]) {
				out = append(out, unhex(line[i+1])<<4|unhex(line[i+2]))
				i += 2
				continue
			}
			out = append(out, line[i])
		}
		if hasNL && !soft {
			out = append(out, '\n')
		}
	}
	return out
}

// isHexDigit reports a hex digit, either case.
func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unhex returns the value of a hex digit.
func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
