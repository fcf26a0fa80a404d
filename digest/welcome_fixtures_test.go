package digest

import (
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
)

// welcomeDir is the directory the welcomes are written for: Carol manages
// Alice (New York, who gets a copy of her pre-reads) and Bob, and is in no
// team; Alice and Bob are the Platform team, whose digest goes to them, to
// Carol and to Priya in London, who only reads it.
func welcomeDir() preread.Directory {
	london := mailtest.Zone("Europe/London")
	priya := person("priya@corp.example", "Priya Natarajan", london)
	people := []preread.Person{carol, alice, bob, priya}
	for i := range people {
		people[i].PromptAt, people[i].PrereadAt = preread.Clock{Hour: 9}, preread.Clock{Hour: 16}
	}
	weekly := func(rule string) preread.MeetingRule {
		r, err := preread.ParseMeetingRule(rule, berlin)
		if err != nil {
			panic(err)
		}
		return r
	}
	return preread.Directory{
		People: people,
		Teams: []preread.Team{{Name: "Platform", Manager: carol.Email, TimeZone: berlin, DigestAt: preread.Clock{Hour: 11},
			Workdays: preread.DefaultWorkdays, Members: []string{alice.Email, bob.Email},
			DigestTo: preread.DigestToList, DigestList: []string{carol.Email, alice.Email, bob.Email, priya.Email}}},
		Pairs: []preread.Pair{
			{Manager: carol.Email, Report: alice.Email, Meets: weekly("weekly tue 10:00"), TimeZone: berlin, PrereadTo: preread.PrereadToBoth},
			{Manager: carol.Email, Report: bob.Email, Meets: weekly("weekly thu 14:30"), TimeZone: berlin, PrereadTo: preread.PrereadToManager},
		},
	}
}

// welcomeNow is when the welcomes are written: Sunday 6 Dec 2026, noon in Berlin.
var welcomeNow = time.Date(2026, time.December, 6, 12, 0, 0, 0, berlin)

// welcomeAddr are the addresses of a person whose token is k3v9x2m4q8w7r5t6.
var welcomeAddr = AddressesFor(preread.Mailbox{Address: "preread@corp.example", Separator: "+"}, "k3v9x2m4q8w7r5t6")

// welcomeOf renders the welcome of the person with this address in welcomeDir.
func welcomeOf(email string) func() preread.Email {
	return func() preread.Email {
		dir := welcomeDir()
		p, _ := dir.Person(email)
		return Welcome(dir, p, welcomeAddr.WithCalendar("m7q2calendar4xyz"), welcomeNow, time.Time{})
	}
}
