package mailin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
)

// Bounds on what is read of one oversized message, whatever its
// structure claims.
const (
	maxTopHeader     = 64 << 10 // its header; a longer one fails the message
	maxNestedHeader  = 16 << 10 // an attached message's header, cut at a line
	maxTextSections  = 64       // text parts and attached headers; the rest are listed
	sectionsPerFetch = 16       // sections asked for in one FETCH
)

// readOversized reads what it can of messages over the size limit, one at
// a time: their text parts, as the server's BODYSTRUCTURE shows them,
// without their attachments, which are listed by name. Attachments count
// toward the limit only for what is read, so a forward with a big file
// keeps its note and its text; a message whose text alone is over the
// limit fails unread. Each is read alone and noted as begun first, so one
// the process dies on twice is failed unread; one the server refuses to
// give is failed with the server's answer, and the rest go on.
func (s *Syncer) readOversized(ctx context.Context, c *imapclient.Client, validity uint32, uids []uint32, progress func(int), stats *Stats) error {
	if len(uids) == 0 {
		return nil
	}
	attempts, err := s.Filer.Attempts(ctx, validity)
	if err != nil {
		return err
	}
	var dead []uint32
	for _, uid := range uids {
		if attempts[uid].Alone >= maxAloneDeaths {
			dead = append(dead, uid)
			continue
		}
		if err := s.Filer.StartAttempts(ctx, validity, []uint32{uid}, true); err != nil {
			return err
		}
		p, gone, err := s.readLarge(ctx, c, validity, uid)
		if busy(err) {
			return s.endBusy(ctx, validity, []uint32{uid}, true, err)
		}
		if refused := (*imap.Error)(nil); errors.As(err, &refused) {
			s.Log.Warn("the server would not give an oversized message", "uid", uid, "uidvalidity", validity, "err", err)
			p, err = refusedMessage(validity, uid, refusal(refused)), nil
		}
		if err != nil {
			return fmt.Errorf("uid %d: %w", uid, err)
		}
		if gone { // expunged meanwhile by another client
			if err := s.Filer.DropAttempts(ctx, validity, []uint32{uid}); err != nil {
				return err
			}
			continue
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
	return s.failDead(ctx, c, validity, dead, progress, stats)
}

// refusedMessage is the result for a message the server would not give.
func refusedMessage(validity, uid uint32, refusal string) preread.Processed {
	p := unread(validity, uid, &imapclient.FetchMessageBuffer{})
	p.Reason = "the server would not give this message: " + refusal
	return p
}

// refusal is the server's NO or BAD as a reason: its code and text, on
// one line and short.
func refusal(e *imap.Error) string {
	text := string(e.Type)
	if e.Code != "" {
		text += " [" + string(e.Code) + "]"
	}
	text = strings.Join(strings.Fields(text+" "+e.Text), " ")
	if len(text) > 200 {
		text = text[:200]
	}
	return text
}

// readLarge decides one oversized message: from its header when that
// decides it (machine mail, a stranger), else from its text parts, else
// as too big; gone says the message is no longer there. The structure is
// asked for only once the header has not decided: the server's
// BODYSTRUCTURE of what anyone sends is where a client's parser is most
// likely to fail (go-imap closes the connection on a part it can't read).
func (s *Syncer) readLarge(ctx context.Context, c *imapclient.Client, validity, uid uint32) (p preread.Processed, gone bool, err error) {
	set := imap.UIDSetNum(imap.UID(uid))
	head := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true,
		Partial: &imap.SectionPartial{Size: maxTopHeader + 1}}
	msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true, Envelope: true,
		BodySection: []*imap.FetchItemBodySection{head}}).Collect()
	if err != nil {
		return p, false, fmt.Errorf("fetch the header: %w", err)
	}
	if len(msgs) == 0 {
		return p, true, nil
	}
	m := msgs[0]
	header, size, received := m.FindBodySection(head), m.RFC822Size, m.InternalDate
	if len(header) > maxTopHeader {
		p = unread(validity, uid, m)
		p.Reason = fmt.Sprintf("its header is over %d KiB", maxTopHeader>>10)
		return p, false, nil
	}
	if p, decided, err := s.Processor.FromHeader(ctx, header, received); err != nil || decided {
		return p, false, err
	}
	structure, err := c.Fetch(set, &imap.FetchOptions{UID: true, BodyStructure: &imap.FetchItemBodyStructure{Extended: true}}).Collect()
	if err != nil {
		return p, false, fmt.Errorf("fetch the structure: %w", err)
	}
	if len(structure) == 0 {
		return p, true, nil
	}
	limit := int64(s.maxSize())
	if structure[0].BodyStructure == nil {
		p, err = s.Processor.TooBig(ctx, header, size, limit, received)
		return p, false, err
	}
	left := maxTextSections
	root := planPart(structure[0].BodyStructure, nil, true, &left)
	if root.textSize()+int64(len(header)) > limit { // the text alone is too big; an attachment alone is listed

		p, err = s.Processor.TooBig(ctx, header, size, limit, received)
		return p, false, err
	}
	got, err := fetchSections(c, set, root.sections(nil))
	if err != nil {
		return p, false, err
	}
	if got == nil {
		return p, true, nil
	}
	var b bytes.Buffer
	b.Write(withoutContentFields(header))
	root.write(&b, &got, boundaryNonce(header, got))
	p, err = s.Processor.Process(ctx, b.Bytes(), received)
	return p, false, err
}

// fetchSections fetches sections of one message, a few at a time, in
// order; nil says the message is gone.
func fetchSections(c *imapclient.Client, set imap.UIDSet, sections []*imap.FetchItemBodySection) ([][]byte, error) {
	got := [][]byte{}
	for _, part := range chunks(sections, sectionsPerFetch) {
		msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: part}).Collect()
		if err != nil {
			return nil, fmt.Errorf("fetch the text: %w", err)
		}
		if len(msgs) == 0 {
			return nil, nil
		}
		for _, sec := range part {
			b := msgs[0].FindBodySection(sec)
			if sec.Partial != nil {
				b = wholeLines(b, int(sec.Partial.Size))
			}
			got = append(got, b)
		}
	}
	return got, nil
}

// wholeLines cuts a header fetched in part back to its last whole line
// when it filled the part: the rest of it is not read.
func wholeLines(b []byte, asked int) []byte {
	if len(b) < asked {
		return b
	}
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return nil
}
