package main

import (
	"bytes"
	"os"
	"regexp"
	"testing"
	"time"
)

// TestGenerated checks that windows_zones.go is what the generator makes
// from the installed CLDR data, and that every zone it names loads. It is
// skipped where Debian's unicode-cldr-core is not installed.
func TestGenerated(t *testing.T) {
	const xmlPath = "/usr/share/unicode/cldr/common/supplemental/windowsZones.xml"
	if _, err := os.Stat(xmlPath); err != nil {
		t.Skip("no CLDR data:", err)
	}
	want, err := generate(xmlPath, "/usr/share/doc/unicode-cldr-core/copyright")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../windows_zones.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("windows_zones.go is stale: run go generate in mailin/calendar")
	}
	for _, m := range regexp.MustCompile(`return "([^"]+)"`).FindAllSubmatch(got, -1) {
		if _, err := time.LoadLocation(string(m[1])); err != nil {
			t.Errorf("zone %s: %v", m[1], err)
		}
	}
}
