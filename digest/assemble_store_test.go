package digest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

// teamWeek is the sample team (Alice and Dan in New York, Bob in Berlin;
// the digest at 11:00 Berlin) on a clock the test moves, with what each
// step queued and filed.
type teamWeek struct {
	t   *testing.T
	db  *store.DB
	dir preread.Directory
	now time.Time
	n   int
}

func newTeamWeek(t *testing.T) *teamWeek {
	dir := storetest.Directory(t)
	dir.Teams[0].Workdays = preread.DefaultWorkdays
	w := &teamWeek{t: t, dir: dir, now: berlinAt(23, 7, 0)}
	w.db = storetest.Synced(t, dir, store.Options{Now: func() time.Time { return w.now }})
	return w
}

// berlinAt is a Berlin wall-clock instant in November 2026.
func berlinAt(day, hour, minute int) time.Time {
	return time.Date(2026, time.November, day, hour, minute, 0, 0, mailtest.Zone("Europe/Berlin"))
}

// prompt queues the prompt of email for the workday of November day at at.
func (w *teamWeek) prompt(at time.Time, email string, day int) {
	w.t.Helper()
	w.now = at
	r := preread.Rendered{MessageID: fmt.Sprintf("<p-%s-%d@preread>", email, day), Raw: []byte("Subject: prompt\r\n\r\nx\r\n"),
		Email: preread.Email{Kind: preread.KindPrompt, To: email, Period: fmt.Sprintf("2026-11-%02d", day)}}
	if err := w.db.Enqueue(w.t.Context(), r); err != nil {
		w.t.Fatal(err)
	}
}

// file files a status of email for the workday of November day at at.
func (w *teamWeek) file(at time.Time, email string, day int, text, blockers string) {
	w.t.Helper()
	w.now = at
	w.n++
	p := preread.Processed{Key: fmt.Sprintf("<s%d@t>", w.n), Sender: email, Outcome: preread.OutcomeFiled,
		Status: &preread.StatusEntry{Person: email, Date: preread.Date{Year: 2026, Month: time.November, Day: day},
			Text: text, Today: text, Blockers: blockers}}
	if err := w.db.Record(w.t.Context(), "INBOX", p); err != nil {
		w.t.Fatal(err)
	}
}

func (w *teamWeek) build(day int) digest.TeamDay {
	w.t.Helper()
	d, err := digest.BuildTeamDay(w.t.Context(), w.db, w.dir, w.dir.Teams[0], preread.Date{Year: 2026, Month: time.November, Day: day})
	if err != nil {
		w.t.Fatal(err)
	}
	return d
}

// summary is each member as "email asked=… entries=N streak=N".
func summary(d digest.TeamDay) []string {
	var out []string
	for _, m := range d.Members {
		out = append(out, fmt.Sprintf("%s asked=%v entries=%d streak=%d", m.Person.Email, m.Asked, len(m.Entries), m.BlockerStreak))
	}
	return out
}

// A digest expects only the members asked since the previous digest; a
// day nobody was asked is quiet; a blocker cleared later in the day ends
// the streak.
func TestBuildTeamDayAskedAndStatusOfTheDay(t *testing.T) {
	w := newTeamWeek(t)
	// Monday: Bob is asked at 09:00, blocked at 09:30, unblocked at 10:30.
	w.prompt(berlinAt(23, 9, 0), "bob@corp.example", 23)
	w.file(berlinAt(23, 9, 30), "bob@corp.example", 23, "Outbox.", "Disk full.")
	w.file(berlinAt(23, 10, 30), "bob@corp.example", 23, "Infra cleaned up: no longer blocked.", "")
	mon := w.build(23)
	want := []string{
		"alice@corp.example asked=false entries=0 streak=0",
		"bob@corp.example asked=true entries=2 streak=0",
		"dan@corp.example asked=false entries=0 streak=0",
	}
	if got := summary(mon); !slices.Equal(got, want) || !mon.FirstAsked.Equal(berlinAt(23, 9, 0)) {
		t.Errorf("Monday = %q, first asked %v; want %q, 09:00", got, mon.FirstAsked, want)
	}
	if e := digest.TeamDigest(mon, w.dir.People[0], digest.Addresses{}); e.Subject != "[Platform] Status, Mon 23 Nov: all clear" {
		t.Errorf("Monday's subject = %q, want all clear: Bob's blocker was cleared", e.Subject)
	}
	// Dan (New York) is asked after Monday's digest and answers at 16:00;
	// Bob is blocked again on Tuesday: the first day of a new streak.
	w.prompt(berlinAt(23, 15, 0), "dan@corp.example", 23)
	w.file(berlinAt(23, 16, 0), "dan@corp.example", 23, "Reviews.", "")
	w.prompt(berlinAt(24, 9, 0), "bob@corp.example", 24)
	w.file(berlinAt(24, 9, 30), "bob@corp.example", 24, "Outbox.", "Disk full again.")
	tue := w.build(24)
	want = []string{
		"alice@corp.example asked=false entries=0 streak=0",
		"bob@corp.example asked=true entries=1 streak=1",
		"dan@corp.example asked=true entries=1 streak=0",
	}
	if got := summary(tue); !slices.Equal(got, want) || !tue.FirstAsked.Equal(berlinAt(23, 15, 0)) {
		t.Errorf("Tuesday = %q, first asked %v; want %q, Monday 15:00", got, tue.FirstAsked, want)
	}
	// Wednesday: nobody asked. The day is quiet.
	if wed := w.build(25); !wed.Quiet() || len(wed.Members) != 0 {
		t.Errorf("Wednesday = %q, quiet %v; want a quiet day", summary(wed), wed.Quiet())
	}
}
