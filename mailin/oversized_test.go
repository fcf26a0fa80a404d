package mailin_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/store"
)

// TestAnOversizedForwardKeepsItsText: a forward to the agenda address with
// a note and an attachment that takes it over the size limit is read all
// the same, from its text parts alone: the item keeps the note and the
// forwarded text, and the attachment is listed by name.
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

// bigMail is a message from from to the agenda address of token's owner,
// with parts (text parts, each naming its number) and a 2 MiB attachment
// that takes it over the test's 1 MiB limit; header is extra header text.
func bigMail(from, to, id, header string, parts int) []byte {
	var b strings.Builder
	b.WriteString("From: " + from + "\r\nTo: " + to + "\r\nSubject: Fwd: the big file\r\nMessage-ID: <" + id + ">\r\n" + header +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n")
	for i := 1; i <= parts; i++ {
		fmt.Fprintf(&b, "--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPoint number %d to talk about.\r\n", i)
	}
	b.WriteString("--outer\r\nContent-Type: application/octet-stream; name=\"big.bin\"\r\nContent-Disposition: attachment; filename=\"big.bin\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + strings.Repeat(strings.Repeat("QUJD", 19)+"\r\n", (2<<20)/78) + "--outer--\r\n")
	return []byte(b.String())
}

// countingProcessor counts the messages whose text was read.
type countingProcessor struct {
	mailin.Processor
	texts atomic.Int32
}

func (p *countingProcessor) Process(ctx context.Context, raw []byte, received time.Time) (preread.Processed, error) {
	p.texts.Add(1)
	return p.Processor.Process(ctx, raw, received)
}

// TestOversizedMailIsDecidedFromItsHeaderFirst: a stranger's oversized
// message and an oversized auto-reply are decided without their text
// being fetched or read; Alice's, with a hundred text parts, is read from
// its first 64 sections (the rest listed), and one whose header alone is
// over 64 KiB fails with that reason.
func TestOversizedMailIsDecidedFromItsHeaderFirst(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	agenda := mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: e.tokens["alice@corp.example"]})
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bigMail("Mallory <mallory@elsewhere.example>", agenda, "stranger@elsewhere.example", "", 3))
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bigMail("Alice <alice@corp.example>", agenda, "auto@corp.example", "Auto-Submitted: auto-replied\r\n", 3))
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bigMail("Alice <alice@corp.example>", agenda, "many@corp.example", "", 100))
	junk := strings.Repeat("X-Padding: "+strings.Repeat("z", 60)+"\r\n", (70<<10)/73)
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bigMail("Alice <alice@corp.example>", agenda, "tall@corp.example", junk, 1))

	s := e.syncer(mailtest.LogTo(t))
	counter := &countingProcessor{Processor: s.Processor}
	s.Processor = counter
	if _, err := e.pass(s); err != nil {
		t.Fatal(err)
	}
	if got := counter.texts.Load(); got != 1 {
		t.Errorf("%d oversized messages had their text read, want only Alice's many-part one", got)
	}
	ctx := t.Context()
	for key, want := range map[string]string{
		"<stranger@elsewhere.example>": "unknown sender",
		"<tall@corp.example>":          "its header is over 64 KiB",
	} {
		if p, err := e.db.Processed(ctx, key); err != nil || !strings.Contains(p.Reason, want) {
			t.Errorf("%s: %+v, %v; want %q", key, p, err, want)
		}
	}
	if p, err := e.db.Processed(ctx, "<auto@corp.example>"); err != nil || p.Outcome == preread.OutcomeFiled {
		t.Errorf("the auto-reply: %+v, %v; want it not filed", p, err)
	}
	nb, err := e.db.Notebook(ctx, "")
	if err != nil || len(nb.Agenda) != 1 {
		t.Fatalf("notebook: %d items, %v; want the many-part forward", len(nb.Agenda), err)
	}
	text := nb.Agenda[0].Text
	if !strings.Contains(text, "Point number 1 to") || !strings.Contains(text, "Point number 64 to") || strings.Contains(text, "Point number 65 to") ||
		!strings.Contains(text, "big.bin") {
		t.Errorf("item text = %q; want points 1 to 64 and big.bin listed", text)
	}
	if got := e.count("INBOX"); got != 0 {
		t.Errorf("INBOX holds %d, want every message moved", got)
	}
}

// TestAnOversizedMessageTheProcessDiesOnIsFailedAfterTwoDeaths: each
// oversized message is noted as begun and read alone, so one the process
// dies on (twice) is failed unread at the next pass, and the mail behind
// it is read.
func TestAnOversizedMessageTheProcessDiesOnIsFailedAfterTwoDeaths(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	agenda := mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: e.tokens["alice@corp.example"]})
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bigMail("Alice <alice@corp.example>", agenda, "killer@corp.example", "X-Killer: yes\r\n", 1))
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bigMail("Alice <alice@corp.example>", agenda, "fine@corp.example", "", 1))
	var deaths atomic.Int32
	for pass := 1; pass <= 3; pass++ {
		s := e.syncer(mailtest.LogTo(t))
		ctx, die := context.WithCancelCause(t.Context())
		s.Processor = &dyingProcessor{Processor: s.Processor, marker: []byte("X-Killer: yes"), deaths: &deaths, die: die}
		_, err := s.Pass(ctx, mailin.NewConn(e.dovecot.Client(t, mailtest.DefaultUser)))
		die(nil)
		if pass < 3 && !errors.Is(err, errDied) {
			t.Fatalf("pass %d = %v, want it to die on the killer", pass, err)
		}
		if pass == 3 && err != nil {
			t.Fatalf("pass 3 = %v, want the killer failed unread", err)
		}
	}
	if got := deaths.Load(); got != 2 {
		t.Errorf("the killer was read %d times, want 2", got)
	}
	if p, err := e.db.Processed(t.Context(), "<killer@corp.example>"); err != nil || p.Outcome != preread.OutcomeFailed || !strings.Contains(p.Reason, "twice") {
		t.Errorf("the killer: %+v, %v; want failed unread", p, err)
	}
	if p, err := e.db.Processed(t.Context(), "<fine@corp.example>"); err != nil || p.Outcome != preread.OutcomeFiled {
		t.Errorf("the message after it: %+v, %v; want filed", p, err)
	}
}

// TestAnOversizedMessageTheServerWillNotGiveIsFailedAlone: the server
// answers NO to the fetch of one oversized message (its file is damaged);
// that message is failed with the server's answer and the rest of the
// pass goes on, and the next pass does not ask again.
func TestAnOversizedMessageTheServerWillNotGiveIsFailedAlone(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{NoOnUnreadable: true})
	agenda := mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: e.tokens["alice@corp.example"]})
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bigMail("Alice <alice@corp.example>", agenda, "damaged@corp.example", "", 1))
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bigMail("Alice <alice@corp.example>", agenda, "fine@corp.example", "", 1))
	small := func(i int) []byte {
		return mailtest.Reply(i, "alice@corp.example", "Alice", "preread@corp.example", "preread@corp.example")
	}
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", bytes.Replace(small(7), []byte("<bench-7@"), []byte("<small-damaged@"), 1))
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", small(8))
	e.dovecot.Unreadable(t, mailtest.DefaultUser, "damaged@corp.example")
	e.dovecot.Unreadable(t, mailtest.DefaultUser, "small-damaged@")
	for pass := 1; pass <= 2; pass++ {
		if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
			t.Errorf("pass %d = %v", pass, err)
		}
	}
	if p, err := e.db.Processed(t.Context(), "<fine@corp.example>"); err != nil || p.Outcome != preread.OutcomeFiled {
		t.Errorf("the message after it: %+v, %v; want filed", p, err)
	}
	if p, err := e.db.Processed(t.Context(), "<bench-8@mail.example>"); err != nil || p.Outcome == preread.OutcomeFailed {
		t.Errorf("the small message after the damaged one: %+v, %v; want it read", p, err)
	}
	failed, err := e.db.Messages(t.Context(), store.MessageFilter{Outcome: preread.OutcomeFailed})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, p := range failed {
		if strings.Contains(p.Reason, "the server would not give this message: NO") {
			found++
		}
	}
	if found != 2 {
		t.Errorf("failed messages = %+v; want the two damaged ones once each, with the server's NO", failed)
	}
}

// TestABigMessageIsNotDownloadedWhole: the pass asks for no more of a
// message than the size limit and a byte. A 12 MiB forward among small
// replies (a limit of 1 MiB) is found too big from the size of what the
// server begins to send, read from its text parts, and the pass downloads
// a little over one limit of it, never the whole; the replies around it
// are filed.
func TestABigMessageIsNotDownloadedWhole(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	agenda := mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: e.tokens["alice@corp.example"]})
	small := func(i int) []byte {
		return mailtest.Reply(i, "bob@corp.example", "Bob", mailbox.Build(preread.SubAddress{Kind: preread.AddressStatus, Token: e.tokens["bob@corp.example"]}), agenda)
	}
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", small(1))
	huge := bytes.Replace(bigMail("Alice <alice@corp.example>", agenda, "huge@corp.example", "", 2),
		[]byte("--outer--"), []byte(strings.Repeat(strings.Repeat("QUJD", 19)+"\r\n", (10<<20)/78)+"--outer--"), 1)
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", huge)
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", small(2))

	pass, _ := e.dovecot.Password(mailtest.DefaultUser)
	conn, err := net.Dial("tcp", e.dovecot.Addr())
	if err != nil {
		t.Fatal(err)
	}
	counted := &countingConn{Conn: conn}
	c := imapclient.New(counted, nil)
	defer c.Close()
	if err := c.Login(mailtest.DefaultUser, pass).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := e.syncer(mailtest.LogTo(t)).Pass(t.Context(), mailin.NewConn(c)); err != nil {
		t.Fatal(err)
	}
	if got, most := counted.read.Load(), int64(1<<20)+256<<10; got > most {
		t.Errorf("the pass read %d bytes from the server, want at most %d: the 12 MiB message came down whole", got, most)
	}
	nb, err := e.db.Notebook(t.Context(), "")
	if err != nil || len(nb.Agenda) != 1 || !strings.Contains(nb.Agenda[0].Text, "Point number 2 to") || !strings.Contains(nb.Agenda[0].Text, "big.bin") {
		t.Fatalf("notebook: %+v, %v; want the big forward's text, big.bin listed", nb.Agenda, err)
	}
	for _, key := range []string{"<bench-1@mail.example>", "<bench-2@mail.example>"} {
		if p, err := e.db.Processed(t.Context(), key); err != nil || p.Outcome != preread.OutcomeFiled {
			t.Errorf("%s: %+v, %v; want filed", key, p, err)
		}
	}
	if got := e.count("preread/Processed"); got != 3 {
		t.Errorf("Processed holds %d, want all three", got)
	}
}

// countingConn counts the bytes read from the server.
type countingConn struct {
	net.Conn
	read atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read.Add(int64(n))
	return n, err
}

// TestAnOversizedMessageWithoutMessageIDDeliveredTwiceFilesOnce: a big
// forward without a Message-ID is known by a hash of what is read of it,
// so the same message delivered twice, read from its parts each time,
// files one agenda item; both copies leave the inbox.
func TestAnOversizedMessageWithoutMessageIDDeliveredTwiceFilesOnce(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	agenda := mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: e.tokens["alice@corp.example"]})
	raw := bytes.Replace(bigMail("Alice <alice@corp.example>", agenda, "gone@corp.example", "", 2), []byte("Message-ID: <gone@corp.example>\r\n"), nil, 1)
	if bytes.Contains(raw, []byte("Message-ID")) {
		t.Fatal("the message still has a Message-ID")
	}
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", raw)
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", raw)
	if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
		t.Fatal(err)
	}
	nb, err := e.db.Notebook(t.Context(), "")
	if err != nil || len(nb.Agenda) != 1 {
		t.Fatalf("notebook: %d agenda items, %v; want the forward once", len(nb.Agenda), err)
	}
	if got := e.count("INBOX"); got != 0 {
		t.Errorf("INBOX holds %d, want both copies moved", got)
	}
}

// TestAStrangersBigMessageIsDecidedBeforeItsStructureIsRead: a stranger's
// oversized message holds a message/global part, whose BODYSTRUCTURE
// go-imap can't read (it drops the connection). The header decides it
// first, so its structure is never asked for: the pass ends well, the
// message is rejected, and the reply beside it is filed.
func TestAStrangersBigMessageIsDecidedBeforeItsStructureIsRead(t *testing.T) {
	e := newIngestEnv(t, mailtest.DovecotOptions{})
	agenda := mailbox.Build(preread.SubAddress{Kind: preread.AddressAgenda, Token: e.tokens["alice@corp.example"]})
	global := "--outer\r\nContent-Type: message/global\r\n\r\nFrom: x@elsewhere.example\r\nSubject: inner\r\n\r\nhello\r\n"
	raw := bytes.Replace(bigMail("Mallory <mallory@elsewhere.example>", agenda, "global@elsewhere.example", "", 1),
		[]byte("--outer\r\nContent-Type: application/octet-stream"), []byte(global+"--outer\r\nContent-Type: application/octet-stream"), 1)
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", raw)
	e.dovecot.Append(t, mailtest.DefaultUser, "INBOX", mailtest.Reply(5, "bob@corp.example", "Bob",
		mailbox.Build(preread.SubAddress{Kind: preread.AddressStatus, Token: e.tokens["bob@corp.example"]}), agenda))
	if _, err := e.pass(e.syncer(mailtest.LogTo(t))); err != nil {
		t.Fatalf("pass = %v, want it to end well", err)
	}
	if p, err := e.db.Processed(t.Context(), "<global@elsewhere.example>"); err != nil || p.Outcome != preread.OutcomeRejected {
		t.Errorf("the stranger's message: %+v, %v; want rejected", p, err)
	}
	if got := e.count("preread/Processed") + e.count("preread/Rejected"); got != 2 {
		t.Errorf("Processed and Rejected hold %d, want both messages", got)
	}
}
