package loopback_test

import (
	"context"
	"errors"
	"log"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"

	"github.com/preread/preread/internal/loopback"
)

func TestIMAPDeliverAndFolders(t *testing.T) {
	s, err := loopback.StartIMAP(loopback.IMAPOptions{User: "box@corp.example", Password: "pw", ErrorLog: log.New(t.Output(), "imap: ", 0)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, time.November, 30, 9, 0, 0, 0, time.UTC)
	raw := []byte("From: a@corp.example\r\nSubject: hello\r\n\r\nbody\r\n")
	if err := s.Deliver(at, raw, raw); err != nil {
		t.Fatalf("Deliver: %v", err)
	}

	c, err := s.Login()
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if err := c.Create("Done", nil).Wait(); err != nil {
		t.Fatalf("create Done: %v", err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatalf("select: %v", err)
	}
	var first imap.SeqSet
	first.AddNum(1)
	if _, err := c.Move(first, "Done").Wait(); err != nil {
		t.Fatalf("move: %v", err)
	}
	if err := c.Logout().Wait(); err != nil {
		t.Fatalf("logout: %v", err)
	}
	c.Close()

	got, err := s.Folders()
	if err != nil {
		t.Fatalf("Folders: %v", err)
	}
	want := map[string]int{"INBOX": 1, "Done": 1}
	if len(got) != len(want) {
		t.Fatalf("Folders() = %v, want %v", got, want)
	}
	for _, f := range got {
		if want[f.Name] != f.Messages {
			t.Errorf("Folders() = %v, want %v", got, want)
		}
	}
}

func TestIMAPWrongPassword(t *testing.T) {
	s, err := loopback.StartIMAP(loopback.IMAPOptions{User: "box@corp.example", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := imapclient.DialInsecure(s.Addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("box@corp.example", "nope").Wait(); err == nil {
		t.Errorf("Login with a wrong password succeeded")
	}
}

func TestSMTPSinceAndWait(t *testing.T) {
	s, err := loopback.StartSMTP(loopback.SMTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, body := range []string{"one", "two", "three"} {
		msg := "Subject: " + body + "\r\n\r\n" + body + "\r\n"
		send(t, s.Addr(), msg)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	all, err := s.Wait(ctx, 3)
	if err != nil || len(all) != 3 {
		t.Fatalf("Wait(3) = %d messages, %v; want 3", len(all), err)
	}
	if m := all[0]; m.From != "a@corp.example" || len(m.To) != 2 || !strings.HasSuffix(string(m.Data), "one\r\n") {
		t.Errorf("first message = %+v", m)
	}
	if got := s.Since(2); len(got) != 1 || !strings.Contains(string(got[0].Data), "three") {
		t.Errorf("Since(2) = %v, want the third message", got)
	}
	if got := s.Since(3); got != nil {
		t.Errorf("Since(3) = %v, want nil", got)
	}
	all[0].Data[0] = 'X'
	if s.Messages()[0].Data[0] == 'X' {
		t.Errorf("Messages shares its bytes with the server")
	}

	short, cancel2 := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel2()
	if got, err := s.Wait(short, 4); !errors.Is(err, context.DeadlineExceeded) || len(got) != 3 {
		t.Errorf("Wait(4) = %d messages, %v; want 3 and the deadline", len(got), err)
	}
	if s.Connections() != 3 || s.Attempts() != 3 {
		t.Errorf("Connections() = %d, Attempts() = %d; want 3, 3", s.Connections(), s.Attempts())
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// send delivers msg from a@ to b@ and c@ over a plain connection of its own.
func send(t *testing.T, addr, msg string) {
	t.Helper()
	c, err := smtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.SendMail("a@corp.example", []string{"b@corp.example", "c@corp.example"}, strings.NewReader(msg)); err != nil {
		t.Fatalf("SendMail(%q): %v", msg, err)
	}
	if err := c.Quit(); err != nil {
		t.Fatalf("quit: %v", err)
	}
}
