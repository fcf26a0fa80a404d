package bench

import (
	"fmt"
	"strings"
	"testing"

	"github.com/preread/preread/internal/mailtest"
)

// hostileShapes are the HTML bodies the HTML parser is slowest on: text
// between tags it ignores, costing it the square of the size, and anchors
// that each cost it a node.
var hostileShapes = map[string]string{"tr-td": "<tr><td>x", "span-close": "x</span>", "anchor": "<a>x"}

// BenchmarkIngestHostile runs `preread ingest --once` over one hostile HTML
// message of 1, 5 and 9 MB followed by a real status, once from a stranger
// (decided from the header: the body is never read) and once from a known,
// authenticated person (the body is read, within the time budget). It
// reports the pass's wall time and peak RSS; the targets are 2 s and 150 MB.
func BenchmarkIngestHostile(b *testing.B) {
	bin := buildBinary(b)
	for _, shape := range []string{"tr-td", "span-close", "anchor"} {
		for _, mb := range []int{1, 5, 9} {
			for _, from := range []string{"stranger", "known"} {
				b.Run(fmt.Sprintf("%s/%dMB/%s", shape, mb, from), func(b *testing.B) {
					b.StopTimer()
					for range b.N {
						d := mailtest.StartDovecot(b, mailtest.DovecotOptions{})
						file, tokens := setup(b, bin, d)
						d.Append(b, mailtest.DefaultUser, "INBOX", hostileMessage(shape, mb, from, tokens))
						d.Append(b, mailtest.DefaultUser, "INBOX", reply(1, tokens))
						b.StartTimer()
						r := ingest(b, bin, file, d)
						b.StopTimer()
						if got := len(d.Messages(b, mailtest.DefaultUser, "preread/Processed")); got < 1 {
							b.Fatalf("the status after the hostile message was not filed")
						}
						b.ReportMetric(r.wall.Seconds(), "s")
						b.ReportMetric(r.cpu.Seconds(), "cpu-s")
						b.ReportMetric(float64(r.rss)/(1<<20), "peak-RSS-MB")
						d.Stop()
					}
				})
			}
		}
	}
}

// hostileMessage is an HTML message of about mb MiB of one hostile shape,
// from a stranger or from a known person to their own status address.
func hostileMessage(shape string, mb int, from string, tokens map[string]string) []byte {
	sender, to := "mallory@evil.example", "preread+status@corp.example"
	if from == "known" {
		sender = "p002@corp.example"
		to = "preread+status." + tokens[sender] + "@corp.example"
	}
	unit := hostileShapes[shape]
	body := "<html><body><p>Today: the importer</p>" + strings.Repeat(unit, mb<<20/len(unit)) + "</body></html>"
	return []byte("From: " + sender + "\r\nTo: " + to + "\r\nSubject: status\r\nMessage-ID: <hostile-" + shape + "@example>\r\n" +
		"Date: Tue, 24 Nov 2026 09:00:00 +0000\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body)
}
