package mailtest_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/wneessen/go-mail"

	"github.com/preread/preread/internal/mailtest"
)

// newMsg builds a small go-mail message.
func newMsg(t *testing.T, from, to, body string) *mail.Msg {
	t.Helper()
	m := mail.NewMsg()
	if err := m.From(from); err != nil {
		t.Fatalf("from: %v", err)
	}
	if err := m.To(to); err != nil {
		t.Fatalf("to: %v", err)
	}
	m.Subject("mailtest")
	m.SetBodyString(mail.TypeTextPlain, body)
	return m
}

// newClient returns a go-mail client for s with a bounded timeout.
func newClient(t *testing.T, s *mailtest.SMTPServer, opts ...mail.Option) *mail.Client {
	t.Helper()
	opts = append([]mail.Option{
		mail.WithPort(s.Port()),
		mail.WithTLSPolicy(mail.NoTLS),
		mail.WithTimeout(10 * time.Second),
	}, opts...)
	c, err := mail.NewClient(s.Host(), opts...)
	if err != nil {
		t.Fatalf("new client: %v", err)
	}
	return c
}

// send dials, sends msgs and closes.
func send(t *testing.T, c *mail.Client, msgs ...*mail.Msg) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	return c.DialAndSendWithContext(ctx, msgs...)
}

func TestSMTPCapturesGoMail(t *testing.T) {
	s := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	c := newClient(t, s)
	if err := send(t, c, newMsg(t, "digest@corp.example", "reader@corp.example", "Body text 42")); err != nil {
		t.Fatalf("send: %v", err)
	}
	msgs := s.WaitFor(t, 1, 5*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.From != "digest@corp.example" || len(m.To) != 1 || m.To[0] != "reader@corp.example" {
		t.Fatalf("envelope = %q -> %q", m.From, m.To)
	}
	if !strings.Contains(string(m.Data), "Body text 42") || !strings.Contains(string(m.Data), "Subject: mailtest") {
		t.Fatalf("data lacks body or subject:\n%s", m.Data)
	}
	if m.User != "" || m.TLS {
		t.Fatalf("User=%q TLS=%v on a plain unauthenticated session", m.User, m.TLS)
	}

	// Messages returns copies.
	msgs[0].Data[0] = 'X'
	if s.Messages()[0].Data[0] == 'X' {
		t.Fatalf("Messages shares memory with the server")
	}
	if s.Connections() != 1 || s.Attempts() != 1 {
		t.Fatalf("Connections=%d Attempts=%d, want 1 and 1", s.Connections(), s.Attempts())
	}
}

func TestSMTPConnectionReuse(t *testing.T) {
	s := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	c := newClient(t, s)
	err := send(t, c,
		newMsg(t, "a@corp.example", "x@corp.example", "one"),
		newMsg(t, "a@corp.example", "y@corp.example", "two"),
		newMsg(t, "a@corp.example", "z@corp.example", "three"))
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	msgs := s.WaitFor(t, 3, 5*time.Second)
	if got := s.Connections(); got != 1 {
		t.Fatalf("3 messages used %d connections, want 1", got)
	}
	for i, want := range []string{"x@corp.example", "y@corp.example", "z@corp.example"} {
		if msgs[i].To[0] != want {
			t.Errorf("message %d to %q, want %q", i, msgs[i].To[0], want)
		}
	}
}

func TestSMTPFaults(t *testing.T) {
	s := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	c := newClient(t, s)
	var mu sync.Mutex
	var seen []int
	s.SetFault(func(m mailtest.Message, n int) error {
		mu.Lock()
		seen = append(seen, n)
		mu.Unlock()
		switch {
		case strings.Contains(string(m.Data), "temporary"):
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		case strings.Contains(string(m.Data), "permanent"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	})

	for _, tc := range []struct {
		body string
		temp bool
		code int
	}{
		{"temporary", true, 451},
		{"permanent", false, 550},
	} {
		err := send(t, c, newMsg(t, "a@corp.example", "b@corp.example", tc.body))
		var se *mail.SendError
		if !errors.As(err, &se) {
			t.Fatalf("%s: error %v (%T), want *mail.SendError", tc.body, err, err)
		}
		if se.IsTemp() != tc.temp || se.ErrorCode() != tc.code {
			t.Fatalf("%s: IsTemp=%v code=%d, want %v %d (%v)", tc.body, se.IsTemp(), se.ErrorCode(), tc.temp, tc.code, err)
		}
	}
	if err := send(t, c, newMsg(t, "a@corp.example", "b@corp.example", "fine")); err != nil {
		t.Fatalf("send after faults: %v", err)
	}
	if got := len(s.WaitFor(t, 1, 5*time.Second)); got != 1 {
		t.Fatalf("recorded %d messages, want only the accepted one", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 3 || seen[0] != 1 || seen[2] != 3 || s.Attempts() != 3 {
		t.Fatalf("fault saw attempts %v, Attempts()=%d; want [1 2 3], 3", seen, s.Attempts())
	}
}

func TestSMTPDropNext(t *testing.T) {
	s := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	c := newClient(t, s)
	s.DropNext(1)
	err := send(t, c, newMsg(t, "a@corp.example", "b@corp.example", "dropped"))
	if err == nil {
		t.Fatalf("send succeeded although the connection was dropped")
	}
	t.Logf("dropped send: %v", err)
	if err := send(t, c, newMsg(t, "a@corp.example", "b@corp.example", "kept")); err != nil {
		t.Fatalf("send after drop: %v", err)
	}
	msgs := s.WaitFor(t, 1, 5*time.Second)
	if len(msgs) != 1 || !strings.Contains(string(msgs[0].Data), "kept") {
		t.Fatalf("recorded %d messages, want only the kept one", len(msgs))
	}
	if s.Attempts() != 2 || s.Connections() != 2 {
		t.Fatalf("Attempts=%d Connections=%d, want 2 and 2", s.Attempts(), s.Connections())
	}
}

func TestSMTPAuthPlain(t *testing.T) {
	s := mailtest.StartSMTP(t, mailtest.SMTPOptions{Users: map[string]string{"sender": "pw"}})

	good := newClient(t, s, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername("sender"), mail.WithPassword("pw"))
	if err := send(t, good, newMsg(t, "a@corp.example", "b@corp.example", "authed")); err != nil {
		t.Fatalf("send with correct credentials: %v", err)
	}
	if m := s.WaitFor(t, 1, 5*time.Second)[0]; m.User != "sender" {
		t.Fatalf("User = %q, want sender", m.User)
	}

	bad := newClient(t, s, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername("sender"), mail.WithPassword("nope"))
	err := send(t, bad, newMsg(t, "a@corp.example", "b@corp.example", "wrong"))
	if err == nil || !strings.Contains(err.Error(), "535") {
		t.Fatalf("send with a wrong password: %v, want a 535 failure", err)
	}
	anon := newClient(t, s)
	err = send(t, anon, newMsg(t, "a@corp.example", "b@corp.example", "anonymous"))
	if err == nil || !strings.Contains(err.Error(), "authenticate") {
		t.Fatalf("send without AUTH: %v, want an authentication-required failure", err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Fatalf("recorded %d messages, want 1", n)
	}
}

func TestSMTPStartTLS(t *testing.T) {
	s := mailtest.StartSMTP(t, mailtest.SMTPOptions{TLS: true, Users: map[string]string{"sender": "pw"}})
	c := newClient(t, s,
		mail.WithTLSPolicy(mail.TLSMandatory),
		mail.WithTLSConfig(&tls.Config{RootCAs: s.CertPool, ServerName: s.Host()}),
		mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername("sender"), mail.WithPassword("pw"))
	if err := send(t, c, newMsg(t, "a@corp.example", "b@corp.example", "secret body")); err != nil {
		t.Fatalf("send over STARTTLS: %v", err)
	}
	m := s.WaitFor(t, 1, 5*time.Second)[0]
	if !m.TLS || m.User != "sender" || !strings.Contains(string(m.Data), "secret body") {
		t.Fatalf("TLS=%v User=%q data:\n%s", m.TLS, m.User, m.Data)
	}

	unverified := newClient(t, s, mail.WithTLSPolicy(mail.TLSMandatory),
		mail.WithTLSConfig(&tls.Config{ServerName: s.Host()}))
	err := send(t, unverified, newMsg(t, "a@corp.example", "b@corp.example", "x"))
	var unknownCA x509.UnknownAuthorityError
	if !errors.As(err, &unknownCA) {
		t.Fatalf("STARTTLS without CertPool: %v, want x509.UnknownAuthorityError", err)
	}
}
