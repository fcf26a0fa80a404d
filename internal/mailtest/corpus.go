package mailtest

import (
	"path/filepath"
	"testing"
)

// CorpusFiles lists the files of the shared fixture corpus at root that
// match the patterns, in the order of the patterns, and skips the test when
// there are none (the corpus is not there).
func CorpusFiles(t testing.TB, root string, patterns ...string) []string {
	t.Helper()
	var files []string
	for _, p := range patterns {
		m, err := filepath.Glob(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skipf("no corpus files for %v", patterns)
	}
	return files
}
