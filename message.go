package preread

import "time"

// Outcome is what became of an inbound message.
type Outcome string

// A message is filed, rejected (unknown or unauthenticated sender, auto-reply),
// failed (unparseable, too large) or ignored (nothing to file, no reply due).
const (
	OutcomeFiled    Outcome = "filed"
	OutcomeRejected Outcome = "rejected"
	OutcomeFailed   Outcome = "failed"
	OutcomeIgnored  Outcome = "ignored"
)

// Processed is the result of one inbound message: its outcome and what it
// files. It is committed in one transaction, so a message is either wholly
// filed or not at all.
type Processed struct {
	Key         string // Message-ID, or "sha256:…" of the raw bytes when it has none
	UIDValidity uint32
	UID         uint32
	Sender      string      // the From address
	Kind        AddressKind // what the message was (status, agenda, reply); the store derives it from what is filed when empty
	Outcome     Outcome
	Reason      string // why it was rejected, failed or ignored

	Status *StatusEntry // Status, Agenda, Note and MeetingNote: at most one is set
	Agenda *AgendaItem
	Note   *Note
	Done   *Done // items a reply to a pre-read or a follow-up closes (with or without a Note)
	// A reply on a pair: action items it raises (the store gives them
	// their A-numbers), those it closes (DONE A3), and the notes of the
	// meeting (a reply to a follow-up).
	Actions      []ActionItem
	CloseActions *CloseActions
	MeetingNote  *MeetingNote
	Calendar     []CalendarUpdate // calendar invitations accepted for pairs
	Command      *Command         // a command by email (AWAY, BACK, SKIP, PAUSE, RESUME) or an out-of-office's away, applied when it is Done
	Due          *ReplyDue        // a reply the message calls for: help, or a manager's question on to the report
	Reply        *Rendered        // Due, rendered; recorded with the message
}

// MessageKind is what the message was: as mailin said, or else what it
// filed.
func (p Processed) MessageKind() AddressKind {
	switch {
	case p.Kind != AddressNone:
		return p.Kind
	case p.Status != nil:
		return AddressStatus
	case p.Agenda != nil:
		return AddressAgenda
	case p.Note != nil, p.MeetingNote != nil, len(p.Actions) > 0, p.CloseActions != nil:
		return AddressReply
	case len(p.Calendar) > 0:
		return AddressCalendar
	}
	return AddressNone
}

// Rendered is an outgoing email rendered to MIME once, ready for the outbox.
type Rendered struct {
	Email     Email
	MessageID string // "<…>", in Raw's header
	Raw       []byte
}

// Done closes agenda items by the numbers a meeting's pre-read gave them
// ("DONE 2, 5" in a reply).
type Done struct {
	Manager, Report string
	Meeting         time.Time
	Numbers         []int
	By              string // who closed them
}

// CloseActions closes a pair's action items by their A-numbers ("DONE A3"
// in a reply from either of the pair).
type CloseActions struct {
	Manager, Report string
	Numbers         []int
	By              string
}

// Outgoing is an email waiting in the outbox: its bytes as rendered once.
type Outgoing struct {
	ID        int64
	Kind      EmailKind
	To        string
	Token     string // the recipient's bounce token, for the envelope sender; "" when none
	MessageID string
	Raw       []byte
	Attempts  int
}

// Attempt counts the passes that began to read an inbox message and never
// recorded it: the process died while it was being read.
type Attempt struct {
	Tries int // passes that began to read it
	Alone int // of those, the ones that read it alone
}

// MoveRefusal is a result folder whose copies the server refuses (a full
// quota, no permission): its messages stay in the inbox, recorded but not
// moved, until a later try works.
type MoveRefusal struct {
	Folder   string
	Reason   string // the server's answer
	Attempts int    // refusals in a row
	Since    time.Time
	NextTry  time.Time
}
