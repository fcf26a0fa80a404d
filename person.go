package preread

import (
	"strings"
	"time"
)

// Person is someone in the directory: a team member, a manager or both.
type Person struct {
	ID        int64
	Email     string // canonical address, lower case
	Name      string
	Aliases   []string // other addresses they send from, lower case
	TimeZone  *time.Location
	Workdays  Weekdays
	Away      []DateRange
	PromptAt  Clock // local time of the daily prompt
	PrereadAt Clock // local time of pre-reads, as a manager
	Active    bool  // false once removed from the config; history stays
	Paused    bool  // the person sent PAUSE: no prompts until RESUME
}

// Addresses lists the person's main address followed by their aliases.
func (p Person) Addresses() []string {
	return append([]string{p.Email}, p.Aliases...)
}

// Calendar is the person's working calendar given the organisation's holidays.
func (p Person) Calendar(holidays []Date) Calendar {
	return Calendar{Location: p.TimeZone, Workdays: p.Workdays, Holidays: holidays, Away: p.Away}
}

// FirstName is the part of the name used to greet the person.
func (p Person) FirstName() string {
	if f, _, ok := strings.Cut(strings.TrimSpace(p.Name), " "); ok {
		return f
	}
	if p.Name != "" {
		return p.Name
	}
	local, _, _ := strings.Cut(p.Email, "@")
	return local
}

// CanonicalAddress folds an email address for lookups: addresses are
// compared case-insensitively throughout preread.
func CanonicalAddress(addr string) string {
	return strings.ToLower(strings.TrimSpace(addr))
}
