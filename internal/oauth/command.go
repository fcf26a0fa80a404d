package oauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// CommandTimeout bounds one run of a token command: oauth2l, az or a
// script that asks the identity provider over the network.
const CommandTimeout = 30 * time.Second

// TokenCommand runs the admin's token_command and keeps the access token
// it prints until the configured lifetime is up or a server refuses it.
// Its Token method is a mailin.Server's and a mailout.Relay's Token.
type TokenCommand struct {
	field    string // mailbox.token_command or smtp.token_command, for errors
	command  string // run with sh -c
	dir      string // the config file's folder, for a relative script path
	lifetime time.Duration
	timeout  time.Duration
	now      func() time.Time

	mu      sync.Mutex // held while the command runs, so it runs once for all
	token   string
	expires time.Time
}

// NewTokenCommand is the token source of one login: field names the
// command in errors (mailbox.token_command), command runs with sh -c in
// dir, and the token it prints is kept for lifetime.
func NewTokenCommand(field, dir, command string, lifetime time.Duration) *TokenCommand {
	return &TokenCommand{field: field, command: command, dir: dir, lifetime: lifetime,
		timeout: CommandTimeout, now: time.Now}
}

// Token returns the cached token, or runs the command for a new one when
// there is none, it is older than the lifetime, or renew says the server
// refused the last one.
func (tc *TokenCommand) Token(ctx context.Context, renew bool) (string, error) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if !renew && tc.token != "" && tc.now().Before(tc.expires) {
		return tc.token, nil
	}
	tc.token = ""
	token, err := tc.run(ctx)
	if err != nil {
		return "", err
	}
	tc.token, tc.expires = token, tc.now().Add(tc.lifetime)
	return token, nil
}

// run runs the command once. Its errors quote what the command wrote to
// stderr but never its stdout, which may hold a token.
func (tc *TokenCommand) run(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, tc.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", tc.command)
	cmd.Dir = tc.dir
	// A child the shell started may keep the pipes open after the shell
	// is killed; stop waiting for it.
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &limitedBuffer{max: 4 << 10, b: &stderr}
	err := cmd.Run()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "", fmt.Errorf("%s did not finish within %s%s", tc.field, tc.timeout, said(stderr.String()))
	case ctx.Err() != nil:
		return "", fmt.Errorf("%s: %w", tc.field, ctx.Err())
	case err != nil:
		return "", fmt.Errorf("%s: %v%s", tc.field, err, said(stderr.String()))
	}
	token := strings.TrimSpace(stdout.String())
	switch {
	case token == "":
		return "", fmt.Errorf("%s printed nothing on stdout%s", tc.field, said(stderr.String()))
	case strings.ContainsAny(token, " \t\r\n{}\"'"):
		return "", fmt.Errorf("%s printed more than a token: it must print the access token alone "+
			"(for JSON, pipe it through jq -r .access_token)", tc.field)
	}
	return token, nil
}

// said is the last line a command wrote to stderr, for an error message.
func said(stderr string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	if last == "" {
		return ""
	}
	if len(last) > 300 {
		last = last[:300] + "…"
	}
	return ": " + last
}

// limitedBuffer keeps the first max bytes written to it and drops the
// rest, so a chatty command can't fill memory.
type limitedBuffer struct {
	max int
	b   *bytes.Buffer
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
