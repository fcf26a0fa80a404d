package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/internal/loopback"
)

// sentMail is one email the SMTP server received, as the demo's people
// see it in their inbox.
type sentMail struct {
	Seq       int // 1, 2, … in the order sent
	Kind      preread.EmailKind
	To        string
	Period    string // the outbox's period: a day, a pair and meeting, …
	MessageID string // with angle brackets
	From      string // preread <preread@corp.example>
	FromName  string // "preread"
	ReplyTo   string
	Envelope  string // MAIL FROM: where auto-replies and bounces go
	Subject   string
	Date      time.Time
	Text      string // the plain-text part
	File      string // the .eml's base name, without the extension
}

// keep reads one received message, finds out from the outbox what it was,
// and writes it out as .eml (the bytes received) and .html (its HTML part).
func (w *week) keep(ctx context.Context, m loopback.Message) (*sentMail, error) {
	s := &sentMail{Seq: len(w.sent) + 1}
	text, htm, h, err := mimeParts(m.Data)
	if err != nil {
		return nil, fmt.Errorf("read sent email %d: %w", s.Seq, err)
	}
	id, err := h.MessageID()
	if err != nil || id == "" {
		return nil, fmt.Errorf("sent email %d has no Message-ID", s.Seq)
	}
	s.MessageID = "<" + id + ">"
	e, err := w.svc.SentEmail(ctx, s.MessageID)
	if err != nil {
		return nil, err
	}
	s.Kind, s.To, s.Period, s.Text, s.Envelope = e.Kind, e.To, e.Period, text, m.From
	s.Subject, _ = h.Subject()
	s.Date, _ = h.Date()
	if from, err := h.AddressList("From"); err == nil && len(from) == 1 {
		// As mail programs show it in an attribution line, unquoted.
		s.From, s.FromName = from[0].Name+" <"+from[0].Address+">", from[0].Name
	}
	if rt, err := h.AddressList("Reply-To"); err == nil && len(rt) == 1 {
		s.ReplyTo = rt[0].Address
	}
	local, _, _ := strings.Cut(s.To, "@")
	s.File = fmt.Sprintf("%03d-%s-%s", s.Seq, s.Kind, local)
	if err := os.WriteFile(filepath.Join(w.dir, s.File+".eml"), m.Data, 0o644); err != nil {
		return nil, fmt.Errorf("write %s.eml: %w", s.File, err)
	}
	if err := os.WriteFile(filepath.Join(w.dir, s.File+".html"), []byte(htm), 0o644); err != nil {
		return nil, fmt.Errorf("write %s.html: %w", s.File, err)
	}
	return s, nil
}

// mimeParts returns the header and the decoded text and HTML parts of a
// message.
func mimeParts(raw []byte) (text, htm string, h mail.Header, err error) {
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil {
		return "", "", h, err
	}
	h = mail.Header{Header: e.Header}
	err = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil {
			return err
		}
		media, _, _ := part.Header.ContentType()
		if media != "text/plain" && media != "text/html" {
			return nil
		}
		body, err := io.ReadAll(part.Body)
		if err != nil {
			return err
		}
		if media == "text/plain" && text == "" {
			text = string(body)
		} else if media == "text/html" && htm == "" {
			htm = string(body)
		}
		return nil
	})
	return strings.ReplaceAll(text, "\r\n", "\n"), htm, h, err
}

// last finds the latest email of a kind sent to someone; for a pre-read,
// the one about the given report.
func (w *week) last(kind preread.EmailKind, to, report string) (*sentMail, error) {
	for i := len(w.sent) - 1; i >= 0; i-- {
		s := w.sent[i]
		if s.Kind != kind || s.To != to {
			continue
		}
		if report != "" && !strings.HasPrefix(s.Period, to+":"+report+"/") {
			continue
		}
		return s, nil
	}
	return nil, fmt.Errorf("demo script: %s has no %s to answer at %s", to, kind, w.now.Format(time.RFC3339))
}

// write lays out one step's email as the author's mail program would and
// returns its bytes and Message-ID.
func (w *week) write(ctx context.Context, s timedStep) ([]byte, string, error) {
	client := s.mailClient()
	if s.act == outsider {
		raw, id := compose(client, draft{fromName: s.name, from: s.address(), to: w.mailbox.Address,
			subject: s.subject, date: s.at, body: s.body})
		return raw, id, nil
	}
	person, ok := w.people.Person(s.address())
	if !ok {
		return nil, "", fmt.Errorf("demo script: no %s in the directory", s.address())
	}
	dr := draft{fromName: person.Name, from: person.Email, date: s.at.In(person.TimeZone), body: s.body, signature: writers[s.who].signature}
	var err error
	switch s.act {
	case answerPrompt, autoReply:
		dr.replyTo, err = w.last(preread.KindPrompt, person.Email, "")
	case answerPreread:
		dr.replyTo, err = w.last(preread.KindPreread, person.Email, s.about+"@corp.example")
	case answerQuestion:
		dr.replyTo, err = w.last(preread.KindQuestion, person.Email, "")
	case answerFollowup:
		dr.replyTo, err = w.last(preread.KindFollowup, person.Email, s.about+"@corp.example")
	case writeAgenda, forwardAgenda:
		var token string
		token, err = w.svc.Token(ctx, person.Email)
		dr.to, dr.subject, dr.forward = digest.AddressesFor(w.mailbox, token).Agenda, s.subject, s.forward
	case command:
		var token string
		token, err = w.svc.Token(ctx, person.Email)
		addr := digest.AddressesFor(w.mailbox, token)
		dr.to, dr.subject, dr.signature = addr.Status, s.subject, ""
		if strings.HasPrefix(s.subject, "NOTEBOOK") {
			dr.to = addr.Agenda
		}
	default:
		err = errors.New("demo script: unknown act")
	}
	if err != nil {
		return nil, "", err
	}
	if r := dr.replyTo; r != nil {
		dr.to, dr.subject = r.ReplyTo, client.replyPrefix+r.Subject
	}
	if s.act == autoReply {
		// An auto-reply goes to the envelope sender, not to Reply-To
		// (RFC 3834 §4): the recipient's bounce address. It carries no
		// signature.
		dr.to, dr.signature = dr.replyTo.Envelope, ""
	}
	raw, id := compose(client, dr)
	return raw, id, nil
}
