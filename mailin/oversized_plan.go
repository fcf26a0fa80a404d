package mailin

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"mime"
	"strconv"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// partPlan is one entity of a message as preread reads it from its
// structure: a text part to fetch, a multipart of entities, an attached
// message with its header and body, or a skipped attachment.
type partPlan struct {
	path     []int
	media    string // type/subtype, lower case
	params   map[string]string
	name     string // a skipped attachment's file name
	encoding string // a text part's Content-Transfer-Encoding
	size     int64
	text     bool        // fetched: its MIME header and its bytes
	children []*partPlan // a multipart's parts, or an attached message's body
	message  bool        // message/rfc822: its header is fetched, then its body
}

// maxPlanDepth is how deep in nested parts text is looked for; deeper
// entities are listed, not read.
const maxPlanDepth = 16

// planPart decides how each entity of bs is read; top says bs is the whole
// message, whose header is fetched apart. left is how many more sections
// may be fetched: past it, text parts and attached messages are listed.
func planPart(bs imap.BodyStructure, path []int, top bool, left *int) *partPlan {
	if len(path) > maxPlanDepth {
		return &partPlan{path: path, media: "application/octet-stream"}
	}
	switch bs := bs.(type) {
	case *imap.BodyStructureMultiPart:
		p := &partPlan{path: path, media: bs.MediaType()}
		if bs.Extended != nil {
			p.params = bs.Extended.Params
		}
		for i, child := range bs.Children {
			p.children = append(p.children, planPart(child, append(append([]int{}, path...), i+1), false, left))
		}
		return p
	case *imap.BodyStructureSinglePart:
		p := &partPlan{path: path, media: strings.ToLower(bs.Type + "/" + bs.Subtype), params: bs.Params,
			size: int64(bs.Size), name: bs.Filename(), encoding: bs.Encoding}
		if top {
			p.path = []int{1}
		}
		disposition := ""
		if d := bs.Disposition(); d != nil {
			disposition = strings.ToLower(d.Value)
		}
		switch {
		case *left <= 0: // listed, not read
		case p.media == "message/rfc822" && bs.MessageRFC822 != nil: // a forward, attached or inline
			p.message = true
			*left--
			body := p.path
			if _, multi := bs.MessageRFC822.BodyStructure.(*imap.BodyStructureMultiPart); !multi {
				body = append(append([]int{}, p.path...), 1)
			}
			p.children = []*partPlan{planPart(bs.MessageRFC822.BodyStructure, body, false, left)}
		case (p.media == "text/plain" || p.media == "text/html") && p.name == "" && disposition != "attachment":
			p.text = true
			*left--
		}
		return p
	}
	return &partPlan{}
}

// textSize is the bytes the plan reads, an attached message's header
// counted at the most that is read of it.
func (p *partPlan) textSize() int64 {
	if p.text {
		return p.size
	}
	var n int64
	if p.message {
		n = maxNestedHeader
	}
	for _, c := range p.children {
		n += c.textSize()
	}
	return n
}

// sections lists what to fetch, in the order write uses it.
func (p *partPlan) sections(out []*imap.FetchItemBodySection) []*imap.FetchItemBodySection {
	switch {
	case p.text:
		out = append(out, &imap.FetchItemBodySection{Part: p.path, Peek: true})
	case p.message:
		out = append(out, &imap.FetchItemBodySection{Part: p.path, Specifier: imap.PartSpecifierHeader, Peek: true,
			Partial: &imap.SectionPartial{Size: maxNestedHeader}})
	}
	for _, c := range p.children {
		out = c.sections(out)
	}
	return out
}

// write writes the entity: its header fields, a blank line and its body,
// taking the fetched sections from got in order. nonce makes the
// boundaries ones no text part can hold by chance or by design.
func (p *partPlan) write(b *bytes.Buffer, got *[][]byte, nonce string) {
	next := func() []byte {
		if len(*got) == 0 {
			return nil
		}
		v := (*got)[0]
		*got = (*got)[1:]
		return v
	}
	switch {
	case p.text: // its header from the structure: the bytes are as the server keeps them
		b.WriteString("Content-Type: " + mime.FormatMediaType(p.media, p.params) + "\r\n")
		if p.encoding != "" {
			b.WriteString("Content-Transfer-Encoding: " + p.encoding + "\r\n")
		}
		b.WriteString("\r\n")
		b.Write(next())
	case p.message:
		b.WriteString("Content-Type: message/rfc822\r\n\r\n")
		b.Write(withoutContentFields(next()))
		p.children[0].write(b, got, nonce)
	case len(p.children) > 0:
		boundary := "preread-" + nonce + "-" + pathString(p.path)
		b.WriteString("Content-Type: " + mime.FormatMediaType(p.media, map[string]string{"boundary": boundary}) + "\r\n\r\n")
		for _, c := range p.children {
			b.WriteString("--" + boundary + "\r\n")
			c.write(b, got, nonce)
			b.WriteString("\r\n")
		}
		b.WriteString("--" + boundary + "--\r\n")
	default: // a skipped attachment: its name and type, no bytes
		name := p.name
		if name == "" {
			name = p.media
		}
		b.WriteString("Content-Type: " + mime.FormatMediaType(p.media, nil) + "\r\n")
		b.WriteString("Content-Disposition: " + mime.FormatMediaType("attachment", map[string]string{"filename": name}) + "\r\n\r\n")
	}
}

// withoutContentFields drops a header's Content-Type and
// Content-Transfer-Encoding fields (and their continuation lines), which
// the entity written after it states anew; the blank line that ends the
// header goes too.
func withoutContentFields(header []byte) []byte {
	var out []byte
	skip := false
	for _, line := range bytes.SplitAfter(header, []byte("\n")) {
		trimmed := bytes.TrimRight(line, "\r\n")
		switch {
		case len(trimmed) == 0:
			continue
		case trimmed[0] == ' ' || trimmed[0] == '\t':
			if skip {
				continue
			}
		default:
			name, _, _ := bytes.Cut(trimmed, []byte(":"))
			n := strings.ToLower(strings.TrimSpace(string(name)))
			skip = n == "content-type" || n == "content-transfer-encoding" || n == "mime-version"
			if skip {
				continue
			}
		}
		out = append(out, line...)
	}
	return out
}

func pathString(path []int) string {
	parts := make([]string, len(path))
	for i, n := range path {
		parts[i] = strconv.Itoa(n)
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "-")
}

// boundaryNonce is the word for the boundaries of one message rebuilt
// from its header and fetched sections, made from a hash of them: text in
// the message can't foresee it, and the same message read again is
// rebuilt to the same bytes, so one without a Message-ID keeps its key (a
// hash of those bytes) and a second delivery is known as one.
func boundaryNonce(header []byte, sections [][]byte) string {
	h := sha256.New()
	h.Write(header)
	for _, s := range sections {
		h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(s))))
		h.Write(s)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
