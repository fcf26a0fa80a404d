package message

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/preread/preread/internal/mailtest"
)

// readParseFixture reads a file of testdata/parse.
func readParseFixture(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "parse", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// parseCorpusDir is the shared fixture corpus, beside the repository.
const parseCorpusDir = "../../../shared/corpus"

// parseCorpusFile parses one corpus file.
func parseCorpusFile(t *testing.T, path string) (*Message, error) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(raw, 0)
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file        string
		text        string
		html        bool
		attachments []string
		subject     string
	}{
		{
			file:    "gmail-plain-and-html.eml",
			text:    "Yesterday: shipped the café menu.\nToday: reviews.\n\nOn Tue, Nov 24, 2026 at 8:00 AM preread <preread@corp.example> wrote:\n> What are you working on?\n>",
			subject: "Re: [STATUS] What are you working on? (Tue 24 Nov) — café",
		},
		{
			file:    "outlook-html-only.eml",
			text:    "I'd like to talk about the promotion path:\n\n- what the next level expects\n- who can sponsor it\n\nThanks, Bob",
			html:    true,
			subject: "RE: [AGENDA] promotion path",
		},
		{file: "base64-koi8r.eml", text: "Вчера: закончил отчёт.\nСегодня: код-ревью.", subject: "Статус"},
		{file: "shift-jis.eml", text: "お疲れ様です。\n今日はテストを書きます。", subject: "ステータス"},
		{
			file:    "windows-1252-qp.eml",
			text:    "“Done” — costs 5€, café naïve.\nA long line that was soft-wrapped by the encoder because it is longer than seventy-six characters.",
			subject: "status",
		},
		{file: "iso-8859-15.eml", text: "Prix : 20 €, œuvre, Šime.", subject: "€ résumé"},
		{file: "gb2312.eml", text: "昨天：完成了设计。\n今天：写测试。", subject: "状态"},
		{
			file:        "nested-multipart-with-attachment.eml",
			text:        "Can we go over the Q3 budget? Numbers attached.",
			attachments: []string{"logo.png", "Q3 budget €.pdf", "notes.txt"},
			subject:     "[AGENDA] budget",
		},
		{
			file:    "forwarded-as-attachment.eml",
			text:    "Let's discuss this one.\n\n---------- Forwarded message ---------\nFrom: Grace Hopper <grace@partner.example>\nDate: Mon, 23 Nov 2026 17:45:00 -0800\nSubject: Offsite plan ✈\n\nWe fly out on the 3rd. Café at 9.",
			subject: "Fwd: Offsite plan",
		},
		{file: "no-mime-headers.eml", text: "Fixed the build.\nBlocked on review.", subject: "status"},
		{file: "no-message-id.eml", text: "No Message-ID here.", subject: "status"},
		{file: "format-flowed.eml", text: "This paragraph was sent as flowed text, so its soft line breaks join up again.\n\n> A quoted line that was wrapped too.\n-- \nKim", subject: "flowed"},
		{file: "html-blank-plain.eml", text: "Only the HTML part has words.", html: true, subject: "blank plain"},
		{file: "text-around-inline-image.eml", text: "Before the photo.\n\nAfter the photo.", attachments: []string{"IMG_0001.jpg"}, subject: "photo"},
		{file: "unknown-charset.eml", text: "Caf\uFFFD au lait, and valid UTF-8: café.", subject: "odd charset"},
		{file: "unlabelled-8bit.eml", text: "Grüße aus Köln.", subject: "no charset"},
	}
	for _, tt := range tests {
		m, err := Parse(readParseFixture(t, tt.file), 0)
		if err != nil {
			t.Errorf("Parse(%s) error: %v", tt.file, err)
			continue
		}
		if m.Text != tt.text {
			t.Errorf("Parse(%s).Text = %q, want %q", tt.file, m.Text, tt.text)
		}
		if m.HTML != tt.html {
			t.Errorf("Parse(%s).HTML = %v, want %v", tt.file, m.HTML, tt.html)
		}
		if !slices.Equal(m.Attachments, tt.attachments) {
			t.Errorf("Parse(%s).Attachments = %q, want %q", tt.file, m.Attachments, tt.attachments)
		}
		if m.Subject != tt.subject {
			t.Errorf("Parse(%s).Subject = %q, want %q", tt.file, m.Subject, tt.subject)
		}
	}
}

func TestParseHeaderFields(t *testing.T) {
	raw := readParseFixture(t, "gmail-plain-and-html.eml")
	m, err := Parse(raw, 0)
	if err != nil {
		t.Fatalf("Parse(gmail-plain-and-html.eml) error: %v", err)
	}
	check := func(field string, got, want any) {
		t.Helper()
		if !equalField(got, want) {
			t.Errorf("Parse(gmail-plain-and-html.eml).%s = %q, want %q", field, got, want)
		}
	}
	check("Key", m.Key, "<CAF=abc123+XyZ@mail.gmail.com>")
	check("MessageID", m.MessageID, "<CAF=abc123+XyZ@mail.gmail.com>")
	check("From.Address", m.From.Address, "alice.muller@corp.example")
	check("From.Name", m.From.Name, "Alice Müller")
	check("ReplyTo", addressList(m.ReplyTo), []string{"alice@corp.example"})
	check("To", addressList(m.To), []string{"preread+status+k3y@corp.example"})
	check("Cc", addressList(m.Cc), []string{"bob@corp.example", "carol@corp.example"})
	check("Cc[1].Name", m.Cc[1].Name, "Doe, Carol")
	check("Date", m.Date.UTC().Format(time.RFC3339), "2026-11-24T08:12:43Z")
	check("InReplyTo", m.InReplyTo, []string{"<prompt-2026-11-24-alice@preread.corp.example>"})
	check("References", m.References, []string{"<prompt-2026-11-23-alice@preread.corp.example>", "<prompt-2026-11-24-alice@preread.corp.example>"})
	check("Recipients", m.Recipients, []string{"preread+status+k3y@corp.example", "bob@corp.example", "carol@corp.example"})
	check("Header[Content-Type]", m.Header["Content-Type"], []string{`multipart/alternative; boundary="000000000000d1e2f3"`})
	check("Header[X-Original-To]", m.Header["X-Original-To"], []string{"Preread+Status+K3Y@corp.example"})
	check("Size", m.Size, len(raw))
}

// equalField compares the values TestParseHeaderFields checks.
func equalField(a, b any) bool {
	if as, ok := a.([]string); ok {
		bs, ok := b.([]string)
		return ok && slices.Equal(as, bs)
	}
	return a == b
}

// addressList returns the addresses of a list.
func addressList(l []*mail.Address) []string {
	var out []string
	for _, a := range l {
		out = append(out, a.Address)
	}
	return out
}

func TestParseNoMessageIDKey(t *testing.T) {
	raw := readParseFixture(t, "no-message-id.eml")
	m, err := Parse(raw, 0)
	if err != nil {
		t.Fatalf("Parse(no-message-id.eml) error: %v", err)
	}
	sum := sha256.Sum256(raw)
	if want := "sha256:" + hex.EncodeToString(sum[:]); m.Key != want || m.MessageID != "" {
		t.Errorf("Parse(no-message-id.eml).Key, MessageID = %q, %q, want %q, \"\"", m.Key, m.MessageID, want)
	}
}

// TestParseErrors checks the reasons Parse gives: they name the problem and
// never quote the message, since reasons reach logs, the database and the
// admin's terminal.
func TestParseErrors(t *testing.T) {
	big := slices.Concat(readParseFixture(t, "no-message-id.eml"), bytes.Repeat([]byte("x"), 123*(1<<20)/10))
	tests := []struct {
		name    string
		raw     []byte
		maxSize int
		want    string
	}{
		{"no-from.eml", readParseFixture(t, "no-from.eml"), 0, "no From address"},
		{"malformed-header.eml", readParseFixture(t, "malformed-header.eml"), 0, "malformed header: the first line has no colon"},
		{"bad field name", []byte("Bad Field: x\nFrom: a@b.example\n\nbody"), 0, "malformed header: the first line has a field name with a space or a non-ASCII character"},
		{"unreadable From", []byte("From: Alice Smith\nSubject: x\n\nbody"), 0, "malformed From: no address can be read from it"},
		{"escape in the first line", []byte("\x1b]0;pwned\x07 hi\nFrom: a@b.example\n\nbody"), 0, "malformed header: the first line has no colon"},
		{"oversized", big, 0, "message is 12.3 MiB, over the 10 MiB limit"},
		{"over a small limit", readParseFixture(t, "no-from.eml"), 100, "message is 140 bytes, over the 100 bytes limit"},
		{"empty", nil, 0, "no From address"},
	}
	for _, tt := range tests {
		m, err := Parse(tt.raw, tt.maxSize)
		if err == nil || err.Error() != tt.want || m != nil {
			t.Errorf("Parse(%s) = %v, %v; want nil, %q", tt.name, m, err, tt.want)
		}
	}
}

func TestParseLenientHeaders(t *testing.T) {
	tests := []struct {
		name, raw string
		from      string
		text      string
	}{
		{"no blank line after header", "From: a@b.example\nSubject: x\nThis line starts the body.\n", "a@b.example", "This line starts the body."},
		{"mbox From line", "From a@b.example Tue Nov 24 10:00:00 2026\nFrom: a@b.example\n\nhi", "a@b.example", "hi"},
		{"leading blank lines", "\r\n\r\nFrom: a@b.example\r\n\r\nhi\r\n", "a@b.example", "hi"},
		{"header only", "From: a@b.example", "a@b.example", ""},
		{"bounce null sender", "From: MAILER-DAEMON <>\nSubject: x\n\nfailed", "", "failed"},
		{"bare local part", "From: Mail Delivery Subsystem <MAILER-DAEMON>\n\nfailed", "mailer-daemon", "failed"},
		{"report without From", "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n\nfailed\n--b--\n", "", "failed"},
		{"NUL and bad UTF-8", "From: a@b.example\nContent-Type: text/plain; charset=utf-8\n\nnul\x00 here \xff.", "a@b.example", "nul here \uFFFD."},
	}
	for _, tt := range tests {
		m, err := Parse([]byte(tt.raw), 0)
		if err != nil {
			t.Errorf("Parse(%s) error: %v", tt.name, err)
			continue
		}
		if m.From.Address != tt.from || m.Text != tt.text {
			t.Errorf("Parse(%s) From, Text = %q, %q; want %q, %q", tt.name, m.From.Address, m.Text, tt.from, tt.text)
		}
	}
}

func TestParseMsgIDs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"<a@x> <b@y>", []string{"<a@x>", "<b@y>"}},
		{"<a@x>,<b@y>, <c@z>", []string{"<a@x>", "<b@y>", "<c@z>"}},
		{"<a@x>\r\n\t<b@y>", []string{"<a@x>", "<b@y>"}},
		{"a@x, b@y", []string{"<a@x>", "<b@y>"}},
		{"<a@x> (comment) <a@x>", []string{"<a@x>"}},
		{`Your message of "Mon" <a@x>`, []string{"<a@x>"}},
		{"<>", nil},
		{"<a<b@x>", []string{"<b@x>"}},
		{"<b@x> <a@\r\n x>", []string{"<b@x>", "<a@x>"}},
		{"a@x;b@y\tc@z", []string{"<a@x>", "<b@y>", "<c@z>"}},
		{"<1@x><2@x><3@x><4@x><5@x><6@x><7@x><8@x><1@x><9@x><8@x><9@x>", []string{"<1@x>", "<2@x>", "<3@x>", "<4@x>", "<5@x>", "<6@x>", "<7@x>", "<8@x>", "<9@x>"}},
		{"no ids here", nil},
	}
	for _, tt := range tests {
		if got := parseMsgIDs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("parseMsgIDs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeTransfer(t *testing.T) {
	tests := []struct {
		in, cte, want string
	}{
		{"aGVsbG8gd29ybGQ=", "base64", "hello world"},
		{"aGVs\r\nbG8g\r\n\td29ybGQ", "BASE64", "hello world"},
		{"aGVsbG8=IHdvcmxk", "base64", "hello world"},
		{"aGVsbG8gd29ybGQ!", "base64", "hello world"},
		{"plain prose, mislabelled\n", "base64", "plain prose, mislabelled\n"},
		{"caf=C3=A9 =\nsoft a=b =ZZ\x1b end", "quoted-printable", "café soft a=b =ZZ\x1b end"},
		{"trailing  \t\nline", "quoted-printable", "trailing\nline"},
		{"as is", "x-uuencode", "as is"},
	}
	for _, tt := range tests {
		if got := string(decodeTransfer([]byte(tt.in), tt.cte)); got != tt.want {
			t.Errorf("decodeTransfer(%q, %q) = %q, want %q", tt.in, tt.cte, got, tt.want)
		}
	}
}

// TestParseCorpusNoPanic parses every file of the shared corpus: messages
// and bodies alike. Bodies may fail to parse, but nothing may panic (which
// Parse would report as an internal error) and Text is always valid UTF-8.
func TestParseCorpusNoPanic(t *testing.T) {
	if _, err := os.Stat(parseCorpusDir); err != nil {
		t.Skipf("no corpus: %v", err)
	}
	files, failed := 0, 0
	err := filepath.WalkDir(parseCorpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		m, err := Parse(raw, 0)
		switch {
		case err != nil && strings.HasPrefix(err.Error(), parsePanicked):
			t.Errorf("Parse(%s) panicked: %v", path, err)
		case err != nil:
			failed++
		case !utf8.ValidString(m.Text):
			t.Errorf("Parse(%s).Text is not valid UTF-8", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("corpus: %d files parsed without panic, %d of them rejected (bodies, not messages)", files, failed)
}

// TestParseEnmimeCorpus checks enmime's real and broken messages: each
// parses, and gives text unless it has none (attachments only).
func TestParseEnmimeCorpus(t *testing.T) {
	files := mailtest.CorpusFiles(t, parseCorpusDir, "enmime/*.raw", "enmime/mail/*.raw", "enmime/low-quality/*.raw", "enmime/dsn/*.raw")
	noText := map[string]bool{
		"attachment-only.raw":                 true,
		"attachment-only-inline.raw":          true,
		"attachment-only-text-attachment.raw": true,
	}
	notMessage := map[string]bool{"erroneous.raw": true} // starts "// Not an RFC-822 Document"
	for _, f := range files {
		name := filepath.Base(f)
		m, err := parseCorpusFile(t, f)
		switch {
		case notMessage[name]:
			if err == nil {
				t.Errorf("Parse(%s) = nil error, want one", name)
			}
		case err != nil:
			t.Errorf("Parse(%s) error: %v", name, err)
		case noText[name] && m.Text != "":
			t.Errorf("Parse(%s).Text = %q, want \"\"", name, m.Text)
		case !noText[name] && strings.TrimSpace(m.Text) == "":
			t.Errorf("Parse(%s).Text is empty", name)
		}
	}
}

// TestWalkEnmimeParts walks enmime's MIME sub-trees, which have no From:
// each gives text or attachments, except those that are only a header.
func TestWalkEnmimeParts(t *testing.T) {
	headerOnly := map[string]bool{"header-only.raw": true, "malformed-content-type-params.raw": true}
	for _, f := range mailtest.CorpusFiles(t, parseCorpusDir, "enmime/parts/*.raw") {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h, partText, err := splitMessage(raw)
		if err != nil {
			t.Errorf("splitMessage(%s) error: %v", filepath.Base(f), err)
			continue
		}
		var w partWalker
		b := w.part(h, partText, 0, false)
		if b.text == "" && len(w.attachments) == 0 && !headerOnly[filepath.Base(f)] {
			t.Errorf("walker.part(%s) found neither text nor attachments", filepath.Base(f))
		}
	}
}

func TestParseGitLab(t *testing.T) {
	tests := []struct {
		file, text, recipient string
		references            []string
	}{
		{file: "no_content_type.eml", text: "Test.", recipient: "gitlab+gitlab-instance-administrators-9a72b788-code-hello-world-php-2-issue-@qyber.black"},
		{file: "envelope_to_header.eml", text: "Look, a message with some alternate headers! We should really support them.", recipient: "incoming+gitlabhq/gitlabhq+auth_token@appmail.example.com"},
		{file: "x_envelope_to_header.eml", text: "Look, a message with some alternate headers! We should really support them.", recipient: "incoming+gitlabhq/gitlabhq+auth_token@appmail.example.com"},
	}
	for _, tt := range tests {
		files := mailtest.CorpusFiles(t, parseCorpusDir, "gitlab/emails/"+tt.file)
		m, err := parseCorpusFile(t, files[0])
		if err != nil {
			t.Errorf("Parse(%s) error: %v", tt.file, err)
			continue
		}
		if m.Text != tt.text {
			t.Errorf("Parse(%s).Text = %q, want %q", tt.file, m.Text, tt.text)
		}
		if !slices.Contains(m.Recipients, tt.recipient) {
			t.Errorf("Parse(%s).Recipients = %q, want it to hold %q", tt.file, m.Recipients, tt.recipient)
		}
	}
	files := mailtest.CorpusFiles(t, parseCorpusDir, "gitlab/emails/reply_without_subaddressing_and_key_inside_references_with_a_comma.eml")
	m, err := parseCorpusFile(t, files[0])
	if err != nil {
		t.Fatalf("Parse(reply_without_subaddressing…) error: %v", err)
	}
	if !slices.ContainsFunc(m.References, func(id string) bool { return strings.HasPrefix(id, "<reply-") }) || len(m.References) < 2 {
		t.Errorf("Parse(reply_without_subaddressing…).References = %q, want the <reply-…> id among several", m.References)
	}
}

// TestParseHostileInputs parses inputs built to be slow or deep: nesting,
// fan-out and long fields. They must parse, and in linear time (a
// regression shows as a slow test).
func TestParseHostileInputs(t *testing.T) {
	const n = 256 << 10
	html := func(body string) string { return "From: a@b.example\nContent-Type: text/html\n\n" + body }
	inputs := map[string]string{
		"nested blockquotes": html(strings.Repeat("<blockquote>x", n/13)),
		"many quotes":        html(strings.Repeat(`<blockquote type=cite>x</blockquote>y`, n/37)),
		"nested lists":       html(strings.Repeat("<ul><li>x", n/9)),
		"header lines":       html(strings.Repeat("<p>From: a<br>Sent: b</p>", n/25)),
		"inline spans":       html(strings.Repeat("<span>a:</span>", n/15)),
		"many parts":         "From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("--b\n\nx\n", n/7),
		"nested multiparts":  "From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("--b\nContent-Type: multipart/mixed; boundary=b\n\n", n/47),
		"nested messages":    "From: a@b.example\nContent-Type: message/rfc822\n\n" + strings.Repeat("From: a@b.example\nContent-Type: message/rfc822\n\n", n/48),
		"many addresses":     "From: a@b.example\nTo: " + strings.Repeat("a@b.example, ", n/13) + "\n\nbody",
		"many references":    "From: a@b.example\nReferences: " + strings.Repeat("<a@b> ", n/6) + "\n\nbody",
	}
	for name, raw := range inputs {
		m, err := Parse([]byte(raw), 0)
		if err != nil {
			t.Errorf("Parse(%s) error: %v", name, err)
			continue
		}
		if !utf8.ValidString(m.Text) {
			t.Errorf("Parse(%s).Text is not valid UTF-8", name)
		}
	}
}

// addParseSeeds adds the parse fixtures to a fuzz target's corpus.
func addParseSeeds(f *testing.F) {
	f.Helper()
	seeds, _ := filepath.Glob(filepath.Join("testdata", "parse", "*.eml"))
	for _, s := range seeds {
		raw, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
}

// parsePanicked is how Parse's last line of defence words a panic.
const parsePanicked = "internal parser error"

// FuzzParse checks that Parse never panics and that Text is always valid
// UTF-8, from the fixtures as seeds.
func FuzzParse(f *testing.F) {
	addParseSeeds(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(raw, 0)
		if err != nil {
			if strings.HasPrefix(err.Error(), parsePanicked) {
				t.Fatalf("Parse panicked: %v", err)
			}
			return
		}
		if !utf8.ValidString(m.Text) {
			t.Fatalf("Parse(…).Text = %q, not valid UTF-8", m.Text)
		}
	})
}

// TestHeaderValuesCarryNoControlsOrBadIDs: what a reply copies into its
// own header (the subject, the IDs it threads under) carries no control
// character, and an ID that is not one is dropped.
func TestHeaderValuesCarryNoControlsOrBadIDs(t *testing.T) {
	raw := "From: alice@corp.example\r\n" +
		"Subject: Re: \x1b[31mred\x07 \u0085next\tline\r\n" +
		"Message-ID: <no-at-sign>\r\n" +
		"In-Reply-To: <ok@corp.example> <bad\x1b@corp.example> <@nolocal> <x@>\r\n" +
		"References: <a@corp.example>, <" + strings.Repeat("x", 600) + "@corp.example>\r\n\r\nbody"
	m, err := Parse([]byte(raw), 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Re: [31mred next line"; m.Subject != want {
		t.Errorf("Subject = %q, want %q", m.Subject, want)
	}
	if m.MessageID != "" || !strings.HasPrefix(m.Key, "sha256:") {
		t.Errorf("MessageID, Key = %q, %q; want none and the hash", m.MessageID, m.Key)
	}
	if want := []string{"<ok@corp.example>"}; !slices.Equal(m.InReplyTo, want) {
		t.Errorf("InReplyTo = %q, want %q", m.InReplyTo, want)
	}
	if want := []string{"<a@corp.example>"}; !slices.Equal(m.References, want) {
		t.Errorf("References = %q, want %q", m.References, want)
	}
}
