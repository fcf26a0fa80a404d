package message

import (
	"bytes"
	"io"
	"strings"

	"github.com/emersion/go-message/textproto"
)

// maxDepth bounds how deep Parse follows nested multiparts and attached
// messages; parts below it are ignored.
const maxDepth = 20

// forwardMarker starts a forwarded message in Text, as Gmail writes it.
const forwardMarker = "---------- Forwarded message ---------"

// partText is the text one MIME entity contributes to Message.Text.
type partText struct {
	text   string
	html   bool   // some of text came from HTML
	source string // HTML not turned into text yet: only done if this part is chosen
}

// resolve turns a pending HTML part into text.
func (w *partWalker) resolve(p partText) partText {
	if p.source != "" {
		return makePartText(htmlText(p.source, w.clock), true)
	}
	return p
}

// partWalker collects what a walk over the MIME tree skips, within the
// clock's deadline.
type partWalker struct {
	attachments []string
	calendars   [][]byte // iCalendar parts, decoded
	clock       *clock
}

// part returns the text of one MIME entity: a text part decoded, a
// multipart's chosen or joined parts, an attached message as a forward.
// Anything else is an attachment, recorded and skipped. digest is true
// inside multipart/digest, where parts are messages by default (RFC 2046
// §5.1.5).
func (w *partWalker) part(h partHeader, raw []byte, depth int, digest bool) partText {
	return w.resolve(w.entity(h, body{raw: raw}, depth, digest))
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
func (w *partWalker) entity(h partHeader, b body, depth int, digest bool) partText {
	if depth > maxDepth || w.clock.expired() {
		return partText{}
	}
	ct := readContentType(h, digest)
	name := fileName(h, ct)
	switch {
	case strings.HasPrefix(ct.media, "multipart/"):
		return w.multipart(ct, b.bytes(), depth)
	case ct.media == "message/rfc822" || ct.media == "message/global":
		return w.forwarded(decodeTransfer(b.bytes(), h.Get("Content-Transfer-Encoding")), depth)
	case isCalendar(ct.media, name):
		w.calendar(b, h.Get("Content-Transfer-Encoding"))
		w.attach(name, ct.media)
		return partText{}
	case isAttachment(h) || name != "" || (!isPlain(ct.media) && ct.media != "text/html"):
		w.attach(name, ct.media)
		return partText{}
	}
	isHTML := ct.media == "text/html"
	data := toUTF8(decodeTransfer(b.bytes(), h.Get("Content-Transfer-Encoding")), ct.charset(), isHTML)
	if isHTML {
		return partText{html: true, source: string(data)}
	}
	text := normalizeText(string(data))
	if strings.EqualFold(ct.params.get("format"), "flowed") {
		text = unflow(text, strings.EqualFold(ct.params.get("delsp"), "yes"))
	}
	return makePartText(text, false)
}

// MaxText is the most text a body gives: what a person writes is far
// shorter, and what follows this much is quotes and attachments, which
// would only cost the trimmer time and the database space.
const MaxText = 1 << 20

// makePartText returns the cleaned text, cut to MaxText at a line break,
// or nothing when it is blank.
func makePartText(text string, html bool) partText {
	text = normalizeText(cutText(text))
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
	if boundary := ct.params.get("boundary"); boundary != "" {
		mr := textproto.NewMultipartReader(bytes.NewReader(raw), boundary)
		for {
			p, err := mr.NextPart()
			if err != nil {
				break // io.EOF, or a broken boundary: keep what was read
			}
			h := &p.Header
			if ct.media == "multipart/alternative" && hasPlain(parts) && isHTMLLeaf(h) {
				// The plain part found wins: this HTML is never read.
				parts = append(parts, partText{html: true})
				continue
			}
			parts = append(parts, w.entity(h, body{r: p}, depth+1, ct.media == "multipart/digest"))
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
		return w.firstText(parts)
	case "multipart/related":
		return w.firstText(parts)
	}
	var texts []string
	var out partText
	for _, p := range parts {
		if p = w.resolve(p); p.text != "" {
			texts = append(texts, p.text)
			out.html = out.html || p.html
		}
	}
	out.text = strings.Join(texts, "\n\n")
	return out
}

// hasPlain reports a part with plain text: the one an alternative takes.
func hasPlain(parts []partText) bool {
	for _, p := range parts {
		if p.text != "" && !p.html {
			return true
		}
	}
	return false
}

// isHTMLLeaf reports an HTML part that entity would read as the text of
// the message (not an attachment).
func isHTMLLeaf(h partHeader) bool {
	ct := readContentType(h, false)
	return ct.media == "text/html" && !isAttachment(h) && fileName(h, ct) == ""
}

// firstText returns the first part with text.
func (w *partWalker) firstText(parts []partText) partText {
	for _, p := range parts {
		if p = w.resolve(p); p.text != "" {
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
		if v := headerText(h.Get(key)); v != "" {
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

// cutText cuts s to at most MaxText bytes, at the last line break before
// the limit when there is one.
func cutText(s string) string {
	if len(s) <= MaxText {
		return s
	}
	s = s[:MaxText]
	if i := strings.LastIndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return strings.ToValidUTF8(s, "")
}

// isPlain reports plain text: text/plain, and the "application/plain" or
// "x-text/plain" some clients write for it (a signed message's body among
// them); a named part of any type stays an attachment.
func isPlain(media string) bool {
	_, sub, _ := strings.Cut(media, "/")
	return media == "text/plain" || sub == "plain"
}
