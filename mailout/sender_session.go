package mailout

import (
	"fmt"
	"strings"
	"time"

	"github.com/preread/preread"
	"github.com/wneessen/go-mail/smtp"
)

// relayTimeout bounds each exchange with the relay, as Relay.Client does
// for the dial.
const relayTimeout = 30 * time.Second

// session is one SMTP connection to the relay, logged in and reused for a
// batch of emails.
type session struct {
	c    *smtp.Client
	stop func() bool // stops closing the connection when ctx ends
	lost bool        // the connection broke or the relay is closing it

	// What the relay offers (EHLO): PIPELINING (RFC 2920), 8BITMIME
	// (RFC 6152), SMTPUTF8 (RFC 6531).
	pipelining, eightBit, utf8 bool
}

// send runs one mail transaction: MAIL FROM the envelope sender, RCPT TO
// the email's one recipient, DATA with the stored bytes. go-mail's
// smtp.Client runs each command as its own round trip; where the relay
// offers PIPELINING the three commands go out together (RFC 2920 §3.1),
// so an email costs two round trips instead of four. A refused
// transaction is reset so the session can take the next email; after a
// network error or a 421 the session is marked lost.
func (s *session) send(envelope string, o preread.Outgoing) *SendError {
	if err := s.c.UpdateDeadline(relayTimeout); err != nil {
		s.lost = true
		return sendError("deadline", err)
	}
	steps := []step{
		{"mail from", "MAIL FROM:<" + envelope + ">" + s.mailParams(envelope, o), 250},
		{"rcpt to", "RCPT TO:<" + o.To + ">", 25},
		{"data", "DATA", 354},
	}
	refused, dataOpen := s.exchange(steps)
	if s.lost {
		return refused
	}
	if refused != nil {
		s.abort(dataOpen)
		return refused
	}
	// The dot-writer escapes leading dots (RFC 5321 §4.5.2) and ends the
	// data; the bytes are otherwise written as rendered, headers included.
	t := s.c.Text
	w := t.DotWriter()
	if _, err := w.Write(o.Raw); err != nil {
		s.lost = true // mid-DATA: the session can't be resynchronised
		return sendError("data", err)
	}
	if err := w.Close(); err != nil {
		s.lost = true
		return sendError("data", err)
	}
	// Whatever the reply, it ends the transaction (RFC 5321 §4.1.1.4):
	// the next MAIL needs no RSET.
	if _, _, err := t.ReadResponse(250); err != nil {
		se := sendError("data", err)
		s.lost = se.sessionLost()
		return se
	}
	return nil
}

// step is one SMTP command and the reply code that means it went well.
type step struct {
	name, line string
	code       int
}

// exchange sends the commands, all at once when the relay pipelines,
// else one at a time stopping at the first refusal. It returns the first
// refusal and whether the relay said 354 to DATA all the same, which
// leaves it waiting for a message. A network error marks the session lost.
func (s *session) exchange(steps []step) (refused *SendError, dataOpen bool) {
	t := s.c.Text
	for i, st := range steps {
		if _, err := t.W.WriteString(st.line + "\r\n"); err != nil {
			s.lost = true
			return sendError(st.name, err), false
		}
		if s.pipelining && i < len(steps)-1 {
			continue
		}
		if err := t.W.Flush(); err != nil {
			s.lost = true
			return sendError(st.name, err), false
		}
		from := i
		if s.pipelining {
			from = 0
		}
		for _, rs := range steps[from : i+1] {
			_, _, err := t.ReadResponse(rs.code)
			if err == nil {
				dataOpen = dataOpen || rs.code == 354
				continue
			}
			se := sendError(rs.name, err)
			if se.sessionLost() {
				s.lost = true
				return se, false
			}
			if refused == nil {
				refused = se
			}
		}
		if refused != nil {
			return refused, dataOpen
		}
	}
	return nil, dataOpen
}

// abort ends a refused transaction: an empty message if the relay
// nonetheless waits for one (RFC 2920 §3.1), then RSET.
func (s *session) abort(dataOpen bool) {
	t := s.c.Text
	if dataOpen {
		if err := t.PrintfLine("."); err != nil {
			s.lost = true
			return
		}
		if _, _, err := t.ReadResponse(0); err != nil && sendError("data", err).sessionLost() {
			s.lost = true
			return
		}
	}
	if err := s.c.Reset(); err != nil {
		s.lost = true
	}
}

// mailParams are the MAIL FROM parameters the email needs: BODY=8BITMIME
// for 8-bit bytes (RFC 6152), SMTPUTF8 for a non-ASCII address (RFC 6531),
// each only when the relay offers it; go-mail's Render writes 7-bit MIME,
// so usually none.
func (s *session) mailParams(envelope string, o preread.Outgoing) string {
	var p string
	if s.eightBit && !isASCII(o.Raw) {
		p += " BODY=8BITMIME"
	}
	if s.utf8 && (!isASCII([]byte(envelope)) || !isASCII([]byte(o.To))) {
		p += " SMTPUTF8"
	}
	return p
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// close says QUIT when the session is still sound, else just drops the
// connection.
func (s *session) close() error {
	s.stop()
	if s.lost {
		return s.c.Close()
	}
	_ = s.c.UpdateDeadline(relayTimeout)
	if err := s.c.Quit(); err != nil {
		_ = s.c.Close()
		return err
	}
	return nil
}

// validPath rejects an address that can't go on a MAIL FROM or RCPT TO
// line (RFC 5321 §4.1.2); the directory should never hold one, but a
// session must not be lost to it.
func validPath(addr string) *SendError {
	if addr == "" || strings.ContainsAny(addr, "\r\n<> ") {
		return &SendError{Permanent: true, Err: fmt.Errorf("address %q: not a mailbox", addr)}
	}
	return nil
}
