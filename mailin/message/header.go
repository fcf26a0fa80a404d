package message

import (
	"errors"
	"mime"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gomessage "github.com/emersion/go-message"
)

// readHeader fills m's header fields from h. Only a missing or unreadable
// From is an error (a report from the null sender may have none): every
// other field degrades to empty.
func readHeader(m *Message, h fieldList) error {
	m.Header = h.byName()
	from, err := parseFrom(m.Header["From"])
	if errors.Is(err, errNoFrom) && fromNullSender(m.Header) {
		from, err = &mail.Address{}, nil
	}
	if err != nil {
		return err
	}
	m.From = from
	m.ReplyTo = addressHeader(m.Header["Reply-To"])
	m.To = addressHeader(m.Header["To"])
	m.Cc = addressHeader(m.Header["Cc"])
	m.Subject = headerText(h.Get("Subject"))
	m.Date = parseDate(h.Get("Date"))
	if ids := parseMsgIDs(h.Get("Message-Id")); len(ids) > 0 {
		m.MessageID = ids[0]
	}
	m.InReplyTo = parseMsgIDs(strings.Join(m.Header["In-Reply-To"], " "))
	m.References = parseMsgIDs(strings.Join(m.Header["References"], " "))
	m.Recipients = recipients(m)
	return nil
}

// errNoFrom is the error for a message without a From field.
var errNoFrom = errors.New("no From address")

// fromNullSender reports a message sent from the null reverse-path: an empty
// Return-Path, or a delivery report (RFC 3464 reports come from it), so
// that a missing From means the mail system. byName is the header by
// canonical name.
func fromNullSender(byName map[string][]string) bool {
	if rp := byName["Return-Path"]; len(rp) > 0 && strings.Trim(rp[0], "<> \t") == "" {
		return true
	}
	var ct string
	if v := byName["Content-Type"]; len(v) > 0 {
		ct = v[0]
	}
	media, _, _ := strings.Cut(strings.ToLower(ct), ";")
	media = strings.TrimSpace(media)
	return media == "multipart/report" || media == "message/delivery-status"
}

// headerText returns a field's value decoded from RFC 2047 words, on one
// line and valid UTF-8. An unknown charset leaves the word as written.
func headerText(v string) string {
	return oneLine(decodeWords(v))
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

// oneLine makes a header value one line of valid UTF-8 without control
// characters (a tab becomes a space), so that nothing copied from it into
// a reply's header, a log or a terminal carries a line break or an escape.
func oneLine(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "\r\n\x00") {
		s = lineBreaks.Replace(s)
	}
	if hasControl(s) {
		s = strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return ' '
			case unicode.IsControl(r):
				return -1
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

// hasControl reports C0 and C1 control characters and DEL, quickly: C1
// characters start with the byte 0xC2 in UTF-8.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c == 0xc2 && i+1 < len(s) && s[i+1] < 0xa0 {
			return true
		}
	}
	return false
}

// lineBreaks joins a header value's lines and drops NULs.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\x00", "")

// parseMsgIDs returns the message IDs in a Message-ID, In-Reply-To or
// References value, each once and in angle brackets. IDs may be separated
// by spaces, commas or newlines (Exchange and iOS put commas), and a value
// without brackets counts when it looks like an ID (has an "@"). An ID
// that is not one (RFC 5322 §3.6.4: printable ASCII with an "@") is
// dropped: our replies copy these into their headers.
func parseMsgIDs(v string) []string {
	var ids msgIDs
	if strings.Contains(v, "<") {
		// each <…> that holds no other bracket, spaces (folding) removed
		for rest := v; ; {
			open := strings.IndexByte(rest, '<')
			if open < 0 {
				break
			}
			bracketed := rest[open:]
			rest = rest[open+1:]
			end := strings.IndexAny(rest, "<>")
			if end < 0 {
				break
			}
			if rest[end] == '>' {
				if id := stripSpace(rest[:end]); len(id) == end {
					ids.add(id, bracketed[:end+2]) // as written: no copy
				} else if id != "" {
					ids.add(id, "")
				}
				rest = rest[end+1:]
			}
		}
	} else {
		for _, id := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
			ids.add(id, "")
		}
	}
	return ids.list
}

// msgIDs collects message IDs, each once.
type msgIDs struct {
	list []string
	seen map[string]bool // made once the list is long: comparing each with every other costs n²
}

// add adds id, "<"+id+">" when bracketed is "", when it is valid and new.
func (ids *msgIDs) add(id, bracketed string) {
	if !validMsgID(id) {
		return
	}
	if bracketed == "" {
		bracketed = "<" + id + ">"
	}
	if ids.seen == nil && len(ids.list) < 16 {
		if !slices.Contains(ids.list, bracketed) {
			ids.list = append(ids.list, bracketed)
		}
		return
	}
	if ids.seen == nil {
		ids.seen = make(map[string]bool, 2*len(ids.list))
		for _, x := range ids.list {
			ids.seen[x] = true
		}
	}
	if !ids.seen[bracketed] {
		ids.seen[bracketed] = true
		ids.list = append(ids.list, bracketed)
	}
}

// stripSpace is s without its white space.
func stripSpace(s string) string {
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	return strings.Join(strings.Fields(s), "")
}

// maxMsgID bounds the length of a message ID we keep; real ones are far
// shorter.
const maxMsgID = 512

// validMsgID reports an ID of printable ASCII, without brackets or
// spaces, with an "@" that has something on each side.
func validMsgID(id string) bool {
	at := strings.LastIndexByte(id, '@')
	if at <= 0 || at == len(id)-1 || len(id) > maxMsgID {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' {
			return false
		}
	}
	return true
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
