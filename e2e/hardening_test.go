package e2e

import (
	"strings"
	"testing"
)

// TestHostileMailThroughTheBinary: the built binary against Dovecot, with
// the mail an attacker sends: a stranger's 9 MB of the HTML the parser is
// slowest on, a known person's 5 MB of it, a forged DKIM pass below a
// Received line, a signed status replayed under a second From, an
// auto-reply hidden behind "Auto-Submitted: no", and a header that tries to
// write to the admin's terminal. Each gets its outcome and reason, the real
// statuses among them are filed, and `preread mail` shows it all without a
// single control character.
func TestHostileMailThroughTheBinary(t *testing.T) {
	t.Parallel()
	w := newWorld(t, `people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: bob@corp.example
    name: Bob Marley
teams:
  - name: Platform
    manager: carol@corp.example
    members: [bob@corp.example]
`)
	w.must("outbox")
	bob := statusAddr(w.tokens("bob@corp.example")["bob@corp.example"])
	html := func(shape string, mb int) string {
		return "<p>Today: the importer</p>" + strings.Repeat(shape, mb<<20/len(shape))
	}
	w.deliver(
		msg([]string{"From: mallory@evil.example", "To: " + bob, "Subject: hi", "Message-ID: <h1@evil.example>",
			"Content-Type: text/html; charset=utf-8"}, html("<tr><td>x", 9)),
		msg([]string{"From: Bob <bob@corp.example>", "To: " + bob, "Subject: status", "Message-ID: <h2@corp.example>",
			"Content-Type: text/html; charset=utf-8"}, html("x</span>", 5)),
		msg([]string{"Authentication-Results: mx.corp.example; dkim=fail header.d=corp.example",
			"Received: from evil.example by mx.corp.example", "Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example",
			"From: bob@corp.example", "To: preread@corp.example", "Subject: [STATUS] forged", "Message-ID: <h3@evil.example>"}, "Today: forged"),
		msg([]string{"Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example",
			"Received: from mail.corp.example by mx.corp.example", "From: carol@corp.example", "From: bob@corp.example",
			"To: preread@corp.example", "Subject: [STATUS] replayed", "Message-ID: <h4@corp.example>"}, "Today: replayed"),
		msg([]string{"From: bob@corp.example", "To: " + bob, "Auto-Submitted: no", "Auto-Submitted: auto-replied",
			"Subject: Out of the office", "Message-ID: <h5@corp.example>"}, "Back on Monday."),
		msg([]string{"\x1b]0;owned\x07Evil: header", "From: bob@corp.example", "Message-ID: <h6@corp.example>"}, "x"),
		msg([]string{"From: Bob <bob@corp.example>", "To: " + bob, "Subject: status", "Message-ID: <h7@corp.example>"}, "Today: the real one"),
	)
	if out := w.must("ingest", "--once"); !strings.Contains(out, "7 messages: 2 filed, 0 ignored, 4 rejected, 1 failed") {
		t.Errorf("ingest --once = %q, want 2 filed, 4 rejected, 1 failed", out)
	}
	out := w.must("mail")
	for _, want := range []string{
		"mallory@evil.example", "unknown sender",
		"sender not authenticated",
		"2 From fields",
		"auto-reply (Auto-Submitted: auto-replied)",
		"malformed header: the first line has a field name with a space or a non-ASCII character",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("preread mail lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\x1b\x07") || strings.Contains(out, "owned") {
		t.Errorf("preread mail prints what the message wrote:\n%q", out)
	}
	export := w.must("export", "--format", "markdown")
	for _, want := range []string{"the importer", "the real one"} {
		if !strings.Contains(export, want) {
			t.Errorf("export lacks Bob's status %q:\n%s", want, export)
		}
	}
	for _, never := range []string{"forged", "replayed"} {
		if strings.Contains(export, never) {
			t.Errorf("export holds the %s status:\n%s", never, export)
		}
	}
	if c := w.folderCounts(); c[inbox] != 0 || c[processed] != 2 || c[rejected] != 4 || c[failed] != 1 {
		t.Errorf("folders = %v, want INBOX empty, 2 processed, 4 rejected, 1 failed", c)
	}
}
