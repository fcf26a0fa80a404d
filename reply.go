package preread

import "time"

// ReplyKind names a reply that an inbound message calls for.
type ReplyKind string

// The replies mailin can ask for. Each goes only to a known, authenticated
// person, never to a stranger or a machine.
const (
	ReplyHowToTag   ReplyKind = "how-to-tag"  // mail with no tag: how to tag it
	ReplyOnlyQuote  ReplyKind = "only-quote"  // a reply with nothing but the quoted email: write above it
	ReplyConfirm    ReplyKind = "confirm"     // a command by email: what it did, or why it could not
	ReplyNotice     ReplyKind = "notice"      // mail that could not be used (an old token, too big): why
	ReplyNameReport ReplyKind = "name-report" // an agenda item that fits no single pair: how to name the report
	ReplyQuestion   ReplyKind = "question"    // a manager's note on a pre-read, on to the report
	ReplyNotebook   ReplyKind = "notebook"    // NOTEBOOK: the pair's notebook, to the pair member who asked
	ReplyCalendar   ReplyKind = "calendar"    // an invitation that fits no single 1:1 of the sender's: why
	ReplyFollows    ReplyKind = "follows"     // the first invitation of a pair: what preread follows now
)

// ReplyDue is a reply that one inbound message calls for. mailin says which
// reply is due and to whom; digest writes its words; it is rendered and
// recorded in the same transaction as the message.
type ReplyDue struct {
	Kind    ReplyKind
	To      string    // the recipient, an address of the directory
	Problem string    // why the message was not filed (the help replies)
	Answers Answered  // the inbound message, so the reply threads under it
	Note    *Note     // the question passed on (ReplyQuestion)
	Command *Command  // the command confirmed (ReplyConfirm), or the notebook asked for (ReplyNotebook)
	Meeting time.Time // the meeting the question is about; zero when unknown
	Follows *Follows  // what the first invitation of a pair set (ReplyFollows)
	At      time.Time // when the message was read
}

// Answered is what a reply needs of the message it answers.
type Answered struct {
	Key        string // the message's key in the database
	MessageID  string // "<…>"; "" when absent
	Subject    string
	References []string
}

// Follows is what a pair's first calendar invitation set, for its
// confirmation: the series as the invitation writes it, and the meeting
// that comes next.
type Follows struct {
	Pair  string    // the pair's key
	Rule  string    // the series' RRULE as written; "" for a single meeting
	First time.Time // the series' first start (DTSTART), in its time zone
	Next  Meeting   // the next meeting from when the invitation was read; zero when none
}
