package mailin

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
)

// corpusRoot is the shared fixture corpus, or $PREREAD_CORPUS (the held-out
// part has the same layout).
func corpusRoot(t *testing.T) string {
	t.Helper()
	root := os.Getenv("PREREAD_CORPUS")
	if root == "" {
		root = parseCorpusDir
	}
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no corpus at %s", root)
	}
	return root
}

// corpusSet is one kind of file of one corpus source.
type corpusSet struct {
	source  string   // the corpus folder
	kind    string   // "machine-ignored" or "human-filed"
	include []string // globs under the source folder
	exclude string   // a glob of base names left out ("" for none)
	body    bool     // the files are bare bodies, not messages
}

// corpusSets is the methodology of issue 15: every machine-mail file and
// every human-mail file of the corpus, by source.
var corpusSets = []corpusSet{
	{source: "sisimai_set_of_emails", kind: "machine-ignored", include: []string{"bsd/*.eml", "not/*.eml"}, exclude: "is-not-bounce-*"},
	{source: "flanker", kind: "machine-ignored", include: []string{"messages/bounce/*.eml", "messages/complaints/*.eml", "messages/disposition-notification.eml"}},
	{source: "enmime", kind: "machine-ignored", include: []string{"dsn/*.raw"}},
	{source: "gitlab", kind: "machine-ignored", include: []string{"emails/auto_reply.eml"}},
	{source: "sisimai_set_of_emails", kind: "human-filed", include: []string{"not/is-not-bounce-*.eml"}},
	{source: "flanker", kind: "human-filed", include: []string{"messages/signed.eml"}},
	{source: "email_reply_trimmer", kind: "human-filed", include: []string{"emails/*.txt"}, body: true},
	{source: "email_reply_parser", kind: "human-filed", include: []string{"emails/*.txt"}, body: true},
	{source: "zapier_email_reply_parser", kind: "human-filed", include: []string{"emails/*.txt"}, body: true},
	{source: "crisp_email_reply_parser", kind: "human-filed", include: []string{"fixtures/*.txt"}, body: true},
	{source: "talon", kind: "human-filed", include: []string{"standard_replies/*.eml"}},
	{source: "talon", kind: "human-filed", include: []string{"signature/emails/*/*_body"}, body: true},
}

// files lists the set's files under root, sorted.
func (s corpusSet) files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	for _, g := range s.include {
		m, err := filepath.Glob(filepath.Join(root, s.source, g))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if s.exclude != "" {
				if skip, _ := filepath.Match(s.exclude, filepath.Base(f)); skip {
					continue
				}
			}
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// The reply token memLookup gives Alice, and the addresses built from it.
const (
	aliceToken  = "aaaaaaaaaaaaaaaa"
	aliceStatus = "preread+status." + aliceToken + "@corp.example"
)

// fromAlice rewrites a message so that it comes from Alice, known and
// authenticated twice over: her From and Sender, her status address with
// her current token as the only To, and a DKIM pass from the trusted
// server on top. Everything else in the header stays as the machine (or
// person) wrote it, so only what the message itself says can keep it from
// being filed.
func fromAlice(raw []byte) []byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if bytes.HasPrefix(raw, []byte("From ")) { // an mbox separator line
		_, raw, _ = bytes.Cut(raw, []byte("\n"))
	}
	head, body := raw, []byte(nil)
	for _, sep := range []string{"\r\n\r\n", "\n\n"} {
		if i := bytes.Index(raw, []byte(sep)); i >= 0 && (body == nil || i < len(head)) {
			head, body = raw[:i], raw[i+len(sep):]
		}
	}
	var out bytes.Buffer
	out.WriteString("Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example\r\n")
	out.WriteString("From: Alice <alice@corp.example>\r\nSender: alice@corp.example\r\nTo: " + aliceStatus + "\r\n")
	drop := false
	for _, line := range strings.Split(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n") {
		if line != "" && line[0] != ' ' && line[0] != '\t' {
			name, _, _ := strings.Cut(line, ":")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "from", "sender", "to", "cc":
				drop = true
			default:
				drop = false
			}
		}
		if !drop {
			out.WriteString(line + "\r\n")
		}
	}
	out.WriteString("\r\n")
	out.Write(body)
	return out.Bytes()
}

// bodyFromAlice wraps a bare reply body in a status reply from Alice.
func bodyFromAlice(body []byte) []byte {
	head := "Authentication-Results: mx.corp.example; dkim=pass header.d=corp.example\r\n" +
		"From: Alice <alice@corp.example>\r\nTo: " + aliceStatus + "\r\n" +
		"Subject: Re: [STATUS] What are you working on? (Tue 24 Nov)\r\n" +
		"Date: Tue, 24 Nov 2026 10:00:00 +0100\r\nMessage-ID: <status-reply@corp.example>\r\n" +
		"In-Reply-To: <prompt@corp.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	return append([]byte(head), body...)
}

// corpusTally counts one row of the corpus report.
type corpusTally struct {
	source, kind  string
	passed, total int
}

// TestMachineCorpus is the methodology of issue 15. Every machine-mail file
// (bounces, delay notices, complaints, read receipts, auto-replies),
// rewritten to come from a known, authenticated person, must still be left
// unfiled with no reply due; every human-mail file, rewritten or wrapped
// the same way, must be filed as a status. Every file of each source must
// also go through parsing and Process without a panic. One line per source
// and kind goes to the log as "corpus-report\tSOURCE\tKIND\tPASSED\tTOTAL"
// for make corpus, and each failure is listed with its file and reason.
func TestMachineCorpus(t *testing.T) {
	root := corpusRoot(t)
	c := memClassifier()
	var tallies []*corpusTally
	index := map[[2]string]*corpusTally{}
	var failures, known []string
	for _, set := range corpusSets {
		tally := index[[2]string{set.source, set.kind}]
		if tally == nil {
			tally = &corpusTally{source: set.source, kind: set.kind}
			index[[2]string{set.source, set.kind}] = tally
			tallies = append(tallies, tally)
		}
		for _, f := range set.files(t, root) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(root, f)
			tally.total++
			why := corpusCase(t, c, set, raw)
			switch {
			case why == "":
				tally.passed++
			case corpusKnown[filepath.ToSlash(rel)] != "":
				known = append(known, fmt.Sprintf("%s\t%s: %s [known: %s]", set.kind, rel, why, corpusKnown[filepath.ToSlash(rel)]))
			default:
				failures = append(failures, fmt.Sprintf("%s\t%s: %s", set.kind, rel, why))
			}
		}
	}
	for _, r := range append(tallies, corpusParsed(t, root, c)...) {
		t.Logf("corpus-report\t%s\t%s\t%d\t%d", r.source, r.kind, r.passed, r.total)
	}
	for _, f := range known {
		t.Logf("corpus failure\t%s", f)
	}
	for _, f := range failures {
		t.Errorf("corpus failure\t%s", f)
	}
}

// corpusKnown explains the human-mail files that are not filed for a
// reason outside machine-mail detection; they count as not passed. None
// is left.
var corpusKnown = map[string]string{}

// corpusCase runs one corpus file through Process as if Alice sent it and
// says what went wrong, "" when the outcome is the one its kind wants.
func corpusCase(t *testing.T, c *Classifier, set corpusSet, raw []byte) string {
	t.Helper()
	if set.body {
		raw = bodyFromAlice(raw)
	} else {
		raw = fromAlice(raw)
	}
	p, err := c.Process(t.Context(), raw, time.Time{})
	if err != nil {
		t.Fatalf("Process: lookup error from memory: %v", err)
	}
	switch set.kind {
	case "machine-ignored":
		switch {
		case p.Due != nil:
			return fmt.Sprintf("a reply is due (%s; %s: %s)", p.Due.Kind, p.Outcome, p.Reason)
		case p.Outcome == preread.OutcomeFiled:
			return fmt.Sprintf("filed as %s", p.Kind)
		}
	case "human-filed":
		// A person's mail is filed, or, when it holds nothing of its own
		// (a reply that is all quote), explained to them once.
		explained := p.Outcome == preread.OutcomeIgnored && p.Due != nil && p.Due.Kind == preread.ReplyOnlyQuote
		if (p.Outcome != preread.OutcomeFiled || p.Status == nil) && !explained {
			return fmt.Sprintf("%s: %s", p.Outcome, p.Reason)
		}
	}
	return ""
}

// corpusParsed parses every data file of each source, as it is and as if
// Alice sent it, and runs both through Process: nothing may panic.
func corpusParsed(t *testing.T, root string, c *Classifier) []*corpusTally {
	t.Helper()
	var out []*corpusTally
	seen := map[string]bool{}
	for _, set := range corpusSets {
		if seen[set.source] {
			continue
		}
		seen[set.source] = true
		tally := &corpusTally{source: set.source, kind: "parsed"}
		err := filepath.WalkDir(filepath.Join(root, set.source), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch d.Name() {
			case "README.md", "LICENSE.upstream", "MANIFEST.tsv":
				return nil
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			tally.total++
			if why := panics(t, c, raw); why != "" {
				rel, _ := filepath.Rel(root, path)
				t.Errorf("corpus failure\tparsed\t%s: %s", rel, why)
				return nil
			}
			tally.passed++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tally)
	}
	return out
}

// panics says how raw made parsing or Process panic, "" when neither did.
func panics(t *testing.T, c *Classifier, raw []byte) (why string) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			why = fmt.Sprintf("Process panicked: %v", r)
		}
	}()
	if _, err := message.Parse(raw, 0); err != nil && strings.Contains(err.Error(), "internal parser error") {
		return err.Error()
	}
	for _, b := range [][]byte{raw, fromAlice(raw), bodyFromAlice(raw)} {
		p, err := c.Process(t.Context(), b, time.Time{})
		if err != nil {
			return "Process: " + err.Error()
		}
		if strings.Contains(p.Reason, "internal parser error") {
			return p.Reason
		}
	}
	return ""
}

// withoutMachineHeaders is fromAlice's rewrite with every header field a
// machine-mail check reads taken out but the subject, and a
// multipart/report made multipart/mixed: only the subject and the body
// are left to tell.
func withoutMachineHeaders(raw []byte) []byte {
	raw = fromAlice(raw)
	head, body, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	var out bytes.Buffer
	keep := false
	for _, line := range strings.Split(string(head), "\r\n") {
		if line != "" && line[0] != ' ' && line[0] != '\t' {
			name, _, _ := strings.Cut(line, ":")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "from", "to", "authentication-results", "subject", "date", "message-id", "mime-version", "content-transfer-encoding":
				keep = true
			case "content-type":
				keep = true
				line = strings.NewReplacer("multipart/report", "multipart/mixed", "Multipart/Report", "multipart/mixed", "multipart/Report", "multipart/mixed").Replace(line)
			default:
				keep = false
			}
		}
		if keep {
			out.WriteString(line + "\r\n")
		}
	}
	out.WriteString("\r\n")
	out.Write(body)
	return out.Bytes()
}

// corpusDepthFloor is the share of machine mail the subject and body must
// still stop without any other header: just under the 436 of 438 they do.
const corpusDepthFloor = 0.99

// TestMachineCorpusDepth checks that machine mail is not stopped by one
// header field alone: with every other machine-mail field gone, the
// subject and the body (read for a known, authenticated sender) still
// stop it. The files they can't stop are logged.
func TestMachineCorpusDepth(t *testing.T) {
	root := corpusRoot(t)
	c := memClassifier()
	stopped, total := 0, 0
	for _, set := range corpusSets {
		if set.kind != "machine-ignored" {
			continue
		}
		for _, f := range set.files(t, root) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := c.Process(t.Context(), withoutMachineHeaders(raw), time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			total++
			if p.Outcome != preread.OutcomeFiled && p.Due == nil {
				stopped++
				continue
			}
			rel, _ := filepath.Rel(root, f)
			t.Logf("corpus-depth\tnot stopped by subject or body: %s", rel)
		}
	}
	t.Logf("corpus-depth\tmachine mail stopped by subject or body alone\t%d\t%d", stopped, total)
	if total > 0 && float64(stopped) < corpusDepthFloor*float64(total) {
		t.Errorf("subject and body alone stop %d of %d machine files, under the floor of %.0f%%", stopped, total, 100*corpusDepthFloor)
	}
}
