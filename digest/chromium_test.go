//go:build unix

package digest

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// chromiumTimeout bounds one browser run.
const chromiumTimeout = 30 * time.Second

var screenshots = flag.String("screenshots", "", "save a screenshot of each golden email in this folder")

// chromiumFlags run a headless browser that does as little on its own as
// it can. host-resolver-rules makes every name lookup fail, so even what
// the browser still tries itself (update and account checks) never leaves
// the machine; the net log still records each request it starts.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update",
	"--disable-sync", "--disable-quic", "--disable-extensions",
	"--no-default-browser-check", "--hide-scrollbars",
	"--host-resolver-rules=MAP * ~NOTFOUND",
}

// TestChromium opens every golden email's HTML in a real browser: the page
// must load, show its key text, have no script or image elements, and make
// no request to the network.
func TestChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("%s is missing (%v): install it with `apt-get update && apt-get install -y chromium`; .ci/run does", chromiumPath, err)
	}
	t.Run("canary", func(t *testing.T) {
		t.Parallel()
		// The net log check must see a page that loads from outside.
		page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>canary</title></head><body>` +
			`<p>canary</p><img src="http://canary.invalid/x.png"><div style="background:url(https://canary.invalid/y.png)">x</div></body></html>`
		_, remote := loadPage(t, page)
		if len(remote) < 2 {
			t.Fatalf("the net log shows page requests %q, want the two canary images", remote)
		}
	})
	for _, c := range goldenCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			page := c.render().HTML
			if p := selfContainedProblems(page); len(p) > 0 {
				t.Errorf("the HTML reaches outside or runs code: %q", p)
			}
			dom, remote := loadPage(t, page)
			if len(remote) > 0 {
				t.Errorf("the page made requests: %q", remote)
			}
			low := strings.ToLower(dom)
			for _, tag := range []string{"<script", "<img", "<iframe", "<style", "<link"} {
				if strings.Contains(low, tag) {
					t.Errorf("the loaded page has a %s> element", tag)
				}
			}
			text := pageText(dom)
			for _, want := range c.shows {
				if !strings.Contains(text, want) {
					t.Errorf("the page does not show %q; it shows:\n%s", want, text)
				}
			}
			if *screenshots != "" {
				screenshot(t, page, filepath.Join(*screenshots, c.name+".png"))
			}
		})
	}
}

// loadPage opens page in headless Chromium from a file:// URL and returns
// the DOM once loaded and the network requests the page itself started.
// Requests Chromium starts for itself have no initiating origin ("not an
// origin" in the net log) and are not the page's.
func loadPage(t *testing.T, page string) (dom string, remote []string) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	netLog := filepath.Join(dir, "net.json")
	out := runChromium(t, dir, "--log-net-log="+netLog, "--dump-dom", "file://"+file)
	if !strings.Contains(out, "</html>") {
		t.Fatalf("chromium printed no page:\n%s", out)
	}
	return out, pageRequests(t, netLog)
}

// screenshot saves an 800×1200 picture of page to path.
func screenshot(t *testing.T, page, path string) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	runChromium(t, dir, "--screenshot="+abs, "--window-size=800,1200", "file://"+file)
	if _, err := os.Stat(abs); err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	t.Logf("screenshot in %s", abs)
}

// runChromium runs the browser with a fresh profile in a new folder under
// dir and returns what it printed on stdout. A run that times out is tried
// once more, since a loaded machine can stall the browser's start; a second
// timeout fails the test.
func runChromium(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := runChromiumOnce(filepath.Join(dir, "run1"), args)
	if errors.Is(err, errTimeout) {
		t.Logf("%v; trying once more", err)
		out, err = runChromiumOnce(filepath.Join(dir, "run2"), args)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// errTimeout is a browser run that took longer than chromiumTimeout.
var errTimeout = fmt.Errorf("chromium took more than %v", chromiumTimeout)

// runChromiumOnce runs the browser once with its profile in dir. Its
// output goes to files, not pipes, so that helper processes that outlive
// it cannot hold up Wait; the whole process group is killed at the end.
func runChromiumOnce(dir string, args []string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), chromiumTimeout)
	defer cancel()
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		return "", err
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		return "", err
	}
	defer stderr.Close()

	all := append(append([]string{}, chromiumFlags...), "--user-data-dir="+filepath.Join(dir, "profile"))
	cmd := exec.CommandContext(ctx, chromiumPath, append(all, args...)...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // helpers left behind, if any
	}
	if err != nil {
		msg, _ := os.ReadFile(stderr.Name())
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "", fmt.Errorf("%w: %s", errTimeout, tail(string(msg)))
		}
		return "", fmt.Errorf("chromium: %v\n%s", err, tail(string(msg)))
	}
	b, err := os.ReadFile(stdout.Name())
	return string(b), err
}

// pageRequests reads Chromium's net log (--log-net-log) and lists the URLs
// of the requests a page started: all but those Chromium started for
// itself, which have no initiating origin.
func pageRequests(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read the net log: %v", err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int            `json:"type"`
			Params map[string]any `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatalf("parse the net log %s: %v", path, err)
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatalf("the net log %s names no URL_REQUEST_START_JOB event", path)
	}
	var page []string
	browser := 0
	for _, e := range log.Events {
		if e.Type != start {
			continue
		}
		url, _ := e.Params["url"].(string)
		initiator, _ := e.Params["initiator"].(string)
		switch {
		case url == "": // the end of a request: its start was counted
			continue
		case initiator == "not an origin":
			browser++
			continue
		}
		page = append(page, fmt.Sprintf("%s (initiator %s)", url, initiator))
	}
	t.Logf("net log: %d page requests, %d requests by the browser itself (never resolved)", len(page), browser)
	return page
}

// tail is the end of a long log.
func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}
