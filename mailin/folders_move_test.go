package mailin

import (
	"errors"
	"log"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/preread/preread/internal/mailtest"
)

// refusingIMAP is go-imap's in-memory server without MOVE, whose COPY can
// be made to fail as a full quota would; it notes every command that
// changes the inbox.
type refusingIMAP struct {
	user *imapmemserver.User

	mu      sync.Mutex
	refuse  bool
	touched []string // "STORE …", "EXPUNGE", "COPY …"
}

func (s *refusingIMAP) note(cmd string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touched = append(s.touched, cmd)
}

func (s *refusingIMAP) commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.touched)
}

type refusingSession struct {
	*imapmemserver.UserSession
	srv *refusingIMAP
}

func (s *refusingSession) Login(string, string) error { return nil }

func (s *refusingSession) Copy(set imap.NumSet, dest string) (*imap.CopyData, error) {
	s.srv.note("COPY " + dest)
	s.srv.mu.Lock()
	refuse := s.srv.refuse
	s.srv.mu.Unlock()
	if refuse {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeOverQuota, Text: "Quota exceeded (mailbox for user is full)"}
	}
	return s.UserSession.Copy(set, dest)
}

func (s *refusingSession) Store(w *imapserver.FetchWriter, set imap.NumSet, flags *imap.StoreFlags, opts *imap.StoreOptions) error {
	s.srv.note("STORE")
	return s.UserSession.Store(w, set, flags, opts)
}

func (s *refusingSession) Expunge(w *imapserver.ExpungeWriter, uids *imap.UIDSet) error {
	s.srv.note("EXPUNGE")
	return s.UserSession.Expunge(w, uids)
}

// startRefusingIMAP serves caps (never MOVE) on loopback with three
// messages in INBOX and an empty Processed folder.
func startRefusingIMAP(t *testing.T, caps imap.CapSet) (*refusingIMAP, *imapclient.Client) {
	t.Helper()
	s := &refusingIMAP{user: imapmemserver.NewUser("u", "p")}
	for _, name := range []string{"INBOX", "Processed"} {
		if err := s.user.Create(name, nil); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		raw := "From: a@corp.example\r\nSubject: m" + string(rune('1'+i)) + "\r\n\r\nbody\r\n"
		if _, err := s.user.Append("INBOX", strings.NewReader(raw), &imap.AppendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &refusingSession{UserSession: imapmemserver.NewUserSession(s.user), srv: s}, nil, nil
		},
		Caps:         caps,
		InsecureAuth: true, // loopback only
		Logger:       log.New(mailtest.LogTo(t), "imap server: ", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	c, err := imapclient.DialInsecure(ln.Addr().String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Close()
		srv.Close()
		<-done
	})
	if err := c.Login("u", "p").Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	return s, c
}

// inboxState lists INBOX's UIDs and which of them are flagged \Deleted.
func inboxState(t *testing.T, c *imapclient.Client) (uids, deleted []uint32) {
	t.Helper()
	msgs, err := c.Fetch(imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		uids = append(uids, uint32(m.UID))
		if slices.Contains(m.Flags, imap.FlagDeleted) {
			deleted = append(deleted, uint32(m.UID))
		}
	}
	return uids, deleted
}

func TestMoveWithoutMOVENeverFlagsOrExpungesAfterARefusedCopy(t *testing.T) {
	for name, caps := range map[string]imap.CapSet{
		"UIDPLUS":    {imap.CapIMAP4rev1: {}, imap.CapUIDPlus: {}},
		"no UIDPLUS": {imap.CapIMAP4rev1: {}},
	} {
		t.Run(name, func(t *testing.T) {
			srv, c := startRefusingIMAP(t, caps)
			srv.refuse = true
			moved, err := moveUIDs(c, []uint32{1, 2, 3}, "Processed")
			var cerr *CopyError
			if !errors.As(err, &cerr) || cerr.Folder != "Processed" || !strings.Contains(err.Error(), "Quota") {
				t.Fatalf("moveUIDs with a refused copy = %v, want a *CopyError for Processed with the server's words", err)
			}
			if len(moved) != 0 {
				t.Errorf("moveUIDs with a refused copy says %v moved, want none", moved)
			}
			if got := srv.commands(); !slices.Equal(got, []string{"COPY Processed"}) {
				t.Errorf("server saw %q after a refused copy, want only the COPY (no STORE, no EXPUNGE)", got)
			}
			uids, deleted := inboxState(t, c)
			if len(uids) != 3 || len(deleted) != 0 {
				t.Errorf("INBOX after a refused copy: uids %v, deleted %v; want all 3, none flagged", uids, deleted)
			}

			// Once the folder takes mail again, the move goes through.
			srv.mu.Lock()
			srv.refuse, srv.touched = false, nil
			srv.mu.Unlock()
			if moved, err := moveUIDs(c, []uint32{1, 2, 3}, "Processed"); err != nil || len(moved) != 3 {
				t.Fatalf("moveUIDs once the copy works = %v, %v; want all 3 moved", moved, err)
			}
			uids, deleted = inboxState(t, c)
			want := []string{"COPY Processed", "STORE", "EXPUNGE"}
			wantUIDs := 0
			if _, ok := caps[imap.CapUIDPlus]; !ok {
				// Without UIDPLUS nothing is expunged: a bare EXPUNGE would
				// remove other clients' deleted mail too.
				want, wantUIDs = want[:2], 3
				if len(deleted) != 3 {
					t.Errorf("deleted after the copy = %v, want all 3 flagged", deleted)
				}
			}
			if got := srv.commands(); !slices.Equal(got, want) {
				t.Errorf("server saw %q, want %q, in that order", got, want)
			}
			if len(uids) != wantUIDs {
				t.Errorf("INBOX holds %v after the move, want %d messages", uids, wantUIDs)
			}
		})
	}
}
