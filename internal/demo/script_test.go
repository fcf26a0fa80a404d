package demo

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

// team is the directory the sample config describes: its people and
// their time zones.
func team() preread.Directory {
	berlin := mustZone("Europe/Berlin")
	return preread.Directory{People: []preread.Person{
		{Email: "carol@corp.example", Name: "Carol Danvers", TimeZone: berlin},
		{Email: "alice@corp.example", Name: "Alice Liddell", TimeZone: mustZone("America/New_York")},
		{Email: "bob@corp.example", Name: "Bob Okafor", TimeZone: berlin},
		{Email: "dan@corp.example", Name: "Dan Ito", TimeZone: mustZone("Asia/Tokyo")},
		{Email: "erin@corp.example", Name: "Erin Walsh", TimeZone: berlin},
	}}
}

func TestTimeline(t *testing.T) {
	steps, err := timeline(team(), script())
	if err != nil {
		t.Fatalf("timeline: %v", err)
	}
	if len(steps) != len(script()) {
		t.Fatalf("timeline has %d steps, want %d", len(steps), len(script()))
	}
	start, end := monday(), monday().AddDate(0, 0, 5)
	for i, s := range steps {
		if s.at.Before(start) || !s.at.Before(end) {
			t.Errorf("step %d (%s %s) at %s, outside the week", i, s.who, s.act, s.at)
		}
		if i > 0 && s.at.Before(steps[i-1].at) {
			t.Errorf("step %d at %s comes before step %d at %s", i, s.at, i-1, steps[i-1].at)
		}
	}
	// Dan writes at 09:41 Tokyo time, which is 01:41 in Berlin.
	first := steps[0]
	if first.who != "dan" || first.at.In(start.Location()).Format("Mon 15:04") != "Mon 01:41" {
		t.Errorf("first step = %s at %s, want dan at Mon 01:41 Berlin", first.who, first.at.In(start.Location()))
	}
}

func TestTimelineBadClock(t *testing.T) {
	_, err := timeline(team(), []step{{day: time.Monday, clock: "9h", who: "bob"}})
	if err == nil || !strings.Contains(err.Error(), `bob at "9h"`) {
		t.Errorf("timeline with clock 9h: %v, want an error naming the step", err)
	}
}

func TestEveryAuthorHasAMailProgram(t *testing.T) {
	for _, s := range script() {
		if s.act == outsider {
			if s.client == nil {
				t.Errorf("outsider %s has no mail program", s.who)
			}
			continue
		}
		if _, ok := writers[s.who]; !ok && s.client == nil {
			t.Errorf("%s writes without a mail program", s.who)
		}
		if _, ok := team().Person(s.address()); !ok {
			t.Errorf("%s is not in the team", s.address())
		}
	}
}

func TestCompose(t *testing.T) {
	prompt := &sentMail{MessageID: "<prompt.1@corp.example>", From: "preread <preread@corp.example>", FromName: "preread",
		Subject: "Status for Monday", Date: monday().Add(9 * time.Hour), Text: "What did you do?\n\nReply to this email.\n"}
	at := monday().Add(9*time.Hour + 14*time.Minute)
	for _, client := range []mailClient{gmail, outlookHTML, thunderbird, appleMail, iPhoneMail, exchangeOOO, bulkMailer} {
		d := draft{fromName: "Bob Okafor", from: "bob@corp.example", to: "preread+status@corp.example",
			subject: client.replyPrefix + prompt.Subject, date: at, body: "Today: docs\nBlockers: none", replyTo: prompt}
		raw, id := compose(client, d)
		if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
			t.Errorf("%s: a bare LF in the message", client.name)
		}
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v\n%s", client.name, err, raw)
		}
		if got := m.Header.Get("Message-ID"); got != id || !strings.HasPrefix(id, "<") {
			t.Errorf("%s: Message-ID %q, compose said %q", client.name, got, id)
		}
		if again, id2 := compose(client, d); id2 != id || !bytes.Equal(again, raw) {
			t.Errorf("%s: composing the same draft twice differs", client.name)
		}
		if client.name != bulkMailer.name && m.Header.Get("In-Reply-To") != prompt.MessageID {
			t.Errorf("%s: In-Reply-To %q, want %q", client.name, m.Header.Get("In-Reply-To"), prompt.MessageID)
		}
	}
}

func TestMimeParts(t *testing.T) {
	raw, _ := compose(gmail, draft{fromName: "Alice Liddell", from: "alice@corp.example", to: "preread@corp.example",
		subject: "Hello", date: monday(), body: "one & two", signature: "Alice"})
	text, htm, h, err := mimeParts(raw)
	if err != nil {
		t.Fatal(err)
	}
	if subject, _ := h.Subject(); subject != "Hello" {
		t.Errorf("subject %q, want Hello", subject)
	}
	if text != "one & two\n\n-- \nAlice\n" || !strings.Contains(htm, "<div>one &amp; two</div>") {
		t.Errorf("mimeParts = %q, %q", text, htm)
	}
}
