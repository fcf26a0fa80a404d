package digest

import (
	"time"

	"github.com/preread/preread"
)

// TeamDay is everything the team digest of one workday shows.
type TeamDay struct {
	Team    preread.Team
	Date    preread.Date // the workday, in the team's time zone
	Members []Member     // in the order the digest lists them
	// FirstAsked is when the first prompt this digest answers was queued:
	// a prompt queued since the team's previous digest. Zero when nobody
	// was asked: then there is no digest (a quiet day).
	FirstAsked time.Time

	// views keeps the digest as written for each time zone, for all
	// readers in it: copies share it; nil (a TeamDay built by hand)
	// writes it for each reader.
	views *digestViews
}

// Quiet reports whether none of the team was asked for this digest: it is
// not sent.
func (d TeamDay) Quiet() bool { return d.FirstAsked.IsZero() }

// Member is one person's part of a team digest.
type Member struct {
	Person        preread.Person
	Asked         bool                  // had a prompt for this digest: missing when they did not reply
	Away          bool                  // on leave that day: shown as away, not missing
	Entries       []preread.StatusEntry // that day's replies, oldest first (someone may reply twice)
	BlockerStreak int                   // workdays in a row, ending this day, with a blocker reported
}

// Meeting is everything a 1:1 pre-read shows.
type Meeting struct {
	Pair    preread.Pair
	Manager preread.Person
	Report  preread.Person
	Start   time.Time             // when the meeting starts
	At      time.Time             // what names the meeting (preread.Meeting.At); Start when zero
	Last    time.Time             // the pair's previous meeting; zero when there was none
	Items   []Item                // the report's open agenda items, numbered
	Status  []preread.StatusEntry // the report's status entries since Last, oldest first
	Notes   []preread.Note        // notes and questions on the pair since Last, oldest first
	Week    int                   // rotates the suggested questions when the agenda is empty

	Now       time.Time             // when the pre-read is made: an action item due before its day is overdue
	Actions   []Action              // the pair's open action items, by A-number
	LastNotes []preread.MeetingNote // the notes of the latest meeting before Start that has any
	Closed    []preread.AgendaItem  // the report's agenda items the manager closed since the last pre-read
}

// name is what names the meeting in periods and the store.
func (m Meeting) name() time.Time {
	if m.At.IsZero() {
		return m.Start
	}
	return m.At
}

// Action is an open action item as a pre-read lists it, with its age: the
// meetings it has stayed open through.
type Action struct {
	preread.ActionItem
	Age int
}

// Item is an open agenda item as a pre-read lists it. Number is what the
// manager or report writes after DONE to close it.
type Item struct {
	preread.AgendaItem
	Number int
	New    bool // raised since the last meeting; else carried over Carried meetings
}
