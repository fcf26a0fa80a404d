package mailin

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

// withBob is memClassifier with Bob, who reports to Dave.
func withBob() *Classifier {
	c := memClassifier()
	berlin := c.Directory.People[0].TimeZone
	c.Directory.People = append(c.Directory.People,
		preread.Person{Email: "bob@corp.example", Name: "Bob Marley", TimeZone: berlin, Workdays: preread.DefaultWorkdays, Active: true},
		preread.Person{Email: "dave@corp.example", Name: "Dave Ito", TimeZone: berlin, Workdays: preread.DefaultWorkdays, Active: true})
	c.Directory.Pairs = append(c.Directory.Pairs, preread.Pair{Manager: "dave@corp.example", Report: "bob@corp.example",
		Meets: c.Directory.Pairs[0].Meets, TimeZone: berlin})
	return c
}

func TestNotebookCommand(t *testing.T) {
	c := withBob() // Tue 24 Nov 2026; Alice reports to Carol
	cases := []struct {
		subject, since, problem string
	}{
		{"NOTEBOOK", "2026-05-24", ""},
		{"notebook since 2026-06-01", "2026-06-01", ""},
		{"NOTEBOOK Carol since 1 Sep", "2026-09-01", ""},
		{"NOTEBOOK since 1 Dec", "2025-12-01", ""},
		{"Notizbuch seit 2026-06-01", "2026-06-01", ""},
		{"NOTEBOOK since whenever", "", "the day after since could not be read"},
		{"NOTEBOOK since 2027-01-04", "", "is still to come"},
		{"NOTEBOOK Bob", "", "you are not Bob's manager in preread"},
		{"NOTEBOOK Zoe", "", `nobody called "Zoe" is in preread`},
	}
	for _, tc := range cases {
		p, err := c.Process(t.Context(), mailTo(tc.subject, ""), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		cmd := p.Command
		if cmd == nil || cmd.Kind != preread.CommandNotebook || p.Due == nil {
			t.Errorf("%q: %s %q, command %+v, reply %+v; want a notebook command and a reply", tc.subject, p.Outcome, p.Reason, cmd, p.Due)
			continue
		}
		if tc.problem != "" {
			if cmd.Done() || !strings.Contains(cmd.Problem, tc.problem) || p.Due.Kind != preread.ReplyConfirm {
				t.Errorf("%q: problem %q, reply %s; want a confirmation that says %q", tc.subject, cmd.Problem, p.Due.Kind, tc.problem)
			}
			continue
		}
		if !cmd.Done() || p.Due.Kind != preread.ReplyNotebook || p.Due.To != "alice@corp.example" ||
			cmd.Pair != "carol@corp.example:alice@corp.example" || cmd.With != "carol@corp.example" || cmd.Since.String() != tc.since {
			t.Errorf("%q: %+v, reply %s to %s; want the notebook of carol:alice since %s to alice", tc.subject, cmd, p.Due.Kind, p.Due.To, tc.since)
		}
	}
	// A topic that starts with the word is a topic.
	p, err := c.Process(t.Context(), []byte("From: alice@corp.example\r\nTo: preread+agenda.aaaaaaaaaaaaaaaa@corp.example\r\n"+
		"Subject: Notebook for new hires\r\n\r\nCould we give every new hire a paper notebook?\r\n"), time.Time{})
	if err != nil || p.Agenda == nil || p.Command != nil {
		t.Errorf("a topic about notebooks = %s %q, command %+v; want an agenda item", p.Outcome, p.Reason, p.Command)
	}
}

// A reply to a follow-up files action items, DONE and a meeting note on
// the pair; from anyone else it is rejected with the reason.
func TestFollowupReply(t *testing.T) {
	c := withBob()
	reply := func(from, to, body string) preread.Processed {
		t.Helper()
		raw := "From: " + from + "\r\nTo: " + to + "\r\nSubject: Re: Your 1:1 with Carol: what did you agree?\r\n" +
			"In-Reply-To: <followup@corp.example>\r\nAuthentication-Results: mx.corp.example; dkim=pass header.d=corp.example\r\n\r\n" + body
		p, err := c.Process(t.Context(), []byte(raw), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := reply("alice@corp.example", "preread+reply.aaaaaaaaaaaaaaaa@corp.example",
		"DONE 2, A1\r\nACTION Carol: book the room by Fri\r\n- [ ] send the slides\r\n\r\nWe agreed on the talk.\r\n\r\nOn Tue Carol wrote:\r\n> ACTION: quoted, not mine\r\n")
	meeting := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if p.Outcome != preread.OutcomeFiled || p.Done == nil || !p.Done.Meeting.Equal(meeting) || p.Done.By != "alice@corp.example" ||
		p.CloseActions == nil || p.CloseActions.Numbers[0] != 1 || len(p.Actions) != 2 || p.Note != nil || p.Due != nil {
		t.Fatalf("Process(follow-up reply) = %+v", p)
	}
	if a := p.Actions[0]; a.Owner != "carol@corp.example" || a.Text != "book the room" || a.Due.String() != "2026-11-27" || !a.Meeting.Equal(meeting) {
		t.Errorf("first action = %+v", a)
	}
	if a := p.Actions[1]; a.Owner != "alice@corp.example" || a.Text != "send the slides" {
		t.Errorf("second action = %+v", a)
	}
	if n := p.MeetingNote; n == nil || n.Text != "We agreed on the talk." || !n.Meeting.Equal(meeting) || n.From != "alice@corp.example" {
		t.Errorf("meeting note = %+v", n)
	}
	if p.MessageKind() != preread.AddressReply {
		t.Errorf("kind %q, want reply", p.MessageKind())
	}
	p = reply("bob@corp.example", "preread+reply@corp.example", "ACTION: mine")
	if p.Outcome != preread.OutcomeRejected || !strings.Contains(p.Reason, "bob@corp.example, who is not in the 1:1 of carol@corp.example and alice@corp.example") ||
		len(p.Actions) > 0 || p.MeetingNote != nil {
		t.Errorf("Bob's reply = %s %q, %+v; want rejected with the reason, nothing filed", p.Outcome, p.Reason, p.Actions)
	}
	if p.Due == nil || p.Due.Kind != preread.ReplyNotice || p.Due.To != "bob@corp.example" || !strings.Contains(p.Due.Problem, "not in") {
		t.Errorf("Bob's reply: notice %+v; want Bob told why nothing was filed", p.Due)
	}
	var tasks strings.Builder
	for i := range 25 {
		fmt.Fprintf(&tasks, "TODO: item %d\r\n", i+1)
	}
	p = reply("alice@corp.example", "preread+reply.aaaaaaaaaaaaaaaa@corp.example", tasks.String())
	if len(p.Actions) != 20 || p.MeetingNote == nil || !strings.Contains(p.MeetingNote.Text, "TODO: item 25") ||
		p.Due == nil || !strings.Contains(p.Due.Problem, "the other 5 lines were kept as text") {
		t.Errorf("25 TODO lines: %d actions, note %+v, notice %+v; want 20, the rest as the note, and Alice told", len(p.Actions), p.MeetingNote, p.Due)
	}
	p = reply("bob@corp.example", "preread+reply.aaaaaaaaaaaaaaaa@corp.example", "DONE A1")
	if p.Outcome != preread.OutcomeRejected || !strings.Contains(p.Reason, "reply token of another person") {
		t.Errorf("Bob's reply with Alice's token = %s %q; want rejected", p.Outcome, p.Reason)
	}
}
