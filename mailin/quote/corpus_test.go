package quote

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decodes iso-8859-1 and friends
)

var corpusReport = flag.String("corpus-report", "", "write the corpus pass rates (the corpus-report lines) and failures to this `file`")

// corpusFloor is the overall pass rate under which TestCorpus fails: just
// under what Trim and SplitForward achieve (179 of 182 expectations), so
// that one more failing case fails the test. The cases that fail by
// choice are listed in corpusKnown.
const corpusFloor = 0.98

// corpusKnown explains the cases that fail on purpose, where the fixtures
// disagree with each other or with what preread needs.
var corpusKnown = map[string]string{
	"email_reply_parser/email_1_1": "GitHub hides \"-Abhishek Kona\" as a signature; crisp's copy of the same mail " +
		"(crisp email_1) and email_reply_trimmer (\"—Ryan\" in embedded_email_19) keep a dashed name under the text",
	"crisp_email_reply_parser/email_emoji": "crisp keeps a name, a title and a handle under a lone \"—\"; " +
		"email_reply_trimmer treats the line as a delimiter (Apple's smart dashes turn \"--\" into it), and so does Trim " +
		"when only name-and-title lines follow",
	"talon/iphone": "talon keeps \"Sent from my iPhone\"; email_reply_trimmer, the other sources and the brief drop it",
}

// corpusResult is one checked case of the shared fixture corpus.
type corpusResult struct {
	source, name string
	err          string // empty when the case passes
}

// TestCorpus runs Trim and SplitForward over the shared fixture corpus
// (../../../shared/corpus, or $PREREAD_CORPUS) and reports the pass rate per
// source and overall.
func TestCorpus(t *testing.T) {
	root := os.Getenv("PREREAD_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no corpus at %s", root)
	}
	var results []corpusResult
	for _, src := range []struct {
		name string
		run  func(dir string) []corpusResult
	}{
		{"email_reply_trimmer", corpusTrimmer},
		{"email_reply_parser", corpusParser},
		{"zapier_email_reply_parser", corpusZapier},
		{"crisp_email_reply_parser", corpusCrisp},
		{"talon", corpusTalon},
		{"gitlab", corpusGitlab},
	} {
		rs := src.run(filepath.Join(root, src.name))
		for i := range rs {
			rs[i].source = src.name
		}
		results = append(results, rs...)
	}
	report, rate := corpusSummary(results)
	var rest []string
	for _, line := range strings.Split(strings.TrimSpace(report), "\n") {
		if strings.HasPrefix(line, "corpus-report\t") {
			t.Log(line) // one line per source, for make corpus
		} else {
			rest = append(rest, line)
		}
	}
	t.Log("\n" + strings.Join(rest, "\n"))
	if *corpusReport != "" {
		if err := os.WriteFile(*corpusReport, []byte(report), 0o644); err != nil {
			t.Error(err)
		}
	}
	if rate < corpusFloor {
		t.Errorf("corpus pass rate %.1f%% is under the floor %.1f%%", 100*rate, 100*corpusFloor)
	}
}

// corpusSummary formats the pass rates and the failing cases.
func corpusSummary(results []corpusResult) (string, float64) {
	var b strings.Builder
	pass, total := map[string]int{}, map[string]int{}
	var sources []string
	all := 0
	for _, r := range results {
		if total[r.source] == 0 {
			sources = append(sources, r.source)
		}
		total[r.source]++
		if r.err == "" {
			pass[r.source]++
			all++
		}
	}
	for _, s := range sources {
		fmt.Fprintf(&b, "corpus-report\t%s\t%s\t%d\t%d\n", s, "trimming", pass[s], total[s])
	}
	rate := float64(all) / float64(max(len(results), 1))
	fmt.Fprintf(&b, "overall %d/%d %.1f%% (floor %.1f%%)\n", all, len(results), 100*rate, 100*corpusFloor)
	var fails []string
	for _, r := range results {
		if r.err != "" {
			why := corpusKnown[r.source+"/"+r.name]
			if why != "" {
				why = " [known: " + why + "]"
			}
			fails = append(fails, fmt.Sprintf("FAIL %s/%s: %s%s", r.source, r.name, r.err, why))
		}
	}
	sort.Strings(fails)
	for _, f := range fails {
		b.WriteString(f + "\n")
	}
	return b.String(), rate
}

func corpusRead(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

func corpusNames(dir, suffix string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "*"+suffix))
	var names []string
	for _, p := range m {
		names = append(names, strings.TrimSuffix(filepath.Base(p), suffix))
	}
	return names
}

// corpusNorm puts a text in the form Trim gives: no trailing blanks on a
// line, no blank lines around it.
func corpusNorm(s string) string {
	return joinLines(strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n"))
}

// corpusSame compares Trim's output with an expected text.
func corpusSame(got, want string) string {
	if corpusNorm(got) == corpusNorm(want) {
		return ""
	}
	return fmt.Sprintf("got %q, want %q", corpusShort(got), corpusShort(want))
}

func corpusShort(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// corpusExpect checks Trim's output against substrings that must and must
// not be there.
func corpusExpect(got string, has, hasNot []string) string {
	for _, s := range has {
		if !strings.Contains(got, s) {
			return fmt.Sprintf("%q missing from %q", s, corpusShort(got))
		}
	}
	for _, s := range hasNot {
		if strings.Contains(got, s) {
			return fmt.Sprintf("%q kept in %q", s, corpusShort(got))
		}
	}
	return ""
}

// corpusTrimmer checks email_reply_trimmer's expectations: for each
// email the trimmed reply and the elided rest, for each forward the
// forwarder's note (before/) and the forwarded message (embedded/), and the
// speed of the matcher fixture.
func corpusTrimmer(dir string) []corpusResult {
	var rs []corpusResult
	for _, n := range corpusNames(filepath.Join(dir, "emails"), ".txt") {
		body := corpusRead(filepath.Join(dir, "emails", n+".txt"))
		got := Trim(body)
		rs = append(rs, corpusResult{name: "trimmed/" + n, err: corpusSame(got, corpusRead(filepath.Join(dir, "trimmed", n+".txt")))})
		if want, err := os.ReadFile(filepath.Join(dir, "elided", n+".txt")); err == nil {
			rs = append(rs, corpusResult{name: "elided/" + n, err: corpusElided(body, got, string(want))})
		}
	}
	for _, n := range corpusNames(filepath.Join(dir, "embedded"), ".txt") {
		note, fwd, ok := SplitForward(corpusRead(filepath.Join(dir, "emails", n+".txt")))
		before, embedded := "no forward found", "no forward found"
		if ok {
			before = corpusNote(note, corpusRead(filepath.Join(dir, "before", n+".txt")))
			embedded = corpusForward(fwd, corpusRead(filepath.Join(dir, "embedded", n+".txt")))
		}
		rs = append(rs, corpusResult{name: "before/" + n, err: before}, corpusResult{name: "embedded/" + n, err: embedded})
	}
	body := corpusRead(filepath.Join(dir, "matchers", "does_not_contain_embedded_email.txt"))
	start := time.Now()
	_, _, ok := SplitForward(body)
	Trim(body)
	err := ""
	if el := time.Since(start); ok || el > time.Second {
		err = fmt.Sprintf("SplitForward found a forward (%v) or took %v", ok, el)
	}
	return append(rs, corpusResult{name: "matchers/does_not_contain_embedded_email", err: err})
}

var (
	corpusAlnumRE  = regexp.MustCompile(`[^\pL\pN]+`)
	corpusUsenetRE = regexp.MustCompile(`(?m)^[A-Z]{1,3}>`)
)

// corpusElided checks what Trim left out of body against an elided/ file:
// the body's lines less the ones Trim kept, in order, compared without
// blanks and with usenet's "AB>" read as ">" (email_reply_trimmer joins
// wrapped headers and rewrites those quote marks in what it elides).
func corpusElided(body, got, want string) string {
	kept := strings.Split(got, "\n")
	var left []string
	for _, l := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		for len(kept) > 0 && kept[0] == "" {
			kept = kept[1:]
		}
		if len(kept) > 0 && strings.TrimRightFunc(l, unicode.IsSpace) == kept[0] {
			kept = kept[1:]
			continue
		}
		left = append(left, l)
	}
	squash := func(s string) string {
		return strings.Join(strings.Fields(corpusUsenetRE.ReplaceAllString(s, ">")), "")
	}
	if squash(strings.Join(left, "\n")) != squash(want) {
		return fmt.Sprintf("elided %q, want %q", corpusShort(strings.TrimSpace(strings.Join(left, "\n"))), corpusShort(strings.TrimSpace(want)))
	}
	return ""
}

// corpusNote checks SplitForward's note against a before/ file: what came
// before the forward, Trim'd, so a signature under it may go.
func corpusNote(note, before string) string {
	if corpusNorm(note) != corpusNorm(before) && note != Trim(before) {
		return fmt.Sprintf("note %q, want %q", corpusShort(note), corpusShort(before))
	}
	return ""
}

// corpusForward checks SplitForward's forward against an embedded/ file:
// From and Subject come from the embedded header block and the forwarded
// text starts in its body.
func corpusForward(fwd Forward, embedded string) string {
	head, _, _ := strings.Cut(strings.TrimSpace(embedded), "\n\n")
	squash := func(s string) string {
		return strings.ToLower(corpusAlnumRE.ReplaceAllString(strings.ReplaceAll(s, "mailto:", ""), ""))
	}
	for _, v := range []string{fwd.From, fwd.Subject} {
		if v == "" || !strings.Contains(squash(head), squash(v)) {
			return fmt.Sprintf("header value %q not in %q (forward %+v)", v, head, fwd)
		}
	}
	first, _, _ := strings.Cut(fwd.Text, "\n")
	if first == "" || !strings.Contains(embedded, first) {
		return fmt.Sprintf("forwarded text %q not in the embedded message", corpusShort(fwd.Text))
	}
	return ""
}

func corpusParser(dir string) []corpusResult {
	in := func(n string) string { return corpusRead(filepath.Join(dir, "emails", n+".txt")) }
	var rs []corpusResult
	for _, n := range corpusNames(filepath.Join(dir, "expected"), ".txt") {
		rs = append(rs, corpusResult{name: n, err: corpusSame(Trim(in(n)), corpusRead(filepath.Join(dir, "expected", n+".txt")))})
	}
	// The structural expectations of the folder's README, on the visible text.
	checks := map[string]func(got string) string{
		"email_1_5": func(got string) string { return corpusSame(got, in("email_1_5")) },
		"email_1_6": func(got string) string {
			return corpusExpect(got, []string{"I get proper rendering as well."}, []string{"Was this", "Corey"})
		},
		"email_1_8": func(got string) string {
			return corpusExpect(got, []string{"I will reply under this one", "okay?", "and under this."},
				[]string{"inline responses", "this is my signature", "wrote:"})
		},
		"email_one_is_not_on": func(got string) string {
			return corpusExpect(got, []string{"One outstanding question", "when I run..."}, []string{"On Oct 1, 2012", "good news"})
		},
		"email_sig_delimiter_in_middle_of_line": func(got string) string {
			return corpusSame(got, in("email_sig_delimiter_in_middle_of_line"))
		},
		"greedy_on": func(got string) string {
			return corpusExpect(got, []string{"On your remote host", "telnet 127.0.0.1 52698", "tunnel is not working."},
				[]string{"On 9 Jan 2014", "odd issue"})
		},
	}
	for n, check := range checks {
		rs = append(rs, corpusResult{name: n, err: check(Trim(in(n)))})
	}
	for _, n := range []string{"email_long_quote", "pathological"} {
		start := time.Now()
		got := Trim(in(n))
		err := ""
		if el := time.Since(start); el > time.Second {
			err = fmt.Sprintf("took %v", el)
		} else if n == "pathological" {
			err = corpusExpect(got, []string{"get back to a computer."}, []string{"John Sullivan", "ATGGAG"})
		} else {
			err = corpusExpect(got, []string{"Hi folks"}, nil)
		}
		rs = append(rs, corpusResult{name: n, err: err})
	}
	return rs
}

func corpusZapier(dir string) []corpusResult {
	var rs []corpusResult
	for _, n := range corpusNames(filepath.Join(dir, "expected"), ".txt") {
		got := Trim(corpusRead(filepath.Join(dir, "emails", n+".txt")))
		rs = append(rs, corpusResult{name: n, err: corpusSame(got, corpusRead(filepath.Join(dir, "expected", n+".txt")))})
	}
	got := Trim(corpusRead(filepath.Join(dir, "emails", "email_partial_quote_header.txt")))
	err := corpusExpect(got, []string{"On your remote host you can run:", "telnet 127.0.0.1 52698", "This should connect to TextMate"},
		[]string{"George Plymale"})
	return append(rs, corpusResult{name: "email_partial_quote_header", err: err})
}

// corpusCrispExpect is one fixture's entry in crisp's expectations.json.
type corpusCrispExpect struct {
	ReplyTrimmed    *string `json:"reply_trimmed"`
	VisibleText     *string `json:"visible_text_exact"`
	Fragment0       *string `json:"fragment0_exact"`
	FragmentCount   int     `json:"fragment_count"`
	FragmentMatches []struct {
		Fragment int    `json:"fragment"`
		Regex    string `json:"regex"`
	} `json:"fragment_matches"`
	Flags     map[string]map[string]bool `json:"flags"`
	Signature bool                       `json:"some_fragment_is_signature"`
}

// corpusCrisp checks crisp's fixtures: the expected/ reply where there is
// one, else the assertions of expectations.json. Fragment counts belong to
// crisp's fragment model; one fragment with nothing hidden means the whole
// body is the reply, a regex on fragment 0 must match the reply and one on
// a later fragment must not. Fixtures with neither are only smoke tests.
func corpusCrisp(dir string) []corpusResult {
	var expects map[string]corpusCrispExpect
	if err := json.Unmarshal([]byte(corpusRead(filepath.Join(dir, "expectations.json"))), &expects); err != nil {
		return []corpusResult{{name: "expectations.json", err: err.Error()}}
	}
	var rs []corpusResult
	for _, n := range corpusNames(filepath.Join(dir, "fixtures"), ".txt") {
		body := corpusRead(filepath.Join(dir, "fixtures", n+".txt"))
		got := Trim(body)
		if want := corpusRead(filepath.Join(dir, "expected", n+".txt")); want != "" {
			rs = append(rs, corpusResult{name: n, err: corpusSame(got, want)})
			continue
		}
		e, ok := expects[n]
		if !ok {
			continue
		}
		rs = append(rs, corpusResult{name: n, err: corpusCrispCheck(e, body, got)})
	}
	return rs
}

func corpusCrispCheck(e corpusCrispExpect, body, got string) string {
	for _, want := range []*string{e.ReplyTrimmed, e.VisibleText, e.Fragment0} {
		if want != nil {
			return corpusSame(got, *want)
		}
	}
	if got == "" {
		return "empty reply" // every fixture has a visible first fragment
	}
	if e.FragmentCount == 1 {
		if err := corpusSame(got, body); err != "" {
			return "one fragment: " + err
		}
	}
	for _, m := range e.FragmentMatches {
		re, err := regexp.Compile("(?m)" + m.Regex)
		if err != nil {
			return err.Error()
		}
		if found := re.MatchString(got); found != (m.Fragment == 0) {
			return fmt.Sprintf("fragment %d regex %q matched %v in %q", m.Fragment, m.Regex, found, corpusShort(got))
		}
	}
	if e.Signature && corpusNorm(got) == corpusNorm(body) {
		return "no signature removed"
	}
	return ""
}

// corpusPlainText returns the first text/plain part of a message, decoded.
// A message with no Content-Type is text/plain (RFC 2045 §5.2).
func corpusPlainText(raw []byte) (string, error) {
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) {
		return "", err
	}
	text, found := "", false
	err = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil && !message.IsUnknownCharset(err) {
			return err
		}
		mt, _, _ := part.Header.ContentType()
		if found || part.MultipartReader() != nil || mt != "" && mt != "text/plain" {
			return nil
		}
		b, err := io.ReadAll(part.Body)
		text, found = string(b), true
		return err
	})
	if err == nil && !found {
		err = fmt.Errorf("no text/plain part")
	}
	return text, err
}

func corpusTalon(dir string) []corpusResult {
	var rs []corpusResult
	replies := filepath.Join(dir, "standard_replies")
	for _, n := range corpusNames(replies, ".eml") {
		text, err := corpusPlainText([]byte(corpusRead(filepath.Join(replies, n+".eml"))))
		if err != nil {
			rs = append(rs, corpusResult{name: n, err: err.Error()})
			continue
		}
		want := corpusRead(filepath.Join(replies, n+"_reply_text"))
		if want == "" {
			want = "Hello"
		}
		rs = append(rs, corpusResult{name: n, err: corpusSame(Trim(text), want)})
	}
	stripped := filepath.Join(dir, "signature", "emails", "stripped")
	for _, n := range corpusNames(stripped, "_body") {
		body := corpusRead(filepath.Join(stripped, n+"_body"))
		sig := strings.TrimSpace(corpusRead(filepath.Join(stripped, n+"_signature")))
		want := strings.TrimSuffix(strings.TrimSpace(body), sig)
		rs = append(rs, corpusResult{name: "signature/" + n, err: corpusSame(Trim(body), want)})
	}
	err := ""
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Sprint("panic: ", r)
			}
		}()
		Trim(corpusRead(filepath.Join(dir, "signature", "emails", "P", "unicode_msg")))
	}()
	return append(rs, corpusResult{name: "signature/P/unicode_msg", err: err})
}

// corpusGitlab checks the GitLab fixtures whose reply is in a text/plain
// part; the others carry it in HTML only, or carry none.
func corpusGitlab(dir string) []corpusResult {
	var rs []corpusResult
	for _, n := range corpusNames(filepath.Join(dir, "expected"), ".txt") {
		text, err := corpusPlainText([]byte(corpusRead(filepath.Join(dir, "emails", n+".eml"))))
		want := corpusRead(filepath.Join(dir, "expected", n+".txt"))
		if err != nil || strings.TrimSpace(text) == "" || strings.TrimSpace(want) == "" {
			continue
		}
		rs = append(rs, corpusResult{name: n, err: corpusSame(Trim(text), want)})
	}
	return rs
}

// TestCorpusNoPanic runs every exported function of the package over every
// file of the corpus, bounces and MIME fixtures included, as text. Files
// are cut at 256 KiB, on a line, to keep the test quick under -race; the
// long-quote fixtures are timed whole by TestCorpus and the benchmarks.
func TestCorpusNoPanic(t *testing.T) {
	t.Parallel()
	root := os.Getenv("PREREAD_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	files := 0
	err := filepath.WalkDir(root, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		bodies := []string{string(raw)}
		if text, err := corpusPlainText(raw); err == nil && strings.HasSuffix(path, ".eml") {
			bodies = append(bodies, text)
		}
		for _, body := range bodies {
			if len(body) > 256<<10 {
				body = body[:strings.LastIndexByte(body[:256<<10], '\n')+1]
			}
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: panic: %v", path, r)
					}
				}()
				SplitStatus(Written(body))
				OnlyQuoted(body)
				SplitForward(body)
			}()
		}
		files++
		return nil
	})
	if os.IsNotExist(err) {
		t.Skipf("no corpus at %s", root)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d corpus files read without a panic", files)
}
