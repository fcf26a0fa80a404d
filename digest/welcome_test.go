package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

func TestWorkdaysPhrase(t *testing.T) {
	tests := []struct {
		days []string
		want string
	}{
		{[]string{"mon", "tue", "wed", "thu", "fri"}, "Monday to Friday"},
		{[]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, "Every day"},
		{[]string{"mon", "wed", "fri"}, "Monday, Wednesday and Friday"},
		{[]string{"tue", "thu"}, "Tuesday and Thursday"},
		{[]string{"mon"}, "Every Monday"},
		{[]string{"sun", "mon", "tue", "wed", "thu"}, "Sunday to Thursday"},
		{[]string{"mon", "tue", "wed", "fri"}, "Monday, Tuesday, Wednesday and Friday"},
		{nil, ""},
	}
	for _, tt := range tests {
		w, err := preread.ParseWeekdays(tt.days)
		if err != nil {
			t.Fatal(err)
		}
		if got := workdaysPhrase(w); got != tt.want {
			t.Errorf("workdaysPhrase(%v) = %q, want %q", tt.days, got, tt.want)
		}
	}
}

// Each welcome says only what is true for its reader: no prompt, status
// address or AWAY to someone who gets no prompts, no agenda, pre-read or
// SKIP to someone in no pair.
func TestWelcomeSaysOnlyWhatIsTrue(t *testing.T) {
	dir := welcomeDir()
	// Bob works Monday, Wednesday and Friday and is in one pair.
	dir.People[2].Workdays, _ = preread.ParseWeekdays([]string{"mon", "wed", "fri"})
	nobody := person("nobody@corp.example", "Nora Body", berlin)
	dir.People = append(dir.People, nobody)
	tests := []struct {
		email         string
		want, without []string
	}{
		{alice.Email, []string{"status.k3v9", "agenda.k3v9", "AWAY", "PAUSE", "SKIP next 1:1\n", "reply DONE 2"},
			[]string{"SKIP next 1:1 with", "16:00 your time", "AGENDA for"}},
		{bob.Email, []string{"Monday, Wednesday and Friday at 09:00 your time (Berlin)", "Your first one comes on Mon 7 Dec.",
			"11:00 your time you and the rest of the Platform team", "SKIP next 1:1\n"},
			[]string{"reply DONE 2", "SKIP next 1:1 with"}},
		{carol.Email, []string{"agenda.k3v9", "SKIP next 1:1 with Alice", "AGENDA for Alice", "Send one to your agenda address"},
			[]string{"status.k3v9", "prompt", "AWAY", "PAUSE", "Your daily status", "your manager"}},
		{"priya@corp.example", []string{"Platform team's digest"},
			[]string{"k3v9", "prompt", "AWAY", "SKIP", "agenda address", "pre-read", "Commands"}},
		{nobody.Email, []string{"nothing to do yet", "sends you nothing"},
			[]string{"k3v9", "prompt", "AWAY", "SKIP", "digest:"}},
	}
	for _, tt := range tests {
		p, _ := dir.Person(tt.email)
		e := Welcome(dir, p, welcomeAddr, welcomeNow, time.Time{})
		text := e.Subject + "\n" + e.Text
		flat := strings.Join(strings.Fields(text), " ")
		for _, w := range tt.want {
			if !strings.Contains(text, w) && !strings.Contains(flat, w) {
				t.Errorf("welcome of %s lacks %q:\n%s", tt.email, w, text)
			}
		}
		for _, w := range tt.without {
			if strings.Contains(text, w) {
				t.Errorf("welcome of %s says %q, not true for them:\n%s", tt.email, w, text)
			}
		}
		if strings.Contains(text, "mon,tue") || strings.Contains(text, "(mon") {
			t.Errorf("welcome of %s lists workdays as config values:\n%s", tt.email, text)
		}
	}
}

// The welcome names the day of the first prompt: today's when it is still
// due as the welcome goes (a first start at 09:30), the next one for
// someone added after today's prompt time.
func TestWelcomeFirstPrompt(t *testing.T) {
	dir := welcomeDir()
	monday0930 := time.Date(2026, time.December, 7, 9, 30, 0, 0, berlin)
	for _, tt := range []struct {
		since time.Time
		want  string
	}{
		{time.Time{}, "Your first one comes today."},
		{monday0930, "Your first one comes on Tue 8 Dec."},
	} {
		e := Welcome(dir, bob, welcomeAddr, monday0930, tt.since)
		if flat := strings.Join(strings.Fields(e.Text), " "); !strings.Contains(flat, tt.want) {
			t.Errorf("Welcome(Bob at Monday 09:30, added %v) lacks %q:\n%s", tt.since, tt.want, e.Text)
		}
	}
}
