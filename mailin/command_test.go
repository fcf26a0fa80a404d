package mailin

import (
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

// mailTo writes a message from Alice to her status address.
func mailTo(subject, body string) []byte {
	return []byte("From: alice@corp.example\r\nTo: preread+status.aaaaaaaaaaaaaaaa@corp.example\r\n" +
		"Subject: " + subject + "\r\n\r\n" + body)
}

func TestCommandsByEmail(t *testing.T) {
	c := memClassifier() // Tue 24 Nov 2026, 12:00 UTC; Alice in Berlin, in a weekly Tuesday 10:00 1:1 with Carol
	cases := []struct {
		name, subject, body string
		kind                preread.CommandKind
		from, to            string // away: the range
		problem             string // a part of it; "" when done
	}{
		{"subject", "AWAY until Fri 18 Dec", "", preread.CommandAway, "2026-11-24", "2026-12-18", ""},
		{"first line", "Re: [STATUS] What are you working on? (Tue 24 Nov)", "away next week\r\n", preread.CommandAway, "2026-11-30", "2026-12-06", ""},
		{"a range", "AWAY 2026-12-21..2027-01-04", "", preread.CommandAway, "2026-12-21", "2027-01-04", ""},
		{"tomorrow", "Away tomorrow", "", preread.CommandAway, "2026-11-25", "2026-11-25", ""},
		{"german", "ABWESEND bis 18.12.", "", preread.CommandAway, "2026-11-24", "2026-12-18", ""},
		{"french", "absent jusqu'au 18 décembre", "", preread.CommandAway, "2026-11-24", "2026-12-18", ""},
		{"too long", "AWAY 2026-12-01..2027-06-30", "", preread.CommandAway, "", "", "days long"},
		{"in the past", "AWAY 2026-11-02..2026-11-06", "", preread.CommandAway, "", "", "in the past"},
		{"gibberish", "AWAY whenever the snow melts", "", preread.CommandAway, "", "", "AWAY until Fri 18 Dec"},
		{"back", "BACK", "", preread.CommandBack, "", "", ""},
		{"pause", "pause", "", preread.CommandPause, "", "", ""},
		{"resume", "Re: [STATUS] What are you working on? (Tue 24 Nov)", "RESUME\r\n\r\nOn Tue wrote:\r\n> x\r\n", preread.CommandResume, "", "", ""},
		{"skip", "SKIP next 1:1", "", preread.CommandSkip, "", "", ""},
		{"skip with a name", "skip next 1:1 with Carol", "", preread.CommandSkip, "", "", ""},
		{"skip with a stranger", "SKIP next 1:1 with Zoe", "", preread.CommandSkip, "", "", "no 1:1 with"},
	}
	for _, tc := range cases {
		p, err := c.Process(t.Context(), mailTo(tc.subject, tc.body), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		cmd := p.Command
		if cmd == nil || cmd.Kind != tc.kind {
			t.Errorf("%s: Process = %s %q, command %+v; want %s", tc.name, p.Outcome, p.Reason, cmd, tc.kind)
			continue
		}
		if p.Status != nil || p.Agenda != nil || p.Due == nil || p.Due.Kind != preread.ReplyConfirm {
			t.Errorf("%s: a command files %+v %+v and replies %+v; want nothing filed and a confirmation", tc.name, p.Status, p.Agenda, p.Due)
		}
		if tc.problem != "" {
			if cmd.Done() || !strings.Contains(cmd.Problem, tc.problem) || p.Outcome != preread.OutcomeIgnored {
				t.Errorf("%s: problem %q, outcome %s; want it to say %q", tc.name, cmd.Problem, p.Outcome, tc.problem)
			}
			continue
		}
		if !cmd.Done() || p.Outcome != preread.OutcomeFiled {
			t.Errorf("%s: problem %q, outcome %s; want done", tc.name, cmd.Problem, p.Outcome)
		}
		if tc.from != "" && (cmd.Away.From.String() != tc.from || cmd.Away.To.String() != tc.to) {
			t.Errorf("%s: away %v, want %s..%s", tc.name, cmd.Away, tc.from, tc.to)
		}
		if tc.kind == preread.CommandSkip {
			want := time.Date(2026, 12, 1, 10, 0, 0, 0, c.Directory.Pairs[0].TimeZone)
			if !cmd.Meeting.Equal(want) || cmd.Pair != "carol@corp.example:alice@corp.example" || cmd.With != "carol@corp.example" {
				t.Errorf("%s: skips %v of %s with %s; want Tue 1 Dec 10:00 with Carol", tc.name, cmd.Meeting, cmd.Pair, cmd.With)
			}
		}
	}
}

// TestCommandWordsInStatusesStayStatuses: a status or an agenda item that
// starts with a command's word, but reads as none and has more to say, is
// filed as it is.
func TestCommandWordsInStatusesStayStatuses(t *testing.T) {
	c := memClassifier()
	for _, tc := range []struct{ subject, body string }{
		{"status", "Back from the offsite.\r\nToday: the importer\r\n"},
		{"status", "Away from my desk most of yesterday; today: reviews\r\n"},
		{"status", "Pause on the migration until Ops is ready\r\nToday: tests\r\n"},
		{"status", "Skip the retro, it moved. Today: planning\r\n"},
		{"[STATUS] Resume writing", "Today: the resume parser\r\n"},
	} {
		p, err := c.Process(t.Context(), mailTo(tc.subject, tc.body), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Command != nil || p.Status == nil {
			t.Errorf("Process(%q / %q) = %s, command %+v; want a status", tc.subject, tc.body, p.Outcome, p.Command)
		}
	}
}

// TestCommandsOnlyWhereMeant: a command is the whole subject of a message
// with nothing else of its own, or the first line of one's own text (after
// a greeting), at one's own status or agenda address; a forward, a subject
// over a discussion, a reply to a confirmation and the bare address carry
// none, and text after a command line is filed as well.
func TestCommandsOnlyWhereMeant(t *testing.T) {
	c := memClassifier()
	const agenda = "preread+agenda.aaaaaaaaaaaaaaaa@corp.example"
	send := func(to, subject, extra, body string) preread.Processed {
		t.Helper()
		raw := "From: alice@corp.example\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n" + extra + "\r\n" + body
		p, err := c.Process(t.Context(), []byte(raw), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	status := "preread+status.aaaaaaaaaaaaaaaa@corp.example"
	if p := send(agenda, "Fwd: Away next week", "", "Worth discussing?\r\n\r\n---------- Forwarded message ---------\r\nFrom: Bob <bob@corp.example>\r\nSubject: Away next week\r\n\r\nI'm away next week.\r\n"); p.Command != nil || p.Agenda == nil {
		t.Errorf("a forward titled like a command: command %+v, agenda %+v; want the agenda item alone", p.Command, p.Agenda)
	}
	if p := send(agenda, "Skip next meeting", "", "Should we skip the team meeting when half of us are out? I think it wastes an hour.\r\n"); p.Command != nil || p.Agenda == nil {
		t.Errorf("an agenda topic titled like a command: command %+v, agenda %+v; want the agenda item alone", p.Command, p.Agenda)
	}
	p := send(status, "status", "", "Back today.\r\nYesterday: a day off\r\nToday: the importer\r\n")
	if p.Command == nil || p.Command.Kind != preread.CommandBack || p.Status == nil || p.Status.Today != "the importer" {
		t.Errorf("a command line over a status: command %+v, status %+v; want both", p.Command, p.Status)
	}
	p = send(status, "hello", "", "Hi,\r\n\r\nAWAY tomorrow\r\n\r\nThanks,\r\nAlice\r\n")
	if p.Command == nil || p.Command.Kind != preread.CommandAway || !p.Command.Done() || p.Status != nil {
		t.Errorf("a greeting, a command and a sign-off: command %+v, status %+v; want the command alone", p.Command, p.Status)
	}
	if p := send(status, "Re: Re: SKIP next 1:1", "In-Reply-To: <confirm@corp.example>\r\n", "Thanks!\r\n"); p.Command != nil || p.Due != nil || p.Outcome != preread.OutcomeIgnored {
		t.Errorf("a reply to a confirmation: %s, command %+v, due %+v; want ignored, nothing run or sent", p.Outcome, p.Command, p.Due)
	}
	if p := send(status, "Re: SKIP next 1:1", "In-Reply-To: <confirm@corp.example>\r\n", ""); p.Command != nil {
		t.Errorf("a bare reply to a confirmation ran %+v again", p.Command)
	}
	if p := send("preread@corp.example", "AWAY tomorrow", "Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example\r\n", ""); p.Command != nil {
		t.Errorf("a command to the bare address ran: %+v", p.Command)
	}
}

// TestCommandsCountFromWhenWritten: read a day late (after downtime), a
// command means what it meant when it was written.
func TestCommandsCountFromWhenWritten(t *testing.T) {
	c := memClassifier() // the clock: Tue 24 Nov 2026, 12:00 UTC
	written := time.Date(2026, 11, 23, 9, 55, 0, 0, time.UTC)
	raw := []byte("From: alice@corp.example\r\nTo: preread+status.aaaaaaaaaaaaaaaa@corp.example\r\nSubject: AWAY tomorrow\r\n" +
		"Date: " + written.Format(time.RFC1123Z) + "\r\nMessage-ID: <late@corp.example>\r\n\r\n")
	p, err := c.Process(t.Context(), raw, written.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if p.Command == nil || p.Command.Away.From.String() != "2026-11-24" || p.Command.Away.To.String() != "2026-11-24" {
		t.Errorf("AWAY tomorrow written Mon 23 Nov, read Tue 24 Nov: %+v; want Tue 24 Nov", p.Command)
	}
}
