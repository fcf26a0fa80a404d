package mailin_test

import (
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/internal/oauth"
	"github.com/preread/preread/mailin"
)

// probeOptions is the mailbox at addr as the default config reaches it.
func probeOptions(addr, security string) mailin.ProbeOptions {
	return mailin.ProbeOptions{
		Server:        mailin.Server{Addr: addr, Security: security, Username: mailtest.DefaultUser, Password: mailtest.DefaultPassword},
		Folders:       mailin.Folders{Inbox: "INBOX", Processed: "preread/Processed", Rejected: "preread/Rejected", Failed: "preread/Failed"},
		Mailbox:       mailbox,
		TokenLifetime: 45 * time.Minute,
		PasswordEnv:   "PREREAD_IMAP_PASSWORD",
	}
}

// withToken logs in with XOAUTH2 and a token from command.
func withToken(t *testing.T, o mailin.ProbeOptions, command string) mailin.ProbeOptions {
	o.Server.Password, o.Server.Auth = "", preread.AuthXOAuth2
	o.Server.Token = oauth.NewTokenCommand("mailbox.token_command", t.TempDir(), command, o.TokenLifetime).Token
	return o
}

func TestProbeAllOK(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	out, failed := mailtest.ProbeLines(t, mailin.Probe(t.Context(), probeOptions(d.Addr(), "none")))
	if failed != 0 {
		t.Errorf("Probe failed %d steps, want none", failed)
	}
	mailtest.WantLines(t, out,
		`^ok   imap dns: 127\.0\.0\.1 is an IP address`,
		`^ok   imap tcp: connected to 127\.0\.0\.1:\d+`,
		`^ok   imap greeting: plain text .* the server offers LOGIN, AUTH=LOGIN, AUTH=PLAIN$`,
		`^ok   imap login: logged in as preread@corp\.example with a password \(LOGIN\)$`,
		`^ok   imap folder INBOX: exists, 0 messages$`,
		`^ok   imap folder preread/Processed: created \(serve would create it on its first pass\)$`,
		`^ok   imap folder preread/Rejected: created`,
		`^ok   imap folder preread/Failed: created`,
		`^ok   imap idle: reports new mail at once: EXISTS \d+(\.\d+)?m?s after a message was appended on another connection$`,
	)
	out, _ = mailtest.ProbeLines(t, mailin.Probe(t.Context(), probeOptions(d.Addr(), "none")))
	mailtest.WantLines(t, out, `^ok   imap folder preread/Processed: exists$`, `^ok   imap folder preread/Failed: exists$`)
}

func TestProbeFailures(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{TLS: true})
	good := probeOptions(d.Addr(), "none")
	wrongPassword := good
	wrongPassword.Server.Password = "wrong"
	missingInbox := good
	missingInbox.Folders.Inbox = "Incoming"
	cases := []struct {
		name string
		o    mailin.ProbeOptions
		want []string
	}{
		{"port closed", probeOptions(mailtest.ClosedAddr(t), "none"), []string{
			`^FAIL imap tcp: .*connection refused; fix: nothing listens on port \d+ of 127\.0\.0\.1: check the port in mailbox\.imap \(IMAP is port 993 with security: tls`,
		}},
		{"wrong password", wrongPassword, []string{
			`^ok   imap greeting: `,
			`^FAIL imap login: log in to .*AUTHENTICATIONFAILED.*; fix: check mailbox\.username \(preread@corp\.example\) and the password in \$PREREAD_IMAP_PASSWORD$`,
		}},
		{"missing folder", missingInbox, []string{
			`^ok   imap login: `,
			`^FAIL imap folder Incoming: .*; fix: set mailbox\.folder to the folder mail arrives in \(usually INBOX\); the account has .*INBOX`,
		}},
		{"untrusted certificate", probeOptions(d.TLSAddr(), "tls"), []string{
			`^ok   imap tcp: `,
			`^FAIL imap tls: .*certificate.*; fix: the certificate of 127\.0\.0\.1 is signed by an authority this machine does not trust`,
		}},
		{"starttls on the implicit tls port", probeOptions(d.TLSAddr(), "starttls"), []string{
			`^FAIL imap tls: .*; fix: `,
		}},
		{"token command fails", withToken(t, good, "echo 'invalid_grant: account not found' >&2; exit 3"), []string{
			`^FAIL imap token: mailbox\.token_command: exit status 3: invalid_grant: account not found; fix: run the mailbox\.token_command by hand .* within 30s$`,
			`^ok   imap greeting: `, // the connection is still checked
		}},
		{"server without xoauth2", withToken(t, good, "echo ya29.token"), []string{
			`^ok   imap token: mailbox\.token_command printed an access token \(10 characters\), kept for 45m0s`,
			`^FAIL imap login: .*XOAUTH2.*; fix: the server does not offer AUTH=XOAUTH2 \(it offers LOGIN, AUTH=LOGIN, AUTH=PLAIN\): use an auth it offers$`,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, failed := mailtest.ProbeLines(t, mailin.Probe(t.Context(), tc.o))
			mailtest.WantLines(t, out, tc.want...)
			if failed != 1 {
				t.Errorf("Probe failed %d steps, want exactly one in:\n%s", failed, out)
			}
		})
	}
}

func TestProbeStopsWhenTheReaderDoes(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	n := 0
	for range mailin.Probe(t.Context(), probeOptions(d.Addr(), "none")) {
		if n++; n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("read %d steps, want 3", n)
	}
}

func TestSubaddressNote(t *testing.T) {
	o := probeOptions("imap.gmail.com:993", "tls")
	o.Mailbox.Separator = "-"
	got := o.SubaddressNote()
	for _, want := range []string{"people write to preread-status@corp.example and preread-agenda@corp.example, which must reach INBOX",
		"Gmail delivers +tags"} {
		if !strings.Contains(got, want) {
			t.Errorf("SubaddressNote() = %q, want it to say %q", got, want)
		}
	}
	o.Server.Addr = "mail.corp.example:993"
	if got := o.SubaddressNote(); !strings.Contains(got, "recipient_delimiter = -") {
		t.Errorf("SubaddressNote() = %q, want the Postfix setting", got)
	}
}

func TestProbeShowsTheServersFolderNames(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{Profile: mailtest.AsCourier})
	out, failed := mailtest.ProbeLines(t, mailin.Probe(t.Context(), probeOptions(d.Addr(), "none")))
	if failed != 0 {
		t.Errorf("Probe failed %d steps on a Courier-like server, want none:\n%s", failed, out)
	}
	mailtest.WantLines(t, out,
		`^ok   imap namespace: personal folders under "INBOX\." with '\.' between levels: preread/Processed is INBOX\.preread\.Processed on this server, `+
			`preread/Rejected is INBOX\.preread\.Rejected on this server, preread/Failed is INBOX\.preread\.Failed on this server$`,
		`^ok   imap folder INBOX: exists`,
		`^ok   imap folder preread/Processed: created`,
		`^ok   imap folder preread/Failed: created`,
	)
	c := d.Client(t, mailtest.DefaultUser)
	if _, err := c.Select("INBOX.preread.Processed", nil).Wait(); err != nil {
		t.Errorf("the probe did not create INBOX.preread.Processed: %v", err)
	}

	plain := mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	out, _ = mailtest.ProbeLines(t, mailin.Probe(t.Context(), probeOptions(plain.Addr(), "none")))
	mailtest.WantLines(t, out, `^ok   imap namespace: personal folders at the top level with '/' between levels: the folder names are used as written$`)
}

// TestProbeSeesALaggingIdle: behind a proxy that withholds IDLE's news as
// Courier does, the IDLE step says so and names check_every; the scratch
// folder is gone after the check.
func TestProbeSeesALaggingIdle(t *testing.T) {
	d := mailtest.StartDovecot(t, mailtest.DovecotOptions{})
	lag := mailtest.StartLagProxy(t, d.Addr())
	o := probeOptions(lag.Addr(), "none")
	o.CheckEvery = 20 * time.Second
	out, failed := mailtest.ProbeLines(t, mailin.Probe(t.Context(), o))
	if failed != 0 {
		t.Errorf("Probe failed %d steps, want none", failed)
	}
	mailtest.WantLines(t, out,
		`^ok   imap idle: said nothing within 5s of a new message: this server reports new mail on its own timer .*serve ends IDLE for a check every 20s \(mailbox\.check_every\)`)
	list, err := d.Client(t, mailtest.DefaultUser).List("", "*", nil).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range list {
		if strings.Contains(f.Mailbox, "idle-check") {
			t.Errorf("the scratch folder %s is still there", f.Mailbox)
		}
	}
}
