package mailin_test

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/store"
)

// BenchmarkProcess classifies the ingest benchmark's replies (status with
// sections, quote and signature; every fifth an agenda item) from 100
// people: the CPU side of filing, without IMAP or commits. "gmail" is the
// shape of issue 19 (mailtest.GmailReply: Gmail's header fields,
// quoted-printable text and HTML, each status answering a prompt in the
// outbox, one in ten an agenda item).
func BenchmarkProcess(b *testing.B) {
	b.Run("reply", func(b *testing.B) { benchmarkProcess(b, false, 0) })
	b.Run("gmail", func(b *testing.B) { benchmarkProcess(b, true, 0) })
	// The same mail, classified with 99,900 more people (and a pair
	// each) in the directory, indexed as the app has it: what a message
	// costs at company scale.
	b.Run("gmail-100k", func(b *testing.B) { benchmarkProcess(b, true, 99900) })
}

func benchmarkProcess(b *testing.B, gmail bool, more int) {
	ctx := b.Context()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	rule, err := preread.ParseMeetingRule("weekly tue 10:00", berlin)
	if err != nil {
		b.Fatal(err)
	}
	person := func(email, name string) preread.Person {
		return preread.Person{Email: email, Name: name, TimeZone: berlin, Workdays: preread.DefaultWorkdays,
			PromptAt: preread.Clock{Hour: 9}, PrereadAt: preread.Clock{Hour: 16}, Active: true}
	}
	dir := preread.Directory{People: []preread.Person{person("boss@corp.example", "Boss")}}
	for i := range 100 {
		email := fmt.Sprintf("p%03d@corp.example", i)
		dir.People = append(dir.People, person(email, fmt.Sprintf("Person %03d", i)))
		dir.Pairs = append(dir.Pairs, preread.Pair{Manager: "boss@corp.example", Report: email, Meets: rule,
			TimeZone: berlin, PrereadTo: preread.PrereadToManager, Active: true})
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "preread.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SyncDirectory(ctx, dir); err != nil {
		b.Fatal(err)
	}
	msgs := make([][]byte, 1000)
	for i := range msgs {
		from := fmt.Sprintf("p%03d@corp.example", i%100)
		token, err := db.Token(ctx, from)
		if err != nil {
			b.Fatal(err)
		}
		to := func(kind preread.AddressKind) string {
			return mailbox.Build(preread.SubAddress{Kind: kind, Token: token})
		}
		name := fmt.Sprintf("Person %03d", i%100)
		switch {
		case !gmail:
			msgs[i] = mailtest.Reply(i, from, name, to("status"), to("agenda"))
		case i%10 == 5:
			msgs[i] = mailtest.GmailReply(i, from, name, to("agenda"), "", true)
		default:
			prompt := preread.Rendered{Email: preread.Email{Kind: preread.KindPrompt, To: from, Period: fmt.Sprintf("2026-11-%02d", 1+i/100)},
				MessageID: fmt.Sprintf("<prompt.%d@corp.example>", i), Raw: []byte("Subject: prompt\r\n\r\nWhat are you working on?\r\n")}
			if err := db.Enqueue(ctx, prompt); err != nil {
				b.Fatal(err)
			}
			msgs[i] = mailtest.GmailReply(i, from, name, to("status"), prompt.MessageID, false)
		}
	}
	for i := range more {
		email := fmt.Sprintf("other%05d@corp.example", i)
		dir.People = append(dir.People, person(email, fmt.Sprintf("Other %05d", i)))
		dir.Pairs = append(dir.Pairs, preread.Pair{Manager: fmt.Sprintf("other%05d@corp.example", i-i%100), Report: email, Meets: rule,
			TimeZone: berlin, PrereadTo: preread.PrereadToManager, Active: true})
	}
	c := &mailin.Classifier{Directory: dir.Indexed(), Mailbox: mailbox, MaxSize: 1 << 20, Lookup: db,
		Now: func() time.Time { return now }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		p, err := c.Process(ctx, msgs[i%len(msgs)], time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		if p.Outcome != preread.OutcomeFiled {
			b.Fatalf("message %d: %s (%s)", i, p.Outcome, p.Reason)
		}
	}
}
