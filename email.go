package preread

import (
	"strings"
	"time"
)

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
	KindConfirm  EmailKind = "confirm"  // the answer to a command by email
	KindFollowup EmailKind = "followup" // after a 1:1: what did you agree?
	KindNotebook EmailKind = "notebook" // a pair's notebook, asked for by NOTEBOOK
	KindReview   EmailKind = "review"   // the review pre-read, before a performance review
	// Calendar: what preread now follows (the first invitation of a
	// pair), and a meeting moved or cancelled after its pre-read went.
	KindFollows   EmailKind = "follows"
	KindMoved     EmailKind = "moved"
	KindCancelled EmailKind = "cancelled"
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
	Files      []Attachment // sent as attachments beside the text and HTML
}

// Attachment is a file an email carries.
type Attachment struct {
	Name        string // the file name the reader sees
	ContentType string // "text/markdown; charset=utf-8"
	Data        []byte
}

// PairPeriod is the period of an email about one pair, "MANAGER:REPORT/WHAT":
// a pre-read names the meeting, a question the note it carries. A reply to
// the email is then filed on that pair.
func PairPeriod(pairKey, what string) string { return pairKey + "/" + what }

// ParsePairPeriod undoes PairPeriod.
func ParsePairPeriod(s string) (manager, report, what string, ok bool) {
	key, what, ok := strings.Cut(s, "/")
	if !ok {
		return "", "", "", false
	}
	manager, report, ok = ParsePairKey(key)
	return manager, report, what, ok
}
