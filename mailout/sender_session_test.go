package mailout

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
)

// testSession dials srv, with or without pipelining.
func testSession(t *testing.T, srv *mailtest.SMTPServer, pipelining bool) *session {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	s, err := Relay{Addr: srv.Addr(), Security: "none"}.dial(ctx)
	if err != nil {
		t.Fatalf("dial(%s) = %v", srv.Addr(), err)
	}
	if !s.pipelining || !s.eightBit {
		t.Fatalf("session = pipelining %v, 8bitmime %v; mailtest offers both", s.pipelining, s.eightBit)
	}
	s.pipelining = pipelining
	t.Cleanup(func() { s.close() })
	return s
}

func outgoing(i int) preread.Outgoing {
	raw := fmt.Sprintf("Message-ID: <%d@corp.example>\r\nSubject: test %d\r\n\r\n.a line that starts with a dot\r\n..and two\r\nbye\r\n", i, i)
	return preread.Outgoing{ID: int64(i), To: fmt.Sprintf("p%d@corp.example", i), Raw: []byte(raw)}
}

func TestSessionSendsEachEmailOnItsOwn(t *testing.T) {
	for _, pipelining := range []bool{true, false} {
		t.Run(fmt.Sprintf("pipelining=%v", pipelining), func(t *testing.T) {
			srv := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
			s := testSession(t, srv, pipelining)
			srv.SetFault(func(_ mailtest.Message, n int) error {
				switch n {
				case 2:
					return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "user unknown"}
				case 3:
					return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "later"}
				}
				return nil
			})
			want := []string{"", "550 5.1.1 user unknown", "451 4.3.0 later", ""}
			for i, w := range want {
				err := s.send("preread@corp.example", outgoing(i))
				got := ""
				if err != nil {
					got = err.reason()
				}
				if got != w || s.lost {
					t.Errorf("send(email %d) = %q, lost %v; want %q, session kept", i, got, s.lost, w)
				}
			}
			msgs := srv.Messages()
			if len(msgs) != 2 {
				t.Fatalf("relay got %d messages, want 2", len(msgs))
			}
			for j, i := range []int{0, 3} {
				o := outgoing(i)
				if string(msgs[j].Data) != string(o.Raw) || strings.Join(msgs[j].To, ",") != o.To {
					t.Errorf("message %d = to %v, %q; want to %s, %q", j, msgs[j].To, msgs[j].Data, o.To, o.Raw)
				}
			}
			if n := srv.Connections(); n != 1 {
				t.Errorf("Connections() = %d, want 1", n)
			}
		})
	}
}

func TestSessionRefusedMailFrom(t *testing.T) {
	for _, pipelining := range []bool{true, false} {
		t.Run(fmt.Sprintf("pipelining=%v", pipelining), func(t *testing.T) {
			// A relay that wants a login we don't give refuses MAIL FROM;
			// with pipelining it refuses RCPT and DATA as well.
			srv := mailtest.StartSMTP(t, mailtest.SMTPOptions{Users: map[string]string{"u": "p"}})
			s := testSession(t, srv, pipelining)
			for i := range 2 {
				err := s.send("preread@corp.example", outgoing(i))
				if err == nil || !err.Permanent || err.reason() != "502 5.7.0 Please authenticate first" || s.lost {
					t.Errorf("send(email %d) = %v, lost %v; want the permanent MAIL FROM refusal, session kept", i, err, s.lost)
				}
			}
			if n := srv.Attempts(); n != 0 {
				t.Errorf("relay saw %d DATA commands, want 0", n)
			}
		})
	}
}

func TestMailParams(t *testing.T) {
	s := &session{eightBit: true, utf8: true}
	tests := []struct {
		envelope, to, raw, want string
	}{
		{"preread@corp.example", "a@corp.example", "Subject: =?UTF-8?q?caf=C3=A9?=\r\n\r\nhi\r\n", ""},
		{"preread@corp.example", "a@corp.example", "Subject: hi\r\n\r\ncafé\r\n", " BODY=8BITMIME"},
		{"preread@corp.example", "josé@corp.example", "Subject: hi\r\n\r\nhi\r\n", " SMTPUTF8"},
	}
	for _, tt := range tests {
		if got := s.mailParams(tt.envelope, preread.Outgoing{To: tt.to, Raw: []byte(tt.raw)}); got != tt.want {
			t.Errorf("mailParams(%q, %q, %q) = %q, want %q", tt.envelope, tt.to, tt.raw, got, tt.want)
		}
	}
	if got := (&session{}).mailParams("preread@corp.example", preread.Outgoing{To: "josé@corp.example", Raw: []byte("café")}); got != "" {
		t.Errorf("mailParams without 8BITMIME and SMTPUTF8 = %q, want none", got)
	}
}
