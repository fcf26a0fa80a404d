package preread

import "time"

// DigestTo says who receives a team's daily digest.
type DigestTo string

// Who a digest goes to: the whole team (members and manager), the manager
// alone, or a list of addresses in the directory (Team.DigestList).
const (
	DigestToTeam    DigestTo = "team"
	DigestToManager DigestTo = "manager"
	DigestToList    DigestTo = "list"
)

// Team is a group whose members answer the daily prompt and share a digest.
type Team struct {
	ID         int64
	Name       string
	Manager    string   // address of the manager
	Members    []string // addresses of the members
	TimeZone   *time.Location
	DigestAt   Clock    // local time of the team's digest
	Workdays   Weekdays // days the digest goes out
	DigestTo   DigestTo
	DigestList []string // recipients when DigestTo is DigestToList
	Active     bool
}

// Recipients lists the addresses the team's digest goes to.
func (t Team) Recipients() []string {
	switch t.DigestTo {
	case DigestToManager:
		return []string{t.Manager}
	case DigestToList:
		return append([]string(nil), t.DigestList...)
	}
	seen := map[string]bool{}
	var out []string
	for _, a := range append([]string{t.Manager}, t.Members...) {
		if a != "" && !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}
