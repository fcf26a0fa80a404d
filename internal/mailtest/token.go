package mailtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TokenScript writes a token command to dir that prints the tokens given,
// one per run (the last one again after that), and a Token func that runs
// it as the admin's token_command would be run.
func TokenScript(t *testing.T, tokens ...string) (token func(context.Context, bool) (string, error), runs func() []bool) {
	t.Helper()
	dir := t.TempDir()
	var script strings.Builder
	script.WriteString("#!/bin/sh\nn=$(cat \"$0.count\" 2>/dev/null || echo 0)\necho $((n+1)) > \"$0.count\"\ncase $n in\n")
	for i, tok := range tokens {
		fmt.Fprintf(&script, "%d) echo '%s' ;;\n", i, tok)
	}
	fmt.Fprintf(&script, "*) echo '%s' ;;\nesac\n", tokens[len(tokens)-1])
	path := filepath.Join(dir, "token.sh")
	if err := os.WriteFile(path, []byte(script.String()), 0o755); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var renews []bool
	token = func(ctx context.Context, renew bool) (string, error) {
		mu.Lock()
		renews = append(renews, renew)
		mu.Unlock()
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, path).Output()
		return strings.TrimSpace(string(out)), err
	}
	runs = func() []bool {
		mu.Lock()
		defer mu.Unlock()
		return append([]bool(nil), renews...)
	}
	return token, runs
}
