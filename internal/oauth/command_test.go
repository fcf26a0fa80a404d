package oauth

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// countingToken is a token command that prints token-N on its Nth run.
// It runs in dir, as the config's folder.
func countingToken(t *testing.T) (dir string, tc *TokenCommand) {
	dir = t.TempDir()
	body := "#!/bin/sh\n" + `n=$(($(cat count 2>/dev/null || echo 0) + 1)); echo $n > count; printf '  token-%d\n\n' $n`
	if err := os.WriteFile(filepath.Join(dir, "token.sh"), []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, NewTokenCommand("mailbox.token_command", dir, "./token.sh", time.Hour)
}

func TestTokenCommandCachesAndRenews(t *testing.T) {
	_, tc := countingToken(t)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	tc.now = func() time.Time { return now }
	ctx := t.Context()
	check := func(renew bool, want string) {
		t.Helper()
		got, err := tc.Token(ctx, renew)
		if err != nil || got != want {
			t.Errorf("Token(renew=%v) = %q, %v; want %q", renew, got, err, want)
		}
	}
	check(false, "token-1") // run in the config's folder, output trimmed
	check(false, "token-1") // cached
	now = now.Add(59 * time.Minute)
	check(false, "token-1")
	now = now.Add(2 * time.Minute)
	check(false, "token-2") // the lifetime is up
	check(true, "token-3")  // the server refused token-2
	check(false, "token-3")
}

func TestTokenCommandRunsOnceForConcurrentCallers(t *testing.T) {
	dir, tc := countingToken(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got, err := tc.Token(t.Context(), false); err != nil || got != "token-1" {
				t.Errorf("Token() = %q, %v; want token-1", got, err)
			}
		})
	}
	wg.Wait()
	if count, _ := os.ReadFile(filepath.Join(dir, "count")); strings.TrimSpace(string(count)) != "1" {
		t.Errorf("the command ran %s times, want once", count)
	}
}

func TestTokenCommandFailures(t *testing.T) {
	cases := []struct {
		name, command, want string
	}{
		{"exit status", "echo ya29.secret-token; echo 'first line' >&2; echo 'invalid_grant: Invalid JWT Signature.' >&2; exit 3",
			"mailbox.token_command: exit status 3: invalid_grant: Invalid JWT Signature."},
		{"not found", "oauth2l-not-installed fetch", "mailbox.token_command: exit status 127: "},
		{"nothing printed", "true", "mailbox.token_command printed nothing on stdout"},
		{"json", `echo '{"access_token": "ya29.secret-token", "expires_in": 3599}'`,
			"mailbox.token_command printed more than a token: it must print the access token alone (for JSON, pipe it through jq -r .access_token)"},
		{"two words", "echo Bearer ya29.secret-token", "mailbox.token_command printed more than a token"},
		{"timeout", "echo ya29.secret-token; echo waiting >&2; sleep 10", "mailbox.token_command did not finish within 300ms: waiting"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := NewTokenCommand("mailbox.token_command", t.TempDir(), tc.command, time.Hour)
			cmd.timeout = 300 * time.Millisecond
			began := time.Now()
			got, err := cmd.Token(t.Context(), false)
			if err == nil || got != "" || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Token() = %q, %v; want an error containing %q", got, err, tc.want)
			}
			if strings.Contains(err.Error(), "secret-token") {
				t.Errorf("the error %q shows the token", err)
			}
			if d := time.Since(began); d > 5*time.Second {
				t.Errorf("Token() took %s, want the timeout to stop it", d)
			}
		})
	}
}
