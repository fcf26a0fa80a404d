package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	gomail "github.com/emersion/go-message/mail"
	_ "github.com/mattn/go-sqlite3" // the test reads the service's database
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
)

// The folders every config here names (the defaults of the config file).
const (
	inbox     = "INBOX"
	processed = "preread/Processed"
	rejected  = "preread/Rejected"
	failed    = "preread/Failed"
)

// passwordEnv names the variable that carries Dovecot's password to the
// binary; the config refers to it, never to the password.
const passwordEnv = "E2E_IMAP_PASSWORD"

// cliTimeout bounds every one-shot command (run, ingest, export, outbox).
const cliTimeout = 2 * time.Minute

// world is one installation of preread under test: a config file and its
// database in a temporary folder, a real Dovecot and a capturing SMTP relay.
type world struct {
	t      *testing.T
	dir    string
	config string
	dbPath string
	listen string // the HTTP listener of serve
	imap   *mailtest.Dovecot
	smtp   *mailtest.SMTPServer

	db     *sql.DB // opened on first use, once the binary created the file
	serves int     // serve processes started, to name their logs
}

// newWorld starts the servers and writes a config whose directory part
// (defaults, holidays, people, teams, pairs) is directory.
func newWorld(t *testing.T, directory string) *world {
	t.Helper()
	return newWorldOn(t, mailtest.DovecotOptions{}, directory)
}

// newWorldOn is newWorld with Dovecot started with opts (a server profile).
func newWorldOn(t *testing.T, opts mailtest.DovecotOptions, directory string) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir()}
	w.imap = mailtest.StartDovecot(t, opts)
	w.smtp = mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	w.listen = "127.0.0.1:0" // a fixed port could be taken between a kill and the restart
	w.config = filepath.Join(w.dir, "preread.yaml")
	w.dbPath = filepath.Join(w.dir, "preread.db")
	cfg := fmt.Sprintf(`mailbox:
  imap: %s
  security: none
  username: %s
  password_env: %s
  address: preread@corp.example
  authserv_id: mx.corp.example
smtp:
  relay: %s
  security: none
  from: "preread <preread@corp.example>"
listen: %s
%s`, w.imap.Addr(), mailtest.DefaultUser, passwordEnv, w.smtp.Addr(), w.listen, directory)
	if err := os.WriteFile(w.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if w.db != nil {
			w.db.Close()
		}
	})
	return w
}

// env is the environment of every preread process: the test's own, with
// the IMAP password and without a PREREAD_CONFIG that could point elsewhere.
func env() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PREREAD_") && !strings.HasPrefix(kv, passwordEnv+"=") {
			out = append(out, kv)
		}
	}
	return append(out, passwordEnv+"="+mailtest.DefaultPassword)
}

// cli runs one command of the built binary with the world's config and
// returns its exit status and output.
func (w *world) cli(args ...string) (code int, stdout, stderr string) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.t.Context(), cliTimeout)
	defer cancel()
	at := 1
	if args[0] == "run" { // `run KIND` takes its flags after the kind
		at = 2
	}
	args = slices.Insert(slices.Clone(args), at, "--config", w.config)
	cmd := commandContext(ctx, binary(w.t), args...)
	cmd.Env = env()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		w.t.Fatalf("preread %s: still running after %s\n%s", strings.Join(args, " "), cliTimeout, errOut.String())
	}
	code = cmd.ProcessState.ExitCode()
	if code < 0 {
		w.t.Fatalf("preread %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return code, out.String(), errOut.String()
}

// must runs a command that has to succeed and returns its stdout.
func (w *world) must(args ...string) string {
	w.t.Helper()
	code, out, errOut := w.cli(args...)
	if code != 0 {
		w.t.Fatalf("preread %s = exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, tail(errOut, 40))
	}
	return out
}

// runAt runs `preread run KIND --at at`.
func (w *world) runAt(kind string, at time.Time) string {
	w.t.Helper()
	return w.must("run", kind, "--at", at.UTC().Format(time.RFC3339))
}

// tail is the last n lines of a log, for failure messages.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("[… %d lines before]", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// sqlDB is the service's database, opened read-mostly by the test beside
// the running binary (WAL lets both in). It must exist already.
func (w *world) sqlDB() *sql.DB {
	w.t.Helper()
	if w.db != nil {
		return w.db
	}
	if _, err := os.Stat(w.dbPath); err != nil {
		w.t.Fatalf("database: %v (run a command first)", err)
	}
	db, err := sql.Open("sqlite3", "file:"+w.dbPath+"?_busy_timeout=10000&_foreign_keys=on")
	if err != nil {
		w.t.Fatal(err)
	}
	w.db = db
	return db
}

// count runs a query that returns one number.
func (w *world) count(query string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.sqlDB().QueryRow(query, args...).Scan(&n); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// tokens reads every person's current reply token, through the store as
// the service itself does.
func (w *world) tokens(emails ...string) map[string]string {
	w.t.Helper()
	ctx := w.t.Context()
	db, err := store.Open(ctx, w.dbPath, store.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	for _, e := range emails {
		if out[e], err = db.Token(ctx, e); err != nil {
			w.t.Fatalf("token of %s: %v", e, err)
		}
	}
	return out
}

// Sub-addresses of the mailbox, as the service builds them.
func statusAddr(token string) string { return "preread+status." + token + "@corp.example" }
func agendaAddr(token string) string { return "preread+agenda." + token + "@corp.example" }

// imapDial logs in to the world's Dovecot as the service's user, with a
// deadline on the whole connection.
func (w *world) imapDial(within time.Duration) (*imapclient.Client, error) {
	conn, err := net.DialTimeout("tcp", w.imap.Addr(), 5*time.Second)
	if err != nil {
		return nil, err
	}
	if err := conn.SetDeadline(time.Now().Add(within)); err != nil {
		conn.Close()
		return nil, err
	}
	c := imapclient.New(conn, nil)
	if err := c.Login(mailtest.DefaultUser, mailtest.DefaultPassword).Wait(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// folderCounts says how many messages each folder holds; a folder that does
// not exist yet holds none.
func (w *world) folderCounts() map[string]int {
	w.t.Helper()
	c, err := w.imapDial(30 * time.Second)
	if err != nil {
		w.t.Fatalf("imap: %v", err)
	}
	defer c.Close()
	out := map[string]int{}
	for _, f := range []string{inbox, processed, rejected, failed} {
		st, err := c.Status(f, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil {
			if strings.Contains(err.Error(), "NONEXISTENT") || strings.Contains(err.Error(), "doesn't exist") {
				continue
			}
			w.t.Fatalf("imap status %s: %v", f, err)
		}
		out[f] = int(*st.NumMessages)
	}
	_ = c.Logout().Wait()
	return out
}

// inboxCount is folderCounts()[INBOX], but returns -1 instead of failing
// when Dovecot can't be reached (it may be restarting).
func (w *world) inboxCount() int {
	c, err := w.imapDial(10 * time.Second)
	if err != nil {
		return -1
	}
	defer c.Close()
	st, err := c.Status(inbox, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return -1
	}
	_ = c.Logout().Wait()
	return int(*st.NumMessages)
}

// deliver appends messages to the inbox over one connection, as a mail
// server delivers them.
func (w *world) deliver(raws ...[]byte) {
	w.t.Helper()
	if err := w.tryDeliver(raws...); err != nil {
		w.t.Fatal(err)
	}
}

// tryDeliver is deliver for goroutines other than the test's.
func (w *world) tryDeliver(raws ...[]byte) error {
	c, err := w.imapDial(2 * time.Minute)
	if err != nil {
		return fmt.Errorf("imap: %w", err)
	}
	defer c.Close()
	for _, raw := range raws {
		cmd := c.Append(inbox, int64(len(raw)), mailtest.Delivered(raw))
		if _, err := cmd.Write(raw); err != nil {
			return fmt.Errorf("append: %w", err)
		}
		if err := cmd.Close(); err != nil {
			return fmt.Errorf("append: %w", err)
		}
		if _, err := cmd.Wait(); err != nil {
			return fmt.Errorf("append: %w", err)
		}
	}
	return c.Logout().Wait()
}

// msg builds a raw message with CRLF line ends from header lines and a body.
func msg(headers []string, body string) []byte {
	var b strings.Builder
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	if !slices.ContainsFunc(headers, func(h string) bool { return strings.HasPrefix(strings.ToLower(h), "content-type:") }) {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(strings.ReplaceAll(strings.TrimRight(body, "\n")+"\n", "\n", "\r\n"))
	return []byte(b.String())
}

// bounceAddrRE is the shape of a recipient's bounce address.
var bounceAddrRE = regexp.MustCompile(`^preread\+bounce\.[a-z2-7]{16}@corp\.example$`)

// rfc5322 formats a Date header value.
func rfc5322(t time.Time) string { return t.Format(time.RFC1123Z) }

// waitUntil polls cond until it holds; it fails the test at the deadline.
func waitUntil(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sentMail is one email the relay accepted, parsed.
type sentMail struct {
	Rcpt      []string // RCPT TO
	Envelope  string   // MAIL FROM
	Raw       []byte
	MessageID string // with angle brackets
	From      string
	To        []string
	ReplyTo   string
	Subject   string
	InReplyTo string
	Date      time.Time
	Text      string            // the text/plain part, decoded
	HTML      string            // the text/html part, decoded
	Files     map[string]string // attachments by file name, decoded
	Header    gomail.Header
}

// parseSent parses an accepted message; it fails the test on anything a
// mail client could not read.
func parseSent(t *testing.T, m mailtest.Message) sentMail {
	t.Helper()
	s := sentMail{Rcpt: m.To, Envelope: m.From, Raw: m.Data}
	r, err := gomail.CreateReader(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatalf("relay got an unreadable message: %v\n%s", err, m.Data)
	}
	defer r.Close()
	h := r.Header
	s.Header = h
	if id, err := h.MessageID(); err == nil && id != "" {
		s.MessageID = "<" + id + ">"
	}
	if ids, err := h.MsgIDList("In-Reply-To"); err == nil && len(ids) > 0 {
		s.InReplyTo = "<" + ids[0] + ">"
	}
	s.Subject, _ = h.Subject()
	s.Date, _ = h.Date()
	for _, key := range []string{"From", "To", "Reply-To"} {
		list, err := h.AddressList(key)
		if err != nil {
			t.Fatalf("%s of %s: %v", key, s.MessageID, err)
		}
		for _, a := range list {
			addr := strings.ToLower(a.Address)
			switch key {
			case "From":
				s.From = addr
			case "To":
				s.To = append(s.To, addr)
			case "Reply-To":
				s.ReplyTo = addr
			}
		}
	}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part of %s: %v", s.MessageID, err)
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatalf("part of %s: %v", s.MessageID, err)
		}
		switch h := p.Header.(type) {
		case *gomail.InlineHeader:
			ct, _, _ := h.ContentType()
			switch ct {
			case "text/plain":
				s.Text = strings.ReplaceAll(string(body), "\r\n", "\n")
			case "text/html":
				s.HTML = string(body)
			}
		case *gomail.AttachmentHeader:
			name, _ := h.Filename()
			if s.Files == nil {
				s.Files = map[string]string{}
			}
			s.Files[name] = string(body)
		}
	}
	return s
}

// sentMails parses everything the relay accepted so far.
func (w *world) sentMails() []sentMail {
	w.t.Helper()
	var out []sentMail
	for _, m := range w.smtp.Messages() {
		out = append(out, parseSent(w.t, m))
	}
	return out
}

// outboxRow is one row of the outbox table.
type outboxRow struct {
	Kind, Recipient, Period, MessageID, State string
	Raw                                       []byte
}

func (w *world) outbox() map[string]outboxRow {
	w.t.Helper()
	rows, err := w.sqlDB().Query(`SELECT o.kind, o.recipient, o.period, o.message_id, o.state, r.raw FROM outbox o LEFT JOIN outbox_raw r ON r.id = o.id`)
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]outboxRow{}
	for rows.Next() {
		var o outboxRow
		if err := rows.Scan(&o.Kind, &o.Recipient, &o.Period, &o.MessageID, &o.State, &o.Raw); err != nil {
			w.t.Fatal(err)
		}
		out[o.MessageID] = o
	}
	if err := rows.Err(); err != nil {
		w.t.Fatal(err)
	}
	return out
}

// checkDeliveries holds for every run: each accepted message is an email
// of the outbox, sent as rendered to its one recipient, who is in the
// directory; one distinct Message-ID per (kind, recipient, period); a
// message delivered twice (the one in flight when the service died) is
// byte-identical. It returns the accepted mail by outbox key and how many
// deliveries were repeats.
func (w *world) checkDeliveries(directory []string) (byKey map[string][]sentMail, repeats int) {
	w.t.Helper()
	t := w.t
	rows := w.outbox()
	known := map[string]bool{}
	for _, a := range directory {
		known[strings.ToLower(a)] = true
	}
	byKey = map[string][]sentMail{}
	idsOfKey := map[string]map[string]bool{}
	firstBytes := map[string][]byte{}
	for _, s := range w.sentMails() {
		if len(s.Rcpt) != 1 || len(s.To) != 1 || !strings.EqualFold(s.Rcpt[0], s.To[0]) {
			t.Errorf("%s %q: RCPT TO %v, To %v; want one recipient, the same in both", s.MessageID, s.Subject, s.Rcpt, s.To)
		}
		for _, r := range append(slices.Clone(s.Rcpt), s.To...) {
			if !known[strings.ToLower(r)] {
				t.Errorf("%s %q went to %s, outside the directory", s.MessageID, s.Subject, r)
			}
		}
		// Each email goes out from its recipient's bounce address, where
		// their auto-replies and bounces come back with their token.
		if !bounceAddrRE.MatchString(s.Envelope) || s.From != "preread@corp.example" {
			t.Errorf("%s: MAIL FROM %q, From %q; want preread+bounce.TOKEN@corp.example and preread@corp.example", s.MessageID, s.Envelope, s.From)
		}
		if s.Text == "" || s.HTML == "" {
			t.Errorf("%s %q: want text and HTML parts", s.MessageID, s.Subject)
		}
		if got := s.Header.Get("Auto-Submitted"); got != "auto-generated" {
			t.Errorf("%s: Auto-Submitted %q, want auto-generated", s.MessageID, got)
		}
		row, ok := rows[s.MessageID]
		if !ok {
			t.Errorf("%s %q to %v: not in the outbox (a second rendering?)", s.MessageID, s.Subject, s.Rcpt)
			continue
		}
		// The outbox keeps a sent email's bytes for a week of the run's
		// clock (store.KeepSentBytes); only an email sent can lose them.
		if row.Raw != nil && !bytes.Equal(s.Raw, row.Raw) {
			t.Errorf("%s: the relay got other bytes than the outbox holds", s.MessageID)
		}
		if row.State != "sent" {
			t.Errorf("%s: accepted by the relay but %s in the outbox", s.MessageID, row.State)
		}
		if !strings.EqualFold(row.Recipient, s.Rcpt[0]) {
			t.Errorf("%s: queued for %s, sent to %s", s.MessageID, row.Recipient, s.Rcpt[0])
		}
		key := row.Kind + " " + row.Recipient + " " + row.Period
		if first, ok := firstBytes[s.MessageID]; ok {
			repeats++
			if !bytes.Equal(first, s.Raw) {
				t.Errorf("%s (%s) delivered twice with different bytes", s.MessageID, key)
			}
		} else {
			firstBytes[s.MessageID] = s.Raw
		}
		if idsOfKey[key] == nil {
			idsOfKey[key] = map[string]bool{}
		}
		idsOfKey[key][s.MessageID] = true
		byKey[key] = append(byKey[key], s)
	}
	for key, ids := range idsOfKey {
		if len(ids) != 1 {
			t.Errorf("%s: %d distinct Message-IDs delivered, want 1", key, len(ids))
		}
	}
	for id, row := range rows {
		if (row.State == "pending" || row.State == "failed") && row.Raw == nil {
			t.Errorf("%s (%s to %s, %s) is %s without its bytes: it can never be sent", id, row.Kind, row.Recipient, row.Period, row.State)
		}
		if row.State == "sent" && firstBytes[id] == nil {
			t.Errorf("%s (%s to %s, %s) is marked sent but the relay never got it", id, row.Kind, row.Recipient, row.Period)
		}
	}
	return byKey, repeats
}

// exported is `preread export --format json`.
type exported struct {
	Status []struct {
		Person, Date, Text, Yesterday, Today, Blockers string
		MessageID                                      string `json:"message_id"`
	} `json:"status"`
	Agenda []struct {
		Manager, Report, From, Category, Text, State string
		MessageID                                    string `json:"message_id"`
	} `json:"agenda"`
	Notes []struct {
		Manager, Report, From, Date, Text string
		MessageID                         string `json:"message_id"`
	} `json:"notes"`
}

// space collapses runs of white space, so text wrapped at 72 columns can be
// compared with what was written.
var spaceRE = regexp.MustCompile(`\s+`)

func space(s string) string { return strings.TrimSpace(spaceRE.ReplaceAllString(s, " ")) }
