package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
)

// The shape of issue 19: replies of 500 people, in teams of 10 (a manager
// and nine reports, each report paired with the manager), Gmail-style
// (mailtest.GmailReply), each answering one of the prompts the database
// holds, one in ten an agenda item; written straight into the Maildir
// of a fresh Dovecot, as a delivery agent would, for every round.
const (
	gmailPeople   = 500
	gmailMessages = 10000
)

// gmailSet is the shape's database (synced, with the prompts the replies
// answer) and its messages, made once per test process.
type gmailSet struct {
	db   string // a folder holding preread.db*
	msgs [][]byte
}

var gmail *gmailSet

func gmailAddr(i int) string { return fmt.Sprintf("p%03d@corp.example", i%gmailPeople) }

// writeGmailConfig writes the 500 people's config for Dovecot d.
func writeGmailConfig(b *testing.B, d *mailtest.Dovecot) string {
	b.Helper()
	var cfg strings.Builder
	cfg.WriteString("people:\n")
	for i := range gmailPeople {
		fmt.Fprintf(&cfg, "  - email: %s\n    name: Person %03d\n", gmailAddr(i), i)
	}
	cfg.WriteString("teams:\n")
	for t := 0; t < gmailPeople; t += 10 {
		fmt.Fprintf(&cfg, "  - name: T%02d\n    manager: %s\n    members: [", t/10, gmailAddr(t))
		for m := t + 1; m < t+10; m++ {
			if m > t+1 {
				cfg.WriteString(", ")
			}
			cfg.WriteString(gmailAddr(m))
		}
		cfg.WriteString("]\n")
	}
	cfg.WriteString("pairs:\n")
	for i := range gmailPeople {
		if i%10 != 0 {
			fmt.Fprintf(&cfg, "  - manager: %s\n    report: %s\n    meets: weekly tue 10:00\n", gmailAddr(i-i%10), gmailAddr(i))
		}
	}
	return writeConfigFile(b, d, cfg.String())
}

// gmailFixture syncs the directory, queues the prompts the replies answer
// (one a person a day, twenty days) and builds the messages.
func gmailFixture(b *testing.B, bin string, d *mailtest.Dovecot) *gmailSet {
	b.Helper()
	file := writeGmailConfig(b, d)
	ingest(b, bin, file, d) // creates and syncs the database
	ctx := b.Context()
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(file), "preread.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	tokens := map[string]string{}
	for i := range gmailPeople {
		if tokens[gmailAddr(i)], err = db.Token(ctx, gmailAddr(i)); err != nil {
			b.Fatal(err)
		}
	}
	day := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	promptID := func(i int) string { return fmt.Sprintf("<prompt.%d.%d@corp.example>", i%gmailPeople, i/gmailPeople) }
	for k := range gmailMessages / gmailPeople {
		for i := range gmailPeople {
			n := k*gmailPeople + i
			period := day.AddDate(0, 0, k).Format(time.DateOnly)
			r := preread.Rendered{Email: preread.Email{Kind: preread.KindPrompt, To: gmailAddr(i), Period: period},
				MessageID: promptID(n), Raw: []byte("Subject: prompt\r\n\r\nWhat are you working on?\r\n")}
			if err := db.Enqueue(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	}
	// Sent long ago: a pass has nothing to send.
	queued, err := db.Outbox(ctx, "pending")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range queued {
		if err := db.MarkSent(ctx, e.ID); err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	set := &gmailSet{}
	for i := range gmailMessages {
		from := gmailAddr(i)
		name := fmt.Sprintf("Person %03d", i%gmailPeople)
		if i%10 == 5 { // a report's new agenda item for their manager
			set.msgs = append(set.msgs, mailtest.GmailReply(i, from, name, "preread+agenda."+tokens[from]+"@corp.example", "", true))
			continue
		}
		set.msgs = append(set.msgs, mailtest.GmailReply(i, from, name, "preread+status."+tokens[from]+"@corp.example", promptID(i), false))
	}
	dir, err := os.MkdirTemp("", "preread-bench-gmail-")
	if err != nil {
		b.Fatal(err)
	}
	fixtures[-1] = dir // removed by TestMain
	dbFiles, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "preread.db*"))
	copyFiles(b, dir, dbFiles...)
	set.db = dir
	gmail = set
	return set
}

// gmailRound starts a fresh Dovecot whose INBOX and bareFolders hold the
// shape's messages, as files no IMAP session has seen, and gives it a copy
// of the database.
func gmailRound(b *testing.B, bin string) (*mailtest.Dovecot, string) {
	b.Helper()
	if gmail == nil {
		d := mailtest.StartDovecot(b, mailtest.DovecotOptions{})
		gmailFixture(b, bin, d)
		d.Stop()
	}
	set := gmail
	d := mailtest.StartDovecot(b, mailtest.DovecotOptions{})
	file := writeGmailConfig(b, d)
	dbFiles, _ := filepath.Glob(filepath.Join(set.db, "preread.db*"))
	copyFiles(b, filepath.Dir(file), dbFiles...)
	home := d.Home(mailtest.DefaultUser)
	mkdirOwned(b, home, filepath.Dir(home)) // made at the first login otherwise
	maildir := filepath.Join(home, "Maildir")
	mkdirOwned(b, maildir, home)
	for _, folder := range append([]string{""}, bareFolders...) {
		dir := maildir
		if folder != "" {
			dir = filepath.Join(maildir, "."+folder)
		}
		for _, sub := range []string{"", "cur", "new", "tmp"} {
			mkdirOwned(b, filepath.Join(dir, sub), home)
		}
		for i, raw := range set.msgs {
			name := filepath.Join(dir, "new", fmt.Sprintf("%d.M%dP%d.bench,S=%d", 1764000000+i, i, os.Getpid(), len(raw)))
			if err := os.WriteFile(name, raw, 0o600); err != nil {
				b.Fatal(err)
			}
		}
		// The files belong to the mail user, as delivered mail would.
		copyOwner(b, filepath.Join(dir, "new"), home)
	}
	return d, file
}

// copyOwner gives every file under dir the owner of like.
func copyOwner(b *testing.B, dir, like string) {
	b.Helper()
	uid, gid := ownerOf(b, like)
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Lchown(filepath.Join(dir, e.Name()), uid, gid); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIngestGmail500 is issue 19's measurement, side by side in one
// run for each round: a bare go-imap fetch of the 10,000 messages, the
// same fetch followed by one UID MOVE of them all, and `preread ingest
// --once`, each on its own copy of the messages, none fetched before.
func BenchmarkIngestGmail500(b *testing.B) {
	b.StopTimer()
	bin := buildBinary(b)
	sideBySide(b, bin, gmailMessages, func() (*mailtest.Dovecot, string) { return gmailRound(b, bin) })
}

// report logs and reports one round's numbers.
func report(b *testing.B, n int, bare, bareMove, r run, bytes int) {
	b.Helper()
	b.Logf("bare fetch: %v wall, %v client CPU, %v server CPU", bare.wall.Round(time.Millisecond),
		bare.cpu.Round(time.Millisecond), bare.serverCPU.Round(time.Millisecond))
	b.Logf("bare fetch, then one move of all: %v wall, %v server CPU", bareMove.wall.Round(time.Millisecond),
		bareMove.serverCPU.Round(time.Millisecond))
	b.Logf("ingest: %v wall, %v preread CPU, %v server CPU", r.wall.Round(time.Millisecond),
		r.cpu.Round(time.Millisecond), r.serverCPU.Round(time.Millisecond))
	b.ReportMetric(float64(n)/r.wall.Seconds(), "msgs/s")
	b.ReportMetric(float64(n)/bare.wall.Seconds(), "bare-msgs/s")
	b.ReportMetric(r.wall.Seconds()/bare.wall.Seconds(), "ratio")
	b.ReportMetric(r.wall.Seconds()/bareMove.wall.Seconds(), "ratio-to-fetch+move")
	b.ReportMetric(bareMove.wall.Seconds()/bare.wall.Seconds(), "fetch+move-ratio")
	b.ReportMetric(float64(r.cpu.Microseconds())/float64(n), "CPU-µs/msg")
	b.ReportMetric(float64(r.rss)/(1<<20), "peak-RSS-MB")
	b.ReportMetric(float64(bytes)/(1<<20), "fetched-MB")
}
