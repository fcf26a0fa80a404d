package mailin_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/mailin/message"
	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
)

// ingestEnv is a real Dovecot and a real SQLite database with a small
// directory: Carol manages Alice and Bob.
type ingestEnv struct {
	t       *testing.T
	dovecot *mailtest.Dovecot
	db      *store.DB
	dir     preread.Directory
	tokens  map[string]string
	now     time.Time
}

func newIngestEnv(t *testing.T, opts mailtest.DovecotOptions) *ingestEnv {
	t.Helper()
	ctx := t.Context()
	e := &ingestEnv{t: t, dovecot: mailtest.StartDovecot(t, opts), tokens: map[string]string{},
		now: time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "preread.db"), store.Options{Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e.db = db
	e.dir = testDirectory(t)
	if _, err := db.SyncDirectory(ctx, e.dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range e.dir.People {
		if e.tokens[p.Email], err = db.Token(ctx, p.Email); err != nil {
			t.Fatal(err)
		}
	}
	// Bob's prompt of 25 Nov, so a reply that only threads to it is STATUS.
	prompt := preread.Rendered{MessageID: "<prompt-bob-1125@corp.example>", Raw: []byte("prompt"),
		Email: preread.Email{Kind: preread.KindPrompt, To: "bob@corp.example", Period: "2026-11-25"}}
	if err := db.Enqueue(ctx, prompt); err != nil {
		t.Fatal(err)
	}
	return e
}

func testDirectory(t *testing.T) preread.Directory {
	t.Helper()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ny, _ := time.LoadLocation("America/New_York")
	person := func(email, name string, loc *time.Location, aliases ...string) preread.Person {
		return preread.Person{Email: email, Name: name, TimeZone: loc, Workdays: preread.DefaultWorkdays,
			PromptAt: preread.Clock{Hour: 9}, PrereadAt: preread.Clock{Hour: 16}, Aliases: aliases, Active: true}
	}
	rule, err := preread.ParseMeetingRule("weekly tue 10:00", berlin)
	if err != nil {
		t.Fatal(err)
	}
	pair := func(report string) preread.Pair {
		return preread.Pair{Manager: "carol@corp.example", Report: report, Meets: rule, TimeZone: berlin,
			PrereadTo: preread.PrereadToManager, Active: true}
	}
	return preread.Directory{
		People: []preread.Person{
			person("carol@corp.example", "Carol Danvers", berlin),
			person("alice@corp.example", "Alice Liddell", ny, "alice.liddell@gmail.com"),
			person("bob@corp.example", "Bob Marley", berlin),
		},
		Teams: []preread.Team{{Name: "Platform", Manager: "carol@corp.example", TimeZone: berlin, DigestAt: preread.Clock{Hour: 11},
			DigestTo: preread.DigestToTeam, Members: []string{"alice@corp.example", "bob@corp.example"}, Active: true}},
		Pairs: []preread.Pair{pair("alice@corp.example"), pair("bob@corp.example")},
	}
}

var mailbox = preread.Mailbox{Address: "preread@corp.example", Separator: "+"}

// fixture reads a message from testdata/ingest with the addresses filled in.
func (e *ingestEnv) fixture(name string) []byte {
	e.t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "ingest", name))
	if err != nil {
		e.t.Fatal(err)
	}
	tmpl := template.Must(template.New(name).Parse(string(src)))
	addr := func(kind preread.AddressKind, who string) string {
		return mailbox.Build(preread.SubAddress{Kind: kind, Token: e.tokens[who+"@corp.example"]})
	}
	var out bytes.Buffer
	err = tmpl.Execute(&out, map[string]string{
		"StatusAlice": addr("status", "alice"), "AgendaAlice": addr("agenda", "alice"),
		"StatusBob": addr("status", "bob"), "AgendaCarol": addr("agenda", "carol"),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return bytes.ReplaceAll(out.Bytes(), []byte("\n"), []byte("\r\n"))
}

func (e *ingestEnv) syncer(log io.Writer) *mailin.Syncer {
	logger := slog.New(slog.NewTextHandler(log, nil))
	return &mailin.Syncer{
		Folders: mailin.Folders{Inbox: "INBOX", Processed: "preread/Processed", Rejected: "preread/Rejected", Failed: "preread/Failed"},
		Filer:   e.db,
		Processor: withReplies{&mailin.Classifier{Directory: e.dir, Mailbox: mailbox, AuthservID: "mx.corp.example",
			MaxSize: 1 << 20, Lookup: e.db, Now: func() time.Time { return e.now }, Log: logger}, e},
		MaxSize:   1 << 20,
		BatchSize: 4,
		Log:       logger,
		Now:       func() time.Time { return e.now },
	}
}

// withReplies renders the replies the classifier says are due, as the
// service does, so they reach the outbox with the message.
type withReplies struct {
	*mailin.Classifier
	e *ingestEnv
}

func (w withReplies) Process(ctx context.Context, raw []byte, received time.Time) (preread.Processed, error) {
	p, err := w.Classifier.Process(ctx, raw, received)
	if err != nil || p.Due == nil {
		return p, err
	}
	e, err := digest.Reply(*p.Due, w.e.dir, digest.AddressesFor(mailbox, w.e.tokens[p.Due.To]))
	if err != nil {
		return p, err
	}
	r, err := mailout.Renderer{From: "preread <preread@corp.example>"}.Render(e)
	p.Reply = &r
	return p, err
}

func (e *ingestEnv) pass(s *mailin.Syncer) (mailin.Stats, error) {
	e.t.Helper()
	c := e.dovecot.Client(e.t, mailtest.DefaultUser)
	return s.Pass(e.t.Context(), mailin.NewConn(c))
}

func (e *ingestEnv) count(folder string) int {
	e.t.Helper()
	return len(e.dovecot.Messages(e.t, mailtest.DefaultUser, folder))
}

// The messages every ingest test delivers, and what must become of each.
var deliveries = []struct {
	file    string
	outcome preread.Outcome
	reason  string // a part of the recorded reason
}{
	{"gmail-status-reply.eml", preread.OutcomeFiled, ""},
	{"outlook-html-only-status.eml", preread.OutcomeFiled, ""},
	{"apple-mail-agenda.eml", preread.OutcomeFiled, ""},
	{"thunderbird-forward.eml", preread.OutcomeFiled, ""},
	{"base64-koi8r-status.eml", preread.OutcomeFiled, ""},
	{"latin1-alias-status.eml", preread.OutcomeFiled, ""},
	{"manager-agenda-named.eml", preread.OutcomeFiled, ""},
	{"mobile-reply-to-prompt.eml", preread.OutcomeFiled, ""},
	{"manager-agenda-ambiguous.eml", preread.OutcomeIgnored, "names no report"},
	{"untagged-lunch.eml", preread.OutcomeIgnored, "no STATUS or AGENDA tag"},
	{"spoofed-foreign-authres.eml", preread.OutcomeRejected, "not authenticated"},
	{"another-persons-token.eml", preread.OutcomeRejected, "another person"},
	{"unknown-sender.eml", preread.OutcomeRejected, "unknown sender"},
	{"out-of-office.eml", preread.OutcomeRejected, "auto"},
	{"bounce-dsn.eml", preread.OutcomeRejected, "bounce"},
	{"malformed-no-from.eml", preread.OutcomeFailed, "From"},
}

func (e *ingestEnv) deliverAll() {
	for _, d := range deliveries {
		e.dovecot.Append(e.t, mailtest.DefaultUser, "INBOX", e.fixture(d.file))
	}
}

// checkFolders wants every message out of the inbox and in its folder.
func (e *ingestEnv) checkFolders(extraFailed int) {
	e.t.Helper()
	want := map[string]int{"INBOX": 0, "preread/Processed": 0, "preread/Rejected": 0, "preread/Failed": extraFailed}
	for _, d := range deliveries {
		switch d.outcome {
		case preread.OutcomeRejected:
			want["preread/Rejected"]++
		case preread.OutcomeFailed:
			want["preread/Failed"]++
		default:
			want["preread/Processed"]++
		}
	}
	for folder, n := range want {
		if got := e.count(folder); got != n {
			e.t.Errorf("%s holds %d messages, want %d", folder, got, n)
		}
	}
}

func TestIngestFilesRealClientMail(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	e.deliverAll()
	// Over the limit in its text itself: nothing of it can be read.
	big := append([]byte("From: alice@corp.example\r\nTo: "+mailbox.Build(preread.SubAddress{Kind: preread.AddressStatus, Token: e.tokens["alice@corp.example"]})+
		"\r\nSubject: a very long status\r\nMessage-ID: <big-1@mail.gmail.com>\r\nContent-Type: text/plain\r\n\r\n"),
		bytes.Repeat([]byte("Today: more of the same\r\n"), 2<<20/25)...)
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", big)

	stats, err := e.pass(e.syncer(mailtest.LogTo(t)))
	if err != nil {
		t.Fatalf("Pass() = %v", err)
	}
	if stats.Seen != len(deliveries)+1 {
		t.Errorf("Pass saw %d messages, want %d", stats.Seen, len(deliveries)+1)
	}
	e.checkFolders(1)
	ctx := t.Context()
	for _, d := range deliveries {
		key := messageKey(t, e.fixture(d.file))
		p, err := e.db.Processed(ctx, key)
		if err != nil {
			t.Errorf("%s: Processed(%s) = %v", d.file, key, err)
			continue
		}
		if p.Outcome != d.outcome || !strings.Contains(p.Reason, d.reason) {
			t.Errorf("%s: outcome %s (%q), want %s with %q", d.file, p.Outcome, p.Reason, d.outcome, d.reason)
		}
	}
	if p, err := e.db.Processed(ctx, "<big-1@mail.gmail.com>"); err != nil || p.Outcome != preread.OutcomeFailed || !strings.Contains(p.Reason, "over the 1.0 MiB limit") {
		t.Errorf("oversized message: %+v, %v; want failed over the limit", p, err)
	}
	checkNotebook(t, e)
	checkHelpReplies(t, e)
}

func messageKey(t *testing.T, raw []byte) string {
	t.Helper()
	m, err := message.Parse(raw, 0)
	if err != nil { // unparseable mail is known by the hash of its bytes
		sum := sha256.Sum256(raw)
		return "sha256:" + hex.EncodeToString(sum[:])
	}
	return m.Key
}

func checkNotebook(t *testing.T, e *ingestEnv) {
	t.Helper()
	nb, err := e.db.Notebook(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]preread.StatusEntry{}
	for _, s := range nb.Status {
		status[s.MessageID] = s
	}
	want := []preread.StatusEntry{
		{MessageID: "<CAGmail-status-1@mail.gmail.com>", Person: "alice@corp.example", Yesterday: "finished the billing migration dry run",
			Today: "cut over the first two tenants", Blockers: "waiting on DBA approval for the schema change"},
		{MessageID: "<AM0PR01MB-outlook-status@eurprd01.prod.outlook.com>", Person: "bob@corp.example",
			Yesterday: "reviewed the on-call runbook", Today: "load test for the search cluster"},
		{MessageID: "<koi8r-base64-1@corp.example>", Person: "bob@corp.example", Text: "Сегодня: выкатываю новый кеш"},
		{MessageID: "<latin1-alias-1@mail.gmail.com>", Person: "alice@corp.example", Text: "Café meeting with the naïve tester went well; résumé updated."},
		{MessageID: "<android-1@corp.example>", Person: "bob@corp.example", Text: "All good, shipping the cache today 🚀"},
	}
	if len(nb.Status) != len(want) {
		t.Errorf("%d status entries, want %d: %+v", len(nb.Status), len(want), nb.Status)
	}
	for _, w := range want {
		got, ok := status[w.MessageID]
		switch {
		case !ok:
			t.Errorf("no status entry for %s", w.MessageID)
		case got.Person != w.Person || got.Yesterday != w.Yesterday || got.Today != w.Today || got.Blockers != w.Blockers:
			t.Errorf("status %s = %s y=%q t=%q b=%q; want %s y=%q t=%q b=%q", w.MessageID, got.Person, got.Yesterday, got.Today, got.Blockers,
				w.Person, w.Yesterday, w.Today, w.Blockers)
		case w.Text != "" && got.Text != w.Text:
			t.Errorf("status %s text = %q, want %q", w.MessageID, got.Text, w.Text)
		case strings.Contains(got.Text, "wrote:") || strings.Contains(got.Text, "Sent from") || strings.Contains(got.Text, "divRplyFwdMsg"):
			t.Errorf("status %s kept the quote or signature: %q", w.MessageID, got.Text)
		}
	}
	if s := status["<android-1@corp.example>"]; s.Date.String() != "2026-11-25" {
		t.Errorf("reply to the 25 Nov prompt filed for %s", s.Date)
	}
	if s := status["<CAGmail-status-1@mail.gmail.com>"]; s.Date.String() != "2026-11-24" {
		t.Errorf("status written on 24 Nov in New York filed for %s", s.Date)
	}

	if len(nb.Agenda) != 3 {
		t.Fatalf("%d agenda items, want 3: %+v", len(nb.Agenda), nb.Agenda)
	}
	byID := map[string]preread.AgendaItem{}
	for _, a := range nb.Agenda {
		byID[a.MessageID] = a
	}
	growth := byID["<8A1C2D3E-apple-agenda@corp.example>"]
	if growth.Report != "alice@corp.example" || growth.Category != preread.CategoryGrowth || strings.Contains(growth.Text, "iPhone") {
		t.Errorf("Apple Mail agenda item = %+v; want Alice's, growth, without the signature", growth)
	}
	fwd := byID["<tb-forward-1@corp.example>"]
	if fwd.Forwarded == nil || !strings.Contains(fwd.Forwarded.From, "dan@partner.example") || fwd.Forwarded.Subject != "Design review feedback" ||
		!strings.Contains(fwd.Text, "fallback for the EU region") || !strings.Contains(fwd.Note, "Can we go through this?") {
		t.Errorf("forwarded agenda item = %+v (fwd %+v); want Dan's message with Alice's note", fwd, fwd.Forwarded)
	}
	named := byID["<carol-agenda-1@corp.example>"]
	if named.Report != "alice@corp.example" || named.From != "carol@corp.example" || !strings.Contains(named.Text, "promotion packet") {
		t.Errorf("manager's named item = %+v; want on carol:alice from carol", named)
	}
}

func checkHelpReplies(t *testing.T, e *ingestEnv) {
	t.Helper()
	out, err := e.db.Outbox(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var help []string
	for _, o := range out {
		if o.Kind == preread.KindHelp {
			help = append(help, o.Recipient)
		}
	}
	slices.Sort(help)
	if !slices.Equal(help, []string{"bob@corp.example", "carol@corp.example"}) {
		t.Errorf("help replies to %v, want one each to bob (untagged) and carol (ambiguous agenda)", help)
	}
}

var errCrash = errors.New("crash between commit and move")

func TestIngestCrashBetweenCommitAndMove(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	e.deliverAll()
	s := e.syncer(mailtest.LogTo(t))
	mailin.SetBeforeMove(s, func() error { return errCrash })
	if _, err := e.pass(s); !errors.Is(err, errCrash) {
		t.Fatalf("Pass() = %v, want the crash", err)
	}
	if got := e.count("INBOX"); got != len(deliveries) {
		t.Fatalf("after the crash INBOX holds %d, want all %d still there", got, len(deliveries))
	}
	// Started again: the first batch is moved, not filed again.
	if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
		t.Fatalf("Pass() after restart = %v", err)
	}
	e.checkFolders(0)
	checkNotebook(t, e)
	checkHelpReplies(t, e)
}

func TestIngestRescanAfterUIDValidityChange(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{DisableMove: true})
	e.deliverAll()
	if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
		t.Fatal(err)
	}
	// The same mail shows up again under a new UIDVALIDITY (a rebuilt mailbox).
	e.deliverAll()
	if err := e.db.SetMailboxState(t.Context(), "INBOX", 1, 999); err != nil {
		t.Fatal(err)
	}
	stats, err := e.pass(e.syncer(mailtest.LogTo(t)))
	if err != nil {
		t.Fatal(err)
	}
	if stats.Seen != len(deliveries) {
		t.Errorf("rescan saw %d, want %d", stats.Seen, len(deliveries))
	}
	checkNotebook(t, e) // nothing filed twice
	for folder, per := range map[string]int{"preread/Processed": 2, "preread/Rejected": 2, "preread/Failed": 2} {
		if got := e.count(folder); got%per != 0 || got == 0 {
			t.Errorf("%s holds %d, want both copies", folder, got)
		}
	}
}

func TestWatcherReconnectsAfterDovecotRestart(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	passes := make(chan mailin.Stats, 100)
	w := &mailin.Watcher{
		Server: mailin.Server{Addr: e.dovecot.Addr(), Security: "none", Username: mailtest.DefaultUser, Password: mailtest.DefaultPassword},
		Syncer: e.syncer(mailtest.LogTo(t)), Log: slog.New(slog.NewTextHandler(mailtest.LogTo(t), nil)),
		MinBackoff: 50 * time.Millisecond, MaxBackoff: 500 * time.Millisecond,
		OnPass: func(s mailin.Stats) { passes <- s },
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("watcher did not stop within 10s of cancel")
		}
	}()
	waitFiled := func(n int) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			nb, err := e.db.Notebook(t.Context(), "")
			if err == nil && len(nb.Status) >= n {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("not %d status entries filed within 20s", n)
	}
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", e.fixture("gmail-status-reply.eml"))
	waitFiled(1) // arrived while in IDLE
	e.dovecot.Restart(t)
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", e.fixture("latin1-alias-status.eml"))
	waitFiled(2) // delivered while the watcher was reconnecting
	if got := e.count("INBOX"); got != 0 {
		t.Errorf("INBOX holds %d after the watcher's passes, want 0", got)
	}
}
