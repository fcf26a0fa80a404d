package mailout

import (
	"errors"
	"fmt"
	"net/textproto"
	"strings"
)

// SendError is why the relay did not take one email. Permanent is set for
// a 5xx reply (RFC 5321 §4.2.1): the relay refused the email and sending
// the same bytes again will not change its mind. Anything else — a 4xx
// reply, a network error, a dropped connection, a relay that can't be
// reached — is temporary and worth retrying later (mox smtpclient.Error,
// maddy's IsTemporary).
type SendError struct {
	Permanent bool
	Code      int // the SMTP reply code (451, 550); 0 for a network error
	Err       error
}

// Error returns the relay's reply as it sent it ("550 5.1.1 user
// unknown"), or the network error with the step it interrupted.
func (e *SendError) Error() string {
	var reply *textproto.Error
	switch {
	case errors.As(e.Err, &reply):
		return fmt.Sprintf("%03d %s", reply.Code, reply.Msg) // textproto quotes Msg
	case e.Err == nil:
		return fmt.Sprintf("smtp reply %03d", e.Code)
	}
	return e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *SendError) Unwrap() error { return e.Err }

// reason is the error on one line, as the outbox keeps it.
func (e *SendError) reason() string {
	return strings.Join(strings.Fields(e.Error()), " ")
}

// sendError classifies err from one step of an SMTP session (mail from,
// rcpt to, data, dial). A reply from the relay keeps its code; anything
// else is a temporary network error named after the step.
func sendError(step string, err error) *SendError {
	var se *SendError
	if errors.As(err, &se) {
		return se
	}
	var reply *textproto.Error
	if errors.As(err, &reply) {
		return &SendError{Permanent: reply.Code >= 500 && reply.Code < 600, Code: reply.Code, Err: reply}
	}
	return &SendError{Err: fmt.Errorf("%s: %w", step, err)}
}

// sessionLost reports whether the SMTP session can't be used after e: a
// network or protocol error, or 421, which says the relay is closing the
// connection (RFC 5321 §3.8).
func (e *SendError) sessionLost() bool {
	return e.Code < 400 || e.Code == 421
}
