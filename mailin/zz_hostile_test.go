package mailin

import (
	"strings"
	"testing"
	"time"
)

func TestHostileTiming(t *testing.T) {
	const n = 1 << 20
	html := func(partText string) []byte {
		return []byte("From: a@b.example\nContent-Type: text/html\n\n" + partText)
	}
	cases := map[string][]byte{
		"nested blockquotes": html(strings.Repeat("<blockquote>x", n/13)),
		"many blockquotes":   html(strings.Repeat("<blockquote type=cite>x</blockquote>y", n/37)),
		"inline b":           html(strings.Repeat("<b>x", n/4)),
		"spans no newline":   html(strings.Repeat("<span>a:</span>", n/15)),
		"nested divs":        html(strings.Repeat("<div>", n/5)),
		"nested lists":       html(strings.Repeat("<ul><li>x", n/9)),
		"header lines":       html(strings.Repeat("<p>From: a<br>Sent: b</p>", n/25)),
		"gmail quotes":       html(strings.Repeat(`<div class="gmail_quote">q</div>t`, n/32)),
		"many parts":         []byte("From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("--b\n\nx\n", n/7)),
		"nested multipart":   []byte("From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("--b\nContent-Type: multipart/mixed; boundary=b\n\n", n/47)),
		"nested rfc822":      []byte("From: a@b.example\nContent-Type: message/rfc822\n\n" + strings.Repeat("From: a@b.example\nContent-Type: message/rfc822\n\n", n/48)),
		"long header":        []byte("From: a@b.example\nSubject: " + strings.Repeat("x", n) + "\n\nbody"),
		"many addresses":     []byte("From: a@b.example\nTo: " + strings.Repeat("a@b.example, ", n/13) + "\n\nbody"),
		"many references":    []byte("From: a@b.example\nReferences: " + strings.Repeat("<a@b> ", n/6) + "\n\nbody"),
		"base64 garbage":     []byte("From: a@b.example\nContent-Transfer-Encoding: base64\n\n" + strings.Repeat("====", n/4)),
		"flowed":             []byte("From: a@b.example\nContent-Type: text/plain; format=flowed\n\n" + strings.Repeat("> x \n", n/5)),
	}
	for name, raw := range cases {
		start := time.Now()
		_, err := Parse(raw, 0)
		t.Logf("%-20s %8d bytes %v err=%v", name, len(raw), time.Since(start), err)
	}
}
