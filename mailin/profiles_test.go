package mailin_test

import (
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
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
