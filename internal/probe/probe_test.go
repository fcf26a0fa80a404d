package probe

import (
	"errors"
	"strings"
	"testing"
)

func TestHints(t *testing.T) {
	for host, want := range map[string]string{
		"imap.gmail.com": "google", "smtp.gmail.com.": "google", "smtp-relay.gmail.com": "google",
		"outlook.office365.com": "microsoft", "smtp.office365.com": "microsoft", "SMTP.Office365.com": "microsoft",
		"imap.fastmail.com": "fastmail", "mail.corp.example": "", "notgmail.com": "", "127.0.0.1": "",
	} {
		if got := Provider(host); got != want {
			t.Errorf("Provider(%q) = %q, want %q", host, got, want)
		}
	}
	for _, tc := range []struct{ provider, want string }{
		{"google", "app password in $PREREAD_IMAP_PASSWORD, or use auth: xoauth2"},
		{"microsoft", "use auth: xoauth2"},
		{"fastmail", "app password"},
		{"", "check mailbox.username (preread@corp.example) and the password in $PREREAD_IMAP_PASSWORD"},
	} {
		if got := PasswordHint(tc.provider, "mailbox", "preread@corp.example", "PREREAD_IMAP_PASSWORD"); !strings.Contains(got, tc.want) {
			t.Errorf("PasswordHint(%q) = %q, want it to say %q", tc.provider, got, tc.want)
		}
	}
	if got := OAuthHint("microsoft", "smtp", "preread@corp.example"); !strings.Contains(got, "SMTP.SendAsApp") {
		t.Errorf("OAuthHint(microsoft, smtp) = %q, want the SMTP.SendAsApp permission", got)
	}
}

func TestStepString(t *testing.T) {
	for _, tc := range []struct {
		s    Step
		want string
	}{
		{Step{Name: "imap tcp", OK: true, Message: "connected"}, "ok   imap tcp: connected"},
		{Step{Name: "imap login", Message: "log in to x:\n  NO no", Fix: "check it"}, "FAIL imap login: log in to x: NO no; fix: check it"},
	} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestRunStopsWhenTheReaderDoes(t *testing.T) {
	var got []string
	r := NewRun(func(s Step) bool {
		got = append(got, s.Name)
		return len(got) < 2
	})
	if !r.OK("a", "fine") || r.Fail("b", errors.New("bad"), "fix") || r.OK("c", "fine") || !r.Stopped() {
		t.Errorf("OK, Fail, OK after the reader stopped went on; want a stop from the second step")
	}
	if strings.Join(got, " ") != "a b" {
		t.Errorf("reader got %q, want a and b only", got)
	}
}
