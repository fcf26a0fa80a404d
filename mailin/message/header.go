package message

import (
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	gomessage "github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
)

// recipientFields are the header fields that name a recipient: the visible
// ones, then the ones MTAs add with the envelope recipient (GitLab routes
// by the same list).
var recipientFields = []string{"To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"}

// readHeader fills m's header fields from h. Only a missing or unreadable
// From is an error (a report from the null sender may have none): every
// other field degrades to empty.
func readHeader(m *Message, h gomessage.Header) error {
	from, err := parseFrom(h.Values("From"))
	if errors.Is(err, errNoFrom) && fromNullSender(h) {
		from, err = &mail.Address{}, nil
	}
	if err != nil {
		return err
	}
	m.From = from
	m.Header = h.Map()
	m.ReplyTo = addressHeader(h, "Reply-To")
	m.To = addressHeader(h, "To")
	m.Cc = addressHeader(h, "Cc")
	m.Subject = headerText(h, "Subject")
	m.Date = parseDate(h.Get("Date"))
	if ids := parseMsgIDs(h.Get("Message-Id")); len(ids) > 0 {
		m.MessageID = ids[0]
	}
	m.InReplyTo = parseMsgIDs(strings.Join(h.Values("In-Reply-To"), " "))
	m.References = parseMsgIDs(strings.Join(h.Values("References"), " "))
	m.Recipients = recipients(h)
	return nil
}

// errNoFrom is the error for a message without a From field.
var errNoFrom = errors.New("no From address")

// fromNullSender reports a message sent from the null reverse-path: an empty
// Return-Path, or a delivery report (RFC 3464 reports come from it), so
// that a missing From means the mail system.
func fromNullSender(h gomessage.Header) bool {
	if rp := h.Values("Return-Path"); len(rp) > 0 && strings.Trim(rp[0], "<> \t") == "" {
		return true
	}
	media, _, _ := strings.Cut(strings.ToLower(h.Get("Content-Type")), ";")
	media = strings.TrimSpace(media)
	return media == "multipart/report" || media == "message/delivery-status"
}

// parseFrom returns the first mailbox of the From field, its address in
// lower case. A null sender ("<>", RFC 5321 §4.5.5) and a bare local part
// ("MAILER-DAEMON") are accepted: bounces use them, and such an address
// never matches a person.
func parseFrom(values []string) (*mail.Address, error) {
	v := strings.TrimSpace(strings.Join(values, ", "))
	if v == "" {
		return nil, errNoFrom
	}
	addressList := parseAddressList(v)
	if len(addressList) == 0 {
		name, addr, ok := looseMailbox(v)
		if !ok {
			return nil, fmt.Errorf("malformed From: %s", quoteShort(v))
		}
		addressList = []*mail.Address{{Name: name, Address: addr}}
	}
	a := addressList[0]
	return &mail.Address{Name: a.Name, Address: strings.ToLower(a.Address)}, nil
}

var (
	angleAddrRE = regexp.MustCompile(`<\s*([^<>\s]*)\s*>`)
	bareAddrRE  = regexp.MustCompile(`[^\s<>"(),;:\[\]]+@[^\s<>"(),;:\[\]]+`)
	localPartRE = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+\-/=?^_{|}~.]+$`)
	alnumRE     = regexp.MustCompile(`[A-Za-z0-9]`)
)

// looseMailbox finds a mailbox in an address that RFC 5322 parsing
// rejected: an angle address (even "<>" or one without a domain), an
// addr-spec anywhere in the text, or a lone word taken as a local part.
func looseMailbox(s string) (name, addr string, ok bool) {
	if m := angleAddrRE.FindStringSubmatchIndex(s); m != nil {
		name = decodeWords(strings.Trim(strings.TrimSpace(s[:m[0]]), `"' `))
		return name, s[m[2]:m[3]], true
	}
	if a := bareAddrRE.FindString(s); a != "" {
		return "", a, true
	}
	if t := strings.TrimSpace(s); localPartRE.MatchString(t) && alnumRE.MatchString(t) {
		return "", t, true
	}
	return "", "", false
}

// addressHeader parses every value of an address field, keeping the
// addresses that can be read and dropping the rest.
func addressHeader(h gomessage.Header, key string) []*mail.Address {
	var out []*mail.Address
	for _, v := range h.Values(key) {
		out = append(out, parseAddressList(v)...)
	}
	return out
}

// parseAddressList parses an address list strictly first, then piece by
// piece, so that one broken address does not lose the others.
func parseAddressList(v string) []*mail.Address {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	if l, err := gomail.ParseAddressList(v); err == nil {
		return validAddrs(l)
	}
	var out []*mail.Address
	for _, piece := range splitAddresses(v) {
		if a, err := gomail.ParseAddress(piece); err == nil {
			out = append(out, a)
		} else if name, addr, ok := looseMailbox(piece); ok && addr != "" {
			out = append(out, &mail.Address{Name: name, Address: addr})
		}
	}
	return validAddrs(out)
}

// validAddrs drops empty addresses and makes names valid UTF-8.
func validAddrs(l []*mail.Address) []*mail.Address {
	out := l[:0]
	for _, a := range l {
		if a == nil || a.Address == "" {
			continue
		}
		a.Name = oneLine(a.Name)
		a.Address = oneLine(a.Address)
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// splitAddresses splits an address list at the commas and semicolons that
// are outside quotes, comments and angle brackets.
func splitAddresses(v string) []string {
	var (
		out          []string
		start, depth int
		quoted, esc  bool
	)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case esc:
			esc = false
		case c == '\\':
			esc = true
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(' || c == '<':
			depth++
		case (c == ')' || c == '>') && depth > 0:
			depth--
		case (c == ',' || c == ';') && depth == 0:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// recipients lists every address from the recipient fields, lower case,
// each once, in the order seen.
func recipients(h gomessage.Header) []string {
	var out []string
	seen := map[string]bool{}
	for _, key := range recipientFields {
		for _, a := range addressHeader(h, key) {
			addr := strings.ToLower(a.Address)
			if !seen[addr] {
				seen[addr] = true
				out = append(out, addr)
			}
		}
	}
	return out
}

// headerText returns a field decoded from RFC 2047 words, on one line and
// valid UTF-8. An unknown charset leaves the word as written.
func headerText(h gomessage.Header, key string) string {
	v, _ := h.Text(key)
	return oneLine(v)
}

// decodeWords decodes RFC 2047 encoded words, leaving the text as it was
// when they can't be decoded.
func decodeWords(s string) string {
	d := mime.WordDecoder{CharsetReader: gomessage.CharsetReader}
	if out, err := d.DecodeHeader(s); err == nil {
		return out
	}
	return s
}

// oneLine makes a header value one line of valid UTF-8 without NULs.
func oneLine(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "\r\n\x00") {
		s = lineBreaks.Replace(s)
	}
	return strings.TrimSpace(s)
}

// lineBreaks joins a header value's lines and drops NULs.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\x00", "")

var (
	msgIDRE      = regexp.MustCompile(`<([^<>]*)>`)
	msgIDSplitRE = regexp.MustCompile(`[\s,;]+`)
)

// parseMsgIDs returns the message IDs in a Message-ID, In-Reply-To or
// References value, each once and in angle brackets. IDs may be separated
// by spaces, commas or newlines (Exchange and iOS put commas), and a value
// without brackets counts when it looks like an ID (has an "@").
func parseMsgIDs(v string) []string {
	var ids []string
	if strings.Contains(v, "<") {
		for _, m := range msgIDRE.FindAllStringSubmatch(v, -1) {
			if id := strings.Join(strings.Fields(m[1]), ""); id != "" {
				ids = append(ids, id)
			}
		}
	} else {
		for _, tok := range msgIDSplitRE.Split(v, -1) {
			if strings.Contains(tok, "@") {
				ids = append(ids, tok)
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		id = "<" + oneLine(id) + ">"
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// dateLayouts are the Date forms net/mail rejects that clients still send.
var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700 MST",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 Jan 06 15:04 -0700",
	"2 Jan 2006 15:04:05 MST",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon Jan 2 15:04:05 -0700 2006",
	"Mon, 2 Jan 2006 15:04:05",
	"2006-01-02 15:04:05 -0700",
	time.RFC3339,
}

var dateCommentRE = regexp.MustCompile(`\([^)]*\)`)

// parseDate parses a Date field leniently; the zero time means unknown.
func parseDate(v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	// The form nearly every client writes, tried alone first: net/mail
	// tries its layouts in turn and builds an error for each miss.
	if t, err := time.Parse("Mon, _2 Jan 2006 15:04:05 -0700", v); err == nil {
		return t
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	v = strings.Join(strings.Fields(dateCommentRE.ReplaceAllString(v, "")), " ")
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	return time.Time{}
}

// quoteShort quotes s for an error message, cut to a readable length.
func quoteShort(s string) string {
	const max = 60
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// contentType is a part's media type, read leniently.
type contentType struct {
	media  string            // lower case; text/plain when missing (RFC 2045 §5.2)
	params map[string]string // parameter names in lower case
}

// charset returns the charset parameter in lower case.
func (ct contentType) charset() string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(ct.params["charset"]), `"'`))
}

var looseParamRE = regexp.MustCompile(`(?i)\b(charset|boundary|name|filename|format|delsp)\s*=\s*(?:"([^"]*)"?|([^;\s]+))`)

// readContentType returns the Content-Type of a part. When the field is
// malformed it keeps the media type and the parameters it can find.
func readContentType(h gomessage.Header, digest bool) contentType {
	def := "text/plain"
	if digest {
		def = "message/rfc822"
	}
	v := strings.TrimSpace(h.Get("Content-Type"))
	if v == "" {
		return contentType{media: def, params: map[string]string{}}
	}
	if media, params, err := h.ContentType(); err == nil {
		return contentType{media: strings.ToLower(media), params: params}
	}
	media, rest, _ := strings.Cut(v, ";")
	media = strings.ToLower(strings.Join(strings.Fields(media), ""))
	if !strings.Contains(media, "/") {
		media = def
	}
	return contentType{media: media, params: looseParams(rest)}
}

// looseParams picks the parameters Parse uses out of a malformed field.
func looseParams(s string) map[string]string {
	params := map[string]string{}
	for _, m := range looseParamRE.FindAllStringSubmatch(s, -1) {
		key := strings.ToLower(m[1])
		if _, dup := params[key]; !dup {
			params[key] = decodeWords(m[2] + m[3])
		}
	}
	return params
}

// headerWord returns the value before any parameters or comment, in lower
// case.
func headerWord(v string) string {
	v, _, _ = strings.Cut(v, ";")
	v, _, _ = strings.Cut(v, "(")
	return strings.ToLower(strings.TrimSpace(v))
}

// isAttachment reports a Content-Disposition of attachment.
func isAttachment(h gomessage.Header) bool {
	v := strings.ToLower(strings.TrimSpace(h.Get("Content-Disposition")))
	return strings.HasPrefix(v, "attachment")
}

// fileName returns a part's file name: the Content-Disposition filename,
// else the Content-Type name (RFC 2047 and RFC 2231 decoded).
func fileName(h gomessage.Header, ct contentType) string {
	var name string
	if v := h.Get("Content-Disposition"); v != "" {
		if _, params, err := h.ContentDisposition(); err == nil {
			name = params["filename"]
		} else {
			name = looseParams(v)["filename"]
		}
	}
	if name == "" {
		name = ct.params["name"]
	}
	return oneLine(name)
}
