package digest

import (
	"fmt"
	"time"

	"github.com/preread/preread"
)

// The notebook fixtures: what Carol and Alice agreed at their 1:1s, the
// notes they kept, and six months of history for the review pre-read.

// action is an action item of Carol and Alice's pair.
func action(n int, owner preread.Person, text string, due preread.Date, created time.Time) preread.ActionItem {
	return preread.ActionItem{Manager: carol.Email, Report: alice.Email, Number: n, From: carol.Email, Owner: owner.Email,
		Text: text, Due: due, State: preread.ActionOpen, Created: created, MessageID: fmt.Sprintf("<action-%d@corp.example>", n)}
}

// dec2 is when the notebook is asked for: Wed 2 Dec 2026, 11:00 Berlin.
var dec2 = time.Date(2026, time.December, 2, 11, 0, 0, 0, berlin)

func nov(d int) preread.Date { return preread.Date{Year: 2026, Month: time.November, Day: d} }

// notebookMeeting is the pre-read of Carol and Alice's 1:1 on Tue 24 Nov,
// made on Mon 23 Nov at 16:00: one action item overdue, one new, one
// open for two meetings; the notes of the 1:1 on Tue 17 Nov; and an item of
// Alice's that Carol closed since the last pre-read.
func notebookMeeting() Meeting {
	m := fullMeeting()
	m.Items = m.Items[:3]
	m.Now = at(23, 16, 0)
	m.Actions = []Action{
		{action(1, alice, "Send the staging access request to Infra, with the ticket number", nov(20), at(10, 10, 40)), 2},
		{action(3, carol, "Ask the payments team for their two suggestions in writing", preread.Date{}, at(17, 10, 35)), 0},
		{action(4, alice, "Draft the conference talk abstract", nov(27), at(17, 10, 36)), 0},
	}
	m.LastNotes = []preread.MeetingNote{
		{Manager: carol.Email, Report: alice.Email, From: carol.Email, Meeting: at(17, 10, 0), Created: at(17, 10, 40),
			Text: "We agreed that the staging access is the top blocker and that Alice escalates it if nothing happens by Friday.\n\n" +
				"The conference talk: yes, in principle, if the abstract is ready by the 27th. We also talked at length about the " +
				"on-call rota for December, who covers which week, how the handover works across the two time zones, and whether " +
				"the runbooks are good enough for someone who has never been on call for the billing jobs before; we did not settle it."},
		{Manager: carol.Email, Report: alice.Email, From: alice.Email, Meeting: at(17, 10, 0), Created: at(17, 11, 5),
			Text: "From my side: I'll bring the design docs for the staff engineer conversation."},
	}
	closed := item(9, preread.CategoryFeedback, alice, false, 1, "How did my demo go?", "How did my demo go last week?").AgendaItem
	closed.State, closed.Closed, closed.ClosedBy = preread.ItemDone, at(18, 9, 30), carol.Email
	m.Closed = []preread.AgendaItem{closed}
	return m
}

// afterMeeting is the follow-up of that 1:1, at 10:30: three items listed,
// one closed during the meeting; two action items open.
func afterMeeting() AfterMeeting {
	m := fullMeeting()
	items := m.Items[:3]
	items[1].State = preread.ItemDone
	return AfterMeeting{Pair: m.Pair, Manager: carol, Report: alice, Start: at(24, 10, 0), Now: at(24, 10, 30),
		Items: items, Actions: []preread.ActionItem{
			action(1, alice, "Send the staging access request to Infra", nov(20), at(10, 10, 40)),
			action(3, carol, "Ask the payments team for their suggestions in writing", preread.Date{}, at(17, 10, 35)),
		}}
}

// history is Carol and Alice's notebook from Mon 1 Jun 2026 for the given
// number of weeks: a status every workday (a blocker every blockEvery
// days), an agenda item every itemEvery workdays in turn by category,
// a weekly 1:1 on Tuesday with an action item and a meeting note, and a
// question with its answer every fourth week.
func history(weeks, blockEvery, itemEvery int) preread.Notebook {
	var nb preread.Notebook
	start := preread.Date{Year: 2026, Month: time.June, Day: 1}
	n, actions := 0, 0
	for d := range weeks * 7 {
		day := start.AddDays(d)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		n++
		at := day.In(berlin, preread.Clock{Hour: 15})
		blocker := ""
		if n%blockEvery == 0 {
			blocker = fmt.Sprintf("Waiting for Infra on ticket INFRA-%d (staging database access).", 800+n)
		}
		nb.Status = append(nb.Status, preread.StatusEntry{Person: alice.Email, Date: day, Created: at,
			Yesterday: "Reviews and the outbox worker.", Today: fmt.Sprintf("Outbox worker, part %d: retries and parking.", n),
			Blockers: blocker, Text: "…", MessageID: fmt.Sprintf("<status-%d@corp.example>", n)})
		if n%itemEvery == 0 {
			cat := preread.Categories[(n/itemEvery)%len(preread.Categories)]
			it := preread.AgendaItem{ID: int64(n), Manager: carol.Email, Report: alice.Email, From: alice.Email, Category: cat,
				Subject: fmt.Sprintf("Topic %d: %s", n/itemEvery, cat), Text: "A few lines on what I'd like to talk about, and why now.",
				State: preread.ItemOpen, Created: at, MessageID: fmt.Sprintf("<item-%d@corp.example>", n)}
			switch (n / itemEvery) % 4 {
			case 0, 1:
				it.State, it.Closed, it.ClosedBy = preread.ItemDone, at.AddDate(0, 0, 4), carol.Email
			case 2:
				it.Carried = 2
			case 3:
				it.State = preread.ItemDropped
			}
			nb.Agenda = append(nb.Agenda, it)
		}
		if day.Weekday() == time.Tuesday {
			meeting := day.In(berlin, preread.Clock{Hour: 10})
			actions++
			owner := alice
			if actions%3 == 0 {
				owner = carol
			}
			a := action(actions, owner, fmt.Sprintf("Follow up on point %d of the last 1:1", actions), day.AddDays(3), meeting.Add(40*time.Minute))
			if actions%4 != 0 {
				a.State, a.Closed, a.ClosedBy = preread.ActionDone, meeting.AddDate(0, 0, 2), alice.Email
			}
			nb.Actions = append(nb.Actions, a)
			nb.MeetingNotes = append(nb.MeetingNotes, preread.MeetingNote{Manager: carol.Email, Report: alice.Email, From: carol.Email,
				Meeting: meeting, Created: meeting.Add(45 * time.Minute), Text: fmt.Sprintf("Week %d: we went through the agenda and agreed on next steps.", actions)})
			if actions%4 == 0 {
				nb.Notes = append(nb.Notes,
					preread.Note{Manager: carol.Email, Report: alice.Email, From: carol.Email, Created: meeting.Add(-20 * time.Hour),
						Text: "Can you bring numbers on the retries?"},
					preread.Note{Manager: carol.Email, Report: alice.Email, From: alice.Email, Created: meeting.Add(-18 * time.Hour),
						Text: "Yes: about 2% of sends retry once."})
			}
		}
	}
	return nb
}

// reviewBook is the review pre-read of Alice's review on Fri 15 Jan 2027
// over the given history, with her reviews on 2026-06-01 and 2027-01-15.
func reviewBook(nb preread.Notebook) PairBook {
	pair := meeting().Pair
	pair.Reviews = []preread.Date{{Year: 2026, Month: time.June, Day: 1}, {Year: 2027, Month: time.January, Day: 15}}
	period := preread.Period{Since: pair.Reviews[0], Until: pair.Reviews[1].AddDays(-1)}
	return PairBook{Pair: pair, Manager: carol, Report: alice, Period: period,
		Book: nb.Within(period, func(string) *time.Location { return berlin }),
		Now:  time.Date(2027, time.January, 14, 16, 0, 0, 0, berlin)}
}

// notebookBook is what NOTEBOOK since 2026-10-01 returns on Wed 2 Dec:
// the last nine weeks of a shorter history.
func notebookBook() PairBook {
	pair := meeting().Pair
	nb := history(26, 9, 6)
	period := preread.Period{Since: preread.Date{Year: 2026, Month: time.October, Day: 1}}
	return PairBook{Pair: pair, Manager: carol, Report: alice, Period: period,
		Book: nb.Within(period, func(string) *time.Location { return berlin }), Now: dec2}
}

// notebookDue is the NOTEBOOK command the notebook answers.
func notebookDue(to preread.Person) preread.ReplyDue {
	return preread.ReplyDue{Kind: preread.ReplyNotebook, To: to.Email, At: dec2,
		Answers: preread.Answered{Key: "<nb-1@corp.example>", MessageID: "<nb-1@corp.example>", Subject: "NOTEBOOK"},
		Command: &preread.Command{Kind: preread.CommandNotebook, Person: to.Email, Pair: meeting().Pair.Key(),
			Since: preread.Date{Year: 2026, Month: time.October, Day: 1}}}
}

// hostileBook is a notebook of text written to break things.
func hostileBook() PairBook {
	b := notebookBook()
	evil := "<script>alert(1)</script> & <b>bold</b> " + hostileRTL
	b.Book.MeetingNotes = append(b.Book.MeetingNotes, preread.MeetingNote{Manager: carol.Email, Report: alice.Email, From: alice.Email,
		Meeting: at(24, 10, 0), Created: at(24, 10, 50), Text: evil + "\n# not a heading\n[link](javascript:alert(1))"})
	b.Book.Actions = append(b.Book.Actions, action(99, alice, "</td></tr></table><img src=x onerror=alert(2)>", nov(30), at(24, 10, 51)))
	b.Book.Agenda = append(b.Book.Agenda, preread.AgendaItem{Manager: carol.Email, Report: alice.Email, From: alice.Email,
		Category: "<evil>", Subject: "<style>body{display:none}</style>", Text: evil, State: preread.ItemOpen, Created: at(24, 10, 52)})
	return b
}
