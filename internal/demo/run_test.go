package demo

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFolder(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "new")
	if got, err := folder(fresh); err != nil || got != fresh {
		t.Errorf("folder(%q) = %q, %v; want it made", fresh, got, err)
	}
	if err := os.WriteFile(filepath.Join(fresh, "keep.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := folder(fresh); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("folder(a non-empty folder) = %v, want ErrNotEmpty", err)
	}
}

// TestRunOpenFails checks that Run hands Open the config it wrote, and
// that a service which fails to open stops the demo before any account.
func TestRunOpenFails(t *testing.T) {
	dir := t.TempDir()
	var stdout strings.Builder
	var file string
	err := Run(t.Context(), Options{Out: dir, Stdout: &stdout,
		Open: func(_ context.Context, f string, now func() time.Time, getenv func(string) string, _ io.Writer) (Service, error) {
			file = f
			if !now().Equal(monday()) || getenv(mailboxPasswordEnv) != mailboxPassword {
				t.Errorf("Open on clock %s, password %q; want the week's Monday and the demo's password", now(), getenv(mailboxPasswordEnv))
			}
			return nil, errors.New("no service")
		}})
	if err == nil || err.Error() != "no service" {
		t.Errorf("Run = %v, want the Open error", err)
	}
	raw, rerr := os.ReadFile(file)
	if rerr != nil || !strings.Contains(string(raw), "password_env: "+mailboxPasswordEnv) {
		t.Errorf("Open got %q (%v); want the demo's config", file, rerr)
	}
	if stdout.Len() > 0 {
		t.Errorf("the account began although the service did not open:\n%s", stdout.String())
	}
}
