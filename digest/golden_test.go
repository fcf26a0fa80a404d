package digest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preread/preread"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenCase is one email with golden files testdata/<name>.txt.golden and
// testdata/<name>.html.golden.
type goldenCase struct {
	name   string
	render func() preread.Email
	shows  []string // text a browser must show (see TestChromium)
}

// goldenCases lists every golden email.
func goldenCases() []goldenCase {
	withWeek := func(w int) func() preread.Email {
		return func() preread.Email { m := meeting(); m.Week = w; return Preread(m, carol, Addresses{}) }
	}
	return append([]goldenCase{
		{"digest_full", func() preread.Email { return TeamDigest(fullDay(), carol, Addresses{}) },
			[]string{"Platform daily status", "Waiting for the staging database credentials", "Pairing with Bob on the outbox worker", "day 2"}},
		{"digest_empty", func() preread.Email { return TeamDigest(emptyDay(), carol, Addresses{}) },
			[]string{"Platform daily status", "No updates yet today.", "Alice Liddell, Bob Builder, Dan Brown, Erin Hale"}},
		{"digest_away", func() preread.Email { return TeamDigest(awayDay(), alice, Addresses{}) },
			[]string{"Platform daily status", "Health endpoint done; metrics next.", "Away:", "Bob Builder"}},
		{"digest_streak", func() preread.Email { return TeamDigest(streakDay(), carol, Addresses{}) },
			[]string{"Platform daily status", "Still no CI runner with enough disk", "day 3"}},
		{"digest_later_update", func() preread.Email { return TeamDigest(laterDay(), carol, Addresses{}) },
			[]string{"Platform daily status", "The staging database is down.", "Code review from Infra.", "No longer blocked.", "Earlier today, at 09:30"}},
		{"digest_long_entry", func() preread.Email { return TeamDigest(longEntryDay(), carol, Addresses{}) },
			[]string{"Platform daily status", "the full text is in the notebook"}},
		{"preread_empty_week47", withWeek(47),
			[]string{"1:1 with Alice Liddell", "agenda is empty"}},
		{"preread_empty_week48", withWeek(48),
			[]string{"1:1 with Alice Liddell", "agenda is empty"}},
		{"preread_empty_report", func() preread.Email { return Preread(meeting(), alice, Addresses{}) },
			[]string{"1:1 with Carol Danvers", "Your agenda is empty"}},
		{"preread_full", func() preread.Email { return Preread(fullMeeting(), carol, Addresses{}) },
			[]string{"1:1 with Alice Liddell", "Staff engineer path", "Forwarded from Priya Natarajan", "No access to the staging database yet.", "Carried over from 2 meetings ago"}},
		{"preread_full_report", func() preread.Email { return Preread(fullMeeting(), alice, Addresses{}) },
			[]string{"1:1 with Carol Danvers", "Staff engineer path", "your agenda address"}},
		{"welcome_member_report", welcomeOf(alice.Email),
			[]string{"Hi Alice,", "Monday to Friday at 09:00 your time (New York)", "Your first one comes on Mon 7 Dec.",
				"preread+status.k3v9x2m4q8w7r5t6@corp.example", "AWAY until Fri 18 Dec", "SKIP next 1:1", "reply DONE 2"}},
		{"welcome_manager", welcomeOf(carol.Email),
			[]string{"Hi Carol,", "Each workday at 11:00 your time you get the Platform team's digest", "at 16:00 your time",
				"preread+agenda.k3v9x2m4q8w7r5t6@corp.example", "SKIP next 1:1 with Alice"}},
		{"welcome_digest_reader", welcomeOf("priya@corp.example"),
			[]string{"Hi Priya,", "Each workday at 11:00 Berlin time you get the Platform team's digest"}},
		{"prompt_planned", func() preread.Email {
			return Prompt(alice, tue24, welcomeAddr, "Carol", "- Pairing with Bob on the outbox worker\n- then reviewing Dan's migration PR")
		}, []string{"You planned: Pairing with Bob on the outbox worker; then reviewing Dan's migration PR"}},
		{"hostile_digest", func() preread.Email { return TeamDigest(hostileDay(), carol, Addresses{}) },
			[]string{"R&D <Core> daily status", "<script>alert(1)</script>", "&amp; &lt;b&gt; is not bold", "שלום"}},
		{"hostile_prompt", func() preread.Email {
			return Prompt(alice, tue24, welcomeAddr, "Carol", "<script>alert(1)</script> & <b>bold</b> "+strings.Repeat("long ", 100))
		}, []string{"You planned: <script>alert(1)</script> & <b>bold</b> long"}},
		{"hostile_preread", func() preread.Email { return Preread(hostileMeeting(), carol, Addresses{}) },
			[]string{"1:1 with Alice Liddell", "<script>alert(1)</script>", "javascript:alert(1) &amp; &lt;b&gt;"}},
		{"preread_notebook", func() preread.Email { return Preread(notebookMeeting(), carol, Addresses{}) },
			[]string{"Action items: 3 open", "A1", "overdue", "open for 2 meetings", "Notes from last time, Tue 17 Nov",
				"write NOTEBOOK to your agenda address", "Closed since last time", "How did my demo go?", "DONE A1 closes action item A1"}},
		{"preread_notebook_report", func() preread.Email { return Preread(notebookMeeting(), alice, Addresses{}) },
			[]string{"Action items: 3 open", "ACTION Carol: send the draft by Fri"}},
		{"followup_manager", func() preread.Email { return Followup(afterMeeting(), carol, welcomeAddr) },
			[]string{"Your 1:1 with Alice Liddell, Tue 24 Nov 10:00", "what did you agree?", "Conference talk", "closed",
				"DONE 1 closes agenda item 1, DONE 1, 3 closes both", "ACTION Alice: send the draft by Fri", "DONE A1 closes action item A1", "notes of this meeting"}},
		{"followup_report", func() preread.Email { return Followup(afterMeeting(), alice, welcomeAddr) },
			[]string{"Your 1:1 with Carol Danvers, Tue 24 Nov 04:00 EST", "ACTION Carol: send the draft by Fri"}},
		{"followup_no_items", func() preread.Email {
			f := afterMeeting()
			f.Items, f.Actions = nil, nil
			return Followup(f, carol, welcomeAddr)
		}, []string{"The pre-read listed no agenda items.", "notes of this meeting"}},
		{"notebook_reply", func() preread.Email { return NotebookReply(notebookDue(carol), notebookBook(), carol, welcomeAddr) },
			[]string{"Your 1:1 notebook with Alice Liddell", "newest first", "Action items", "Meeting notes", "Alice's blockers",
				"preread-notebook-alice-2026-12-02.md"}},
		{"notebook_reply_report", func() preread.Email { return NotebookReply(notebookDue(alice), notebookBook(), alice, welcomeAddr) },
			[]string{"Your 1:1 notebook with Carol Danvers", "preread-notebook-carol-2026-12-02.md"}},
		{"review", func() preread.Email { return Review(reviewBook(history(33, 12, 10)), carol, welcomeAddr) },
			[]string{"Review pre-read: Alice Liddell", "since the last review, Mon 1 Jun 2026", "Growth", "Action items", "Blockers Alice hit"}},
		{"review_empty", func() preread.Email { return Review(reviewBook(preread.Notebook{}), carol, welcomeAddr) },
			[]string{"Review pre-read: Alice Liddell", "No agenda items in this period.", "No blockers reported in this period."}},
		{"hostile_notebook", func() preread.Email { return NotebookReply(notebookDue(carol), hostileBook(), carol, welcomeAddr) },
			[]string{"<script>alert(1)</script> & <b>bold</b>", "</td></tr></table><img src=x onerror=alert(2)>"}},
	}, calendarGoldenCases()...)
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases() {
		t.Run(c.name, func(t *testing.T) {
			e := c.render()
			checkGolden(t, c.name+".txt.golden", textGolden(e))
			checkGolden(t, c.name+".html.golden", e.HTML)
		})
	}
}

// textGolden is the golden form of an email's headers and text part.
func textGolden(e preread.Email) string {
	return "Kind: " + string(e.Kind) + "\nTo: " + e.To + "\nSubject: " + e.Subject + "\n\n" + e.Text
}

// checkGolden compares got with testdata/name, or rewrites the file with
// -update. A mismatch reports the first line that differs.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./digest -update to create it)", err)
	}
	if got == string(want) {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		gl, wl := lineAt(g, i), lineAt(w, i)
		if gl != wl {
			t.Errorf("%s differs from line %d (run go test ./digest -update to accept):\n got: %q\nwant: %q", path, i+1, gl, wl)
			return
		}
	}
}

// lineAt is lines[i], or "<end of file>" past the end.
func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<end of file>"
}
