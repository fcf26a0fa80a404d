package preread

import "time"

// EmailKind names what an outgoing email is for.
type EmailKind string

// The kinds of email preread sends.
const (
	KindWelcome  EmailKind = "welcome"
	KindPrompt   EmailKind = "prompt"
	KindDigest   EmailKind = "digest"
	KindPreread  EmailKind = "preread"
	KindQuestion EmailKind = "question"
	KindHelp     EmailKind = "help"
	KindToken    EmailKind = "token"
)

// Email is the content of one outgoing message, before it is rendered to
// MIME. Key (kind, recipient, period) makes each one unique in the outbox.
type Email struct {
	Kind       EmailKind
	To         string // one recipient from the directory
	Period     string // what it is for: a date, a meeting instant, a message ID
	Subject    string
	Text       string // plain text body
	HTML       string // HTML body, already escaped
	ReplyTo    string
	InReplyTo  string
	References []string
	Date       time.Time
}
