package mailtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// built holds the binaries Binary made in this test process, by package.
var built struct {
	mu   sync.Mutex
	dir  string
	bins map[string]builtBinary
}

type builtBinary struct {
	path string
	err  error
	out  []byte
}

// Binary builds the command pkg (an import path) once per test process,
// without the race detector (which only the test process needs), and
// returns the binary's path. TestMain removes the binaries with
// RemoveBinaries after the tests.
func Binary(t testing.TB, pkg string) string {
	t.Helper()
	built.mu.Lock()
	defer built.mu.Unlock()
	b, ok := built.bins[pkg]
	if !ok {
		b = build(pkg)
		if built.bins == nil {
			built.bins = map[string]builtBinary{}
		}
		built.bins[pkg] = b
	}
	if b.err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, b.err, b.out)
	}
	return b.path
}

func build(pkg string) builtBinary {
	if built.dir == "" {
		dir, err := os.MkdirTemp("", "preread-bin-")
		if err != nil {
			return builtBinary{err: err}
		}
		built.dir = dir
	}
	gobin := "go"
	if root := os.Getenv("GOROOT"); root != "" {
		if _, err := os.Stat(filepath.Join(root, "bin", "go")); err == nil {
			gobin = filepath.Join(root, "bin", "go")
		}
	}
	b := builtBinary{path: filepath.Join(built.dir, filepath.Base(pkg))}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	b.out, b.err = exec.CommandContext(ctx, gobin, "build", "-o", b.path, pkg).CombinedOutput()
	return b
}

// RemoveBinaries removes what Binary built.
func RemoveBinaries() {
	built.mu.Lock()
	defer built.mu.Unlock()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}
