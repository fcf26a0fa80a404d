package mailtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// UsualUmask sets the umask most machines run with (022: os.Create makes
// 0644) until the test ends, so a file that comes out 0600 was made so on
// purpose. The umask is the process's: tests that call it must not run in
// parallel.
func UsualUmask(t testing.TB) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
}

// WantMode fails the test unless the file at path has the permissions want.
func WantMode(t testing.TB, path string, want fs.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s has mode %04o, want %04o", filepath.Base(path), got, want)
	}
}
