package mailin_test

import (
	"strings"
	"testing"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
)

// TestAnOversizedForwardKeepsItsText: a forward to the agenda address with
// a note and an attachment that takes it over the size limit is read all
// the same, from its text parts alone: the item keeps the note and the
// forwarded text, and the attachment is listed by name, never downloaded.
func TestAnOversizedForwardKeepsItsText(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	agenda := mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: e.tokens["alice@corp.example"]})
	pdf := strings.Repeat(strings.Repeat("JVBERi0xLjQK", 6)+"\r\n", (2<<20)/74)
	raw := "From: Alice <alice@corp.example>\r\nTo: " + agenda + "\r\nSubject: Fwd: Q3 review\r\n" +
		"Message-ID: <fwd-big@corp.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n" +
		"--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCan we talk about the second point?\r\n" +
		"--outer\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"Q3 review.eml\"\r\n\r\n" +
		"From: Dana <dana@partner.example>\r\nSubject: Q3 review\r\nDate: Mon, 23 Nov 2026 16:10:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n" +
		"--inner\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"1. Great work on the import=\r\ner.\r\n2. Talk to the platform team earlier.\r\n" +
		"--inner\r\nContent-Type: application/pdf; name=\"review.pdf\"\r\nContent-Disposition: attachment; filename=\"review.pdf\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + pdf + "--inner--\r\n--outer--\r\n"
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", []byte(raw))
	if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
		t.Fatal(err)
	}
	nb, err := e.db.Notebook(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Agenda) != 1 {
		t.Fatalf("notebook has %d agenda items, want the forward", len(nb.Agenda))
	}
	a := nb.Agenda[0]
	if a.Note != "Can we talk about the second point?" || !strings.Contains(a.Text, "Great work on the importer.") ||
		a.Forwarded == nil || a.Forwarded.Subject != "Q3 review" || !strings.HasSuffix(a.Text, "Attached: review.pdf") {
		t.Errorf("item = note %q, text %q, forwarded %+v; want the note beside the forwarded text", a.Note, a.Text, a.Forwarded)
	}
	if got := e.count("preread/Processed"); got != 1 {
		t.Errorf("Processed holds %d, want the forward", got)
	}
}
