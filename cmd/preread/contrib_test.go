package main

import (
	"os"
	"strings"
	"testing"

	"github.com/preread/preread/config"
)

// TestContribConfig keeps contrib/preread.yaml, the config the systemd
// unit and the Docker image read, valid and in step with config/example.yaml:
// from mailbox: on, only the database and listen lines may differ.
func TestContribConfig(t *testing.T) {
	contrib, err := os.ReadFile("../../contrib/preread.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("/etc/preread/preread.yaml", contrib)
	if err != nil {
		t.Fatalf("config.Parse(contrib/preread.yaml) = %v", err)
	}
	if cfg.Database != "/var/lib/preread/preread.db" {
		t.Errorf("Database = %q, want /var/lib/preread/preread.db (StateDirectory and the Docker volume)", cfg.Database)
	}
	body := func(b []byte) []string {
		s := string(b)
		var out []string
		for _, l := range strings.Split(s[strings.Index(s, "\nmailbox:")+1:], "\n") {
			if !strings.HasPrefix(l, "database:") && !strings.HasPrefix(l, "listen:") {
				out = append(out, l)
			}
		}
		return out
	}
	got, want := body(contrib), body(config.Example())
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Fatalf("contrib/preread.yaml differs from config/example.yaml (outside database: and listen:):\ncontrib: %q\nexample: %q\ncopy the change over", g, w)
		}
	}
}
