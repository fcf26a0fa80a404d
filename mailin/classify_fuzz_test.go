package mailin

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
)

// memLookup answers lookups from memory, so the fuzzer runs fast.
type memLookup struct{}

func (memLookup) TokenOwner(_ context.Context, token string) (string, bool, error) {
	switch token {
	case "aaaaaaaaaaaaaaaa":
		return "alice@corp.example", true, nil
	case "bbbbbbbbbbbbbbbb": // replaced by rotate-token
		return "alice@corp.example", false, nil
	}
	return "", false, preread.ErrNotFound
}

func (memLookup) Token(context.Context, string) (string, error) { return "aaaaaaaaaaaaaaaa", nil }

func (memLookup) BounceOwner(_ context.Context, token string) (string, error) {
	if token == "cccccccccccccccc" {
		return "alice@corp.example", nil
	}
	return "", preread.ErrNotFound
}

func (memLookup) CalendarOwner(_ context.Context, token string) (string, error) {
	if token == "dddddddddddddddd" {
		return "carol@corp.example", nil
	}
	return "", preread.ErrNotFound
}

func (memLookup) PairCalendar(context.Context, string, string, func(int64) bool) (preread.PairCalendar, error) {
	return preread.PairCalendar{}, nil
}

func (memLookup) Personal(context.Context, preread.Date) (preread.Personal, error) {
	return preread.Personal{}, nil
}

func (memLookup) SentEmail(_ context.Context, id string) (preread.Email, error) {
	switch id {
	case "<prompt@corp.example>":
		return preread.Email{Kind: preread.KindPrompt, To: "alice@corp.example", Period: "2026-11-24"}, nil
	case "<confirm@corp.example>":
		return preread.Email{Kind: preread.KindConfirm, To: "alice@corp.example", Period: "<cmd@corp.example>"}, nil
	case "<digest@corp.example>":
		return preread.Email{Kind: preread.KindDigest, To: "alice@corp.example", Period: "Platform/Ops/2026-11-23"}, nil
	case "<followup@corp.example>":
		return preread.Email{Kind: preread.KindFollowup, To: "alice@corp.example",
			Period: "carol@corp.example:alice@corp.example/2026-11-24T09:00:00Z"}, nil
	}
	return preread.Email{}, preread.ErrNotFound
}

// memClassifier classifies for Alice and her manager Carol (Europe/Berlin),
// with lookups from memory and the clock on Tue 24 Nov 2026.
func memClassifier() *Classifier {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	rule, _ := preread.ParseMeetingRule("weekly tue 10:00", berlin)
	return &Classifier{
		Directory: preread.Directory{
			People: []preread.Person{
				{Email: "alice@corp.example", Name: "Alice", TimeZone: berlin, Workdays: preread.DefaultWorkdays, Active: true},
				{Email: "carol@corp.example", Name: "Carol", TimeZone: berlin, Workdays: preread.DefaultWorkdays, Active: true},
			},
			Pairs: []preread.Pair{{Manager: "carol@corp.example", Report: "alice@corp.example", Meets: rule, TimeZone: berlin}},
			Teams: []preread.Team{{Name: "Platform/Ops", Manager: "carol@corp.example", Members: []string{"alice@corp.example"}, TimeZone: berlin}},
		},
		Mailbox:    preread.Mailbox{Address: "preread@corp.example", Separator: "+"},
		AuthservID: "mx.corp.example",
		Lookup:     memLookup{},
		Now:        func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) },
	}
}

// FuzzProcess runs whole messages through parsing, trimming, classification
// and authentication: whatever the bytes, the result is an outcome, never a
// panic, and filed text is valid.
func FuzzProcess(f *testing.F) {
	for _, dir := range []string{"testdata/ingest", "message/testdata/parse"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("From: alice@corp.example\r\nTo: preread+status.aaaaaaaaaaaaaaaa@corp.example\r\n\r\nToday: x\r\nBlockers: none\r\n"))
	f.Add([]byte("From: alice@corp.example\r\nTo: preread+agenda.aaaaaaaaaaaaaaaa@corp.example\r\nSubject: Fwd: x\r\n\r\nnote\r\n---------- Forwarded message ---------\r\nFrom: b@c.d\r\nSubject: s\r\n\r\nbody\r\n"))
	// Invitations from a calendar server to Carol's calendar address.
	icsFiles, _ := filepath.Glob(filepath.Join("calendar", "testdata", "*.ics"))
	for _, file := range icsFiles {
		if b, err := os.ReadFile(file); err == nil {
			cal := strings.NewReplacer("mara@corp.example", "carol@corp.example", "ravi@corp.example", "alice@corp.example").Replace(string(b))
			f.Add([]byte("From: calendar-notification@google.com\r\nAuto-Submitted: auto-generated\r\n" +
				"To: preread+calendar.dddddddddddddddd@corp.example\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n" + cal))
		}
	}
	c := memClassifier()
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := c.Process(t.Context(), raw, time.Time{})
		if err != nil {
			t.Fatalf("Process returned a lookup error from memory: %v", err)
		}
		if p.Key == "" || p.Outcome == "" {
			t.Fatalf("Process(%q) = %+v: want a key and an outcome", raw, p)
		}
		if p.Outcome == preread.OutcomeFiled && p.Status == nil && p.Agenda == nil && p.Note == nil && len(p.Calendar) == 0 {
			t.Fatalf("Process(%q) filed nothing", raw)
		}
		// A reply is only ever due to someone in the directory, and digest
		// can write every reply that is due.
		if p.Due != nil {
			if _, err := digest.Reply(*p.Due, c.Directory, digest.Addresses{}); err != nil {
				t.Fatalf("Process(%q) asks for a reply digest can't write: %v", raw, err)
			}
		}
	})
}
