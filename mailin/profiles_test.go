package mailin_test

import (
	"context"
	"log/slog"
	"time"

	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
)

// inboxFlags counts the inbox's messages and those flagged \Deleted.
func (e *ingestEnv) inboxFlags() (all, deleted int) {
	e.t.Helper()
	c := e.dovecot.Client(e.t, mailtest.DefaultUser)
	sel, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		e.t.Fatal(err)
	}
	data, err := c.UIDSearch(&imap.SearchCriteria{Flag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		e.t.Fatal(err)
	}
	return int(sel.NumMessages), len(data.AllUIDs())
}

// The config's folder names (preread/Processed…) work unchanged on every
// kind of server, mail lands in the server's own name for each, and a
// second pass files nothing twice.
func TestIngestOnEveryServerProfile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		profile mailtest.Profile
		prefix  string // how the server names preread/Processed, minus "Processed"
		flagged bool   // the inbox keeps the moved copies flagged \Deleted
	}{
		{"dovecot", mailtest.AsDovecot, "preread/", false},
		{"courier", mailtest.AsCourier, "INBOX.preread.", false},
		{"without UIDPLUS", mailtest.WithoutUIDPlus, "preread/", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newIngestEnv(t, mailtest.DovecotOptions{Profile: tc.profile})
			e.deliverAll()
			s := e.syncer(mailtest.LogTo(t))
			if _, err := e.pass(s); err != nil {
				t.Fatalf("Pass() = %v", err)
			}
			want := map[string]int{}
			for _, d := range deliveries {
				switch d.outcome {
				case preread.OutcomeRejected:
					want["Rejected"]++
				case preread.OutcomeFailed:
					want["Failed"]++
				default:
					want["Processed"]++
				}
			}
			check := func(when string) {
				t.Helper()
				for folder, n := range want {
					if got := e.count(tc.prefix + folder); got != n {
						t.Errorf("%s: %s holds %d messages, want %d", when, tc.prefix+folder, got, n)
					}
				}
				all, deleted := e.inboxFlags()
				wantAll, wantDeleted := 0, 0
				if tc.flagged {
					wantAll, wantDeleted = len(deliveries), len(deliveries)
				}
				if all != wantAll || deleted != wantDeleted {
					t.Errorf("%s: INBOX holds %d messages, %d flagged \\Deleted; want %d and %d", when, all, deleted, wantAll, wantDeleted)
				}
			}
			check("after the first pass")
			stats, err := e.pass(s)
			if err != nil {
				t.Fatalf("second Pass() = %v", err)
			}
			if stats.Seen != 0 {
				t.Errorf("second pass saw %d messages, want none (the moved ones count as moved)", stats.Seen)
			}
			check("after the second pass")
		})
	}
}

// A server whose IDLE says nothing until its own timer still has its mail
// filed within check_every: IDLE ends for a NOOP, which brings the news.
func TestWatcherFilesWithinCheckEveryWhenIdleLags(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	lag := mailtest.StartLagProxy(t, e.dovecot.Addr())
	passes := make(chan mailin.Stats, 100)
	const checkEvery = time.Second
	w := &mailin.Watcher{
		Server: mailin.Server{Addr: lag.Addr(), Security: "none", Username: mailtest.DefaultUser, Password: mailtest.DefaultPassword},
		Syncer: e.syncer(mailtest.LogTo(t)), Log: slog.New(slog.NewTextHandler(mailtest.LogTo(t), nil)),
		IdleRenew: time.Hour, CheckEvery: checkEvery,
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
	select {
	case <-passes: // the first pass, before IDLE
	case <-time.After(20 * time.Second):
		t.Fatal("no first pass within 20s")
	}
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", e.fixture("gmail-status-reply.eml"))
	sent := time.Now()
	for {
		nb, err := e.db.Notebook(t.Context(), "")
		if err == nil && len(nb.Status) == 1 {
			break
		}
		if time.Since(sent) > checkEvery+10*time.Second {
			t.Fatalf("the status was not filed within check_every (%s) and 10s of slack", checkEvery)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if lag.Withheld() == 0 {
		t.Error("the proxy withheld no EXISTS: the test did not exercise a lagging IDLE")
	}
}

// A Processed folder the server refuses to write (a full quota, no
// permission) loses nothing on any kind of server: the filed mail is
// recorded and stays in the inbox unflagged, the refusal is recorded with
// its next try, nothing is tried before then, and once the folder takes
// mail again every message lands once.
func TestARefusedCopyLosesNothingAndLandsLater(t *testing.T) {
	for _, tc := range []struct {
		name    string
		profile mailtest.Profile
		prefix  string
	}{
		{"dovecot with MOVE", mailtest.AsDovecot, "preread/"},
		{"courier without MOVE", mailtest.AsCourier, "INBOX.preread."},
		{"without UIDPLUS", mailtest.WithoutUIDPlus, "preread/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newIngestEnv(t, mailtest.DovecotOptions{Profile: tc.profile})
			s := e.syncer(mailtest.LogTo(t))
			if _, err := e.pass(s); err != nil { // creates the folders
				t.Fatal(err)
			}
			processed := tc.prefix + "Processed"
			e.dovecot.RefuseWrites(t, mailtest.DefaultUser, processed)
			e.deliverAll()
			filed, rejected := 0, 0
			for _, d := range deliveries {
				switch d.outcome {
				case preread.OutcomeRejected:
					rejected++
				case preread.OutcomeFiled, preread.OutcomeIgnored:
					filed++
				}
			}
			stats, err := e.pass(s)
			if err != nil {
				t.Fatalf("Pass() with Processed refused = %v, want it to go on", err)
			}
			if stats.Seen != len(deliveries) {
				t.Errorf("the pass saw %d messages, want %d", stats.Seen, len(deliveries))
			}
			all, deleted := e.inboxFlags()
			movedFlagged := 0 // without UIDPLUS the moved copies stay, flagged \Deleted
			if tc.profile == mailtest.WithoutUIDPlus {
				movedFlagged = len(deliveries) - filed
			}
			if all-deleted != filed || deleted != movedFlagged {
				t.Errorf("INBOX holds %d messages, %d flagged \\Deleted; want the %d filed ones unflagged and %d flagged", all, deleted, filed, movedFlagged)
			}
			if got := e.count(tc.prefix + "Rejected"); got != rejected {
				t.Errorf("Rejected holds %d, want %d: a refusal of one folder stops no other", got, rejected)
			}
			refusals, err := e.db.MoveRefusals(t.Context())
			if err != nil || len(refusals) != 1 || refusals[0].Folder != "preread/Processed" || refusals[0].Attempts != 1 || refusals[0].Reason == "" {
				t.Fatalf("MoveRefusals() = %+v, %v; want one for preread/Processed (as the config names it) with the server's reason", refusals, err)
			}
			if !s.NextMoveTry().Equal(refusals[0].NextTry) || !refusals[0].NextTry.After(e.now) {
				t.Errorf("NextMoveTry() = %v, want the recorded next try %v, after now", s.NextMoveTry(), refusals[0].NextTry)
			}

			// Before the next try, a pass does not try again, nor read the
			// waiting messages again.
			if stats, err := e.pass(s); err != nil || stats.Seen != 0 {
				t.Fatalf("a pass before the next try = %+v, %v; want nothing read", stats, err)
			}
			if refusals, _ := e.db.MoveRefusals(t.Context()); len(refusals) != 1 || refusals[0].Attempts != 1 {
				t.Errorf("a pass before the next try tried again: %+v", refusals)
			}

			// Once the folder takes mail and the try is due, every message
			// lands, once.
			e.dovecot.AllowWrites(t, mailtest.DefaultUser, processed)
			e.now = refusals[0].NextTry
			if _, err := e.pass(s); err != nil {
				t.Fatal(err)
			}
			if got := e.count(processed); got != filed {
				t.Errorf("Processed holds %d, want %d", got, filed)
			}
			all, deleted = e.inboxFlags()
			if tc.profile == mailtest.WithoutUIDPlus {
				all -= deleted // the copies stay flagged \Deleted where nothing may be expunged
			}
			if all != 0 {
				t.Errorf("INBOX still holds %d messages not flagged \\Deleted", all)
			}
			if refusals, _ := e.db.MoveRefusals(t.Context()); len(refusals) != 0 {
				t.Errorf("the refusal outlived a copy that worked: %+v", refusals)
			}
			if s.NextMoveTry() != (time.Time{}) {
				t.Errorf("NextMoveTry() = %v after the copy worked, want none", s.NextMoveTry())
			}
		})
	}
}
