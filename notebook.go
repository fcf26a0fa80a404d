package preread

import (
	"fmt"
	"strings"
	"time"
)

// StatusEntry is one person's status for one workday, from their reply to
// the daily prompt.
type StatusEntry struct {
	ID        int64
	Person    string // address
	Date      Date   // the workday, in the author's time zone
	Text      string // the whole trimmed reply
	Yesterday string // sections, when the author used them; else ""
	Today     string
	Blockers  string // "" when none
	MessageID string
	Created   time.Time
}

// Category groups agenda items in the pre-read.
type Category string

// The agenda categories, in the order the pre-read shows them.
const (
	CategoryGrowth   Category = "growth"
	CategoryFeedback Category = "feedback"
	CategoryHelp     Category = "help"
	CategoryOffer    Category = "offer"
	CategoryIdea     Category = "idea"
	CategoryOther    Category = "other"
)

// Categories lists every category in display order.
var Categories = []Category{CategoryGrowth, CategoryFeedback, CategoryHelp, CategoryOffer, CategoryIdea, CategoryOther}

// ParseCategory reads a category name, case-insensitively.
func ParseCategory(s string) (Category, error) {
	c := Category(strings.ToLower(strings.TrimSpace(s)))
	for _, k := range Categories {
		if c == k {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown category %q: use growth, feedback, help, offer, idea or other", s)
}

// ItemState is where an agenda item stands.
type ItemState string

// An item is open until the manager or report closes it (DONE), or until it
// is dropped.
const (
	ItemOpen    ItemState = "open"
	ItemDone    ItemState = "done"
	ItemDropped ItemState = "dropped"
)

// AgendaItem is a topic for a pair's next 1:1.
type AgendaItem struct {
	ID        int64
	Manager   string // the pair
	Report    string
	From      string // who filed it
	Category  Category
	Subject   string
	Text      string
	Note      string     // what the forwarder wrote above a forward
	Forwarded *Forwarded // the original, when the item was forwarded
	State     ItemState
	Carried   int // how many meetings it has been carried over
	MessageID string
	Created   time.Time
	Closed    time.Time // when it was closed; zero while open
	ClosedBy  string    // who closed it (DONE n); "" while open
}

// Forwarded describes the original message of a forwarded agenda item.
type Forwarded struct {
	From    string
	Date    string
	Subject string
}

// Note is a manager's note or question on a pair, or the report's answer.
type Note struct {
	ID        int64
	Manager   string
	Report    string
	From      string
	Text      string
	MessageID string
	Created   time.Time
}

// ActionState is where an action item stands.
type ActionState string

// An action item is open until a pair member closes it (DONE A3).
const (
	ActionOpen ActionState = "open"
	ActionDone ActionState = "done"
)

// ActionItem is something one of a pair agreed to do: "ACTION Alice: send
// the draft by Fri" in a reply. Number is the pair's A-number (A3): given
// once, never reused.
type ActionItem struct {
	ID        int64
	Manager   string // the pair
	Report    string
	Number    int
	From      string // who wrote it
	Owner     string // who does it: the manager or the report
	Text      string
	Due       Date      // zero when none was given
	Meeting   time.Time // the 1:1 it was agreed at; zero when unknown
	State     ActionState
	MessageID string
	Created   time.Time
	Closed    time.Time // zero while open
	ClosedBy  string
}

// Overdue reports whether the item is open and its due day is before today.
func (a ActionItem) Overdue(today Date) bool {
	return a.State == ActionOpen && !a.Due.IsZero() && a.Due.Before(today)
}

// MeetingNote is what one of a pair wrote of a 1:1 in reply to its
// follow-up: what they talked about and want to keep.
type MeetingNote struct {
	ID        int64
	Manager   string
	Report    string
	From      string
	Meeting   time.Time // the 1:1 the note is about
	Text      string
	MessageID string
	Created   time.Time
}

// MeetingRecord is a 1:1 a pre-read was made for, and the agenda items it
// listed, by number.
type MeetingRecord struct {
	Manager string
	Report  string
	Start   time.Time
	Items   map[int]int64 // number to agenda item ID
}

// Notebook is what has been filed: everyone's status and every pair's
// agenda, notes, action items, meeting notes and meetings, as `preread
// export` prints it.
type Notebook struct {
	Status       []StatusEntry
	Agenda       []AgendaItem
	Notes        []Note
	Actions      []ActionItem
	MeetingNotes []MeetingNote
	Meetings     []MeetingRecord
}
