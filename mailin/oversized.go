package mailin

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
)

// readOversized reads what it can of messages over the size limit, one at
// a time: their text parts, as the server's BODYSTRUCTURE shows them,
// without their attachments, which are listed by name. Attachments count
// toward the limit only for what is read, so a forward with a big file
// keeps its note and its text; a message whose text alone is over the
// limit fails unread.
func (s *Syncer) readOversized(ctx context.Context, c *imapclient.Client, validity uint32, uids []uint32, progress func(int), stats *Stats) error {
	for _, uid := range uids {
		t, err := s.fetchText(c, uid)
		if err != nil {
			return err
		}
		var p preread.Processed
		if t.ok {
			p, err = s.Processor.Process(ctx, t.raw, t.received)
		} else {
			p, err = s.Processor.TooBig(ctx, t.header, t.size, int64(s.maxSize()), t.received)
		}
		if err != nil {
			return fmt.Errorf("process uid %d: %w", uid, err)
		}
		p.UIDValidity, p.UID = validity, uid
		var moves map[string][]uint32
		if err := s.record(ctx, validity, []preread.Processed{p}, stats, func(m map[string][]uint32) { moves = m }); err != nil {
			return err
		}
		if err := newMover(s, c, validity, 0).move(ctx, moves); err != nil {
			return err
		}
		progress(1)
	}
	return nil
}

// textOnly is what fetchText got of an oversized message.
type textOnly struct {
	raw      []byte // the header and the text parts, as a message; nil when !ok
	ok       bool   // the text could be read: it is within the limit
	header   []byte // the message's header, as it is
	size     int64  // the whole message's size
	received time.Time
}

// fetchText fetches the header and the text parts of one message and puts
// them together as a message of their own; ok is false when its text is
// over the size limit or it has none to read.
func (s *Syncer) fetchText(c *imapclient.Client, uid uint32) (textOnly, error) {
	var t textOnly
	set := imap.UIDSetNum(imap.UID(uid))
	head := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
	msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true,
		BodyStructure: &imap.FetchItemBodyStructure{Extended: true}, BodySection: []*imap.FetchItemBodySection{head}}).Collect()
	if err != nil {
		return t, fmt.Errorf("fetch the structure of uid %d: %w", uid, err)
	}
	if len(msgs) == 0 {
		return t, nil
	}
	t.header, t.size, t.received = msgs[0].FindBodySection(head), msgs[0].RFC822Size, msgs[0].InternalDate
	if msgs[0].BodyStructure == nil {
		return t, nil
	}
	root := planPart(msgs[0].BodyStructure, nil, true)
	if root.textSize() == 0 || root.textSize() > int64(s.maxSize()) {
		return t, nil
	}
	sections := root.sections(nil)
	var got [][]byte
	if len(sections) > 0 {
		parts, err := c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: sections}).Collect()
		if err != nil {
			return t, fmt.Errorf("fetch the text of uid %d: %w", uid, err)
		}
		if len(parts) == 0 {
			return t, nil
		}
		for _, sec := range sections {
			got = append(got, parts[0].FindBodySection(sec))
		}
	}
	var b bytes.Buffer
	b.Write(withoutContentFields(t.header))
	root.write(&b, &got)
	t.raw, t.ok = b.Bytes(), true
	return t, nil
}

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

// planPart decides how each entity of bs is read; top says bs is the whole
// message, whose header is fetched apart.
func planPart(bs imap.BodyStructure, path []int, top bool) *partPlan {
	switch bs := bs.(type) {
	case *imap.BodyStructureMultiPart:
		p := &partPlan{path: path, media: bs.MediaType()}
		if bs.Extended != nil {
			p.params = bs.Extended.Params
		}
		for i, child := range bs.Children {
			p.children = append(p.children, planPart(child, append(append([]int{}, path...), i+1), false))
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
		case p.media == "message/rfc822" && bs.MessageRFC822 != nil: // a forward, attached or inline
			p.message = true
			body := p.path
			if _, multi := bs.MessageRFC822.BodyStructure.(*imap.BodyStructureMultiPart); !multi {
				body = append(append([]int{}, p.path...), 1)
			}
			p.children = []*partPlan{planPart(bs.MessageRFC822.BodyStructure, body, false)}
		case (p.media == "text/plain" || p.media == "text/html") && p.name == "" && disposition != "attachment":
			p.text = true
		}
		return p
	}
	return &partPlan{}
}

// textSize is the bytes the plan reads.
func (p *partPlan) textSize() int64 {
	if p.text {
		return p.size
	}
	var n int64
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
		out = append(out, &imap.FetchItemBodySection{Part: p.path, Specifier: imap.PartSpecifierHeader, Peek: true})
	}
	for _, c := range p.children {
		out = c.sections(out)
	}
	return out
}

// write writes the entity: its header fields, a blank line and its body,
// taking the fetched sections from got in order.
func (p *partPlan) write(b *bytes.Buffer, got *[][]byte) {
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
		p.children[0].write(b, got)
	case len(p.children) > 0:
		boundary := "preread-" + pathString(p.path)
		b.WriteString("Content-Type: " + mime.FormatMediaType(p.media, map[string]string{"boundary": boundary}) + "\r\n\r\n")
		for _, c := range p.children {
			b.WriteString("--" + boundary + "\r\n")
			c.write(b, got)
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
