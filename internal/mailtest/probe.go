package mailtest

import (
	"iter"
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/preread/preread/internal/loopback"
	"github.com/preread/preread/internal/probe"
)

// ProbeLines runs a connection probe (mailin.Probe, mailout.Probe) and
// returns its steps as `preread check --connect` prints them, one a line,
// and how many failed.
func ProbeLines(t testing.TB, steps iter.Seq[probe.Step]) (out string, failed int) {
	t.Helper()
	var b strings.Builder
	for s := range steps {
		b.WriteString(s.String() + "\n")
		if !s.OK {
			failed++
		}
	}
	t.Logf("probe:\n%s", b.String())
	return b.String(), failed
}

// WantLines checks that each pattern matches a line of out, in order.
func WantLines(t testing.TB, out string, patterns ...string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	i := 0
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		for i < len(lines) && !re.MatchString(lines[i]) {
			i++
		}
		if i == len(lines) {
			t.Errorf("no line matches %q (in order) in:\n%s", p, out)
			return
		}
		i++
	}
}

// ClosedAddr is a loopback host:port where nothing listens.
func ClosedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(loopback.Host, "0"))
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
