package quote

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
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
