package quote

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decodes iso-8859-1 and friends
)

// The checks of each source of the corpus, by the convention of its
// README: what its expected files say the reply or the forward is.

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
