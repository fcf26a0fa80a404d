package bench

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
)

// BenchmarkIngestCompare times builds against each other in paired rounds:
// each round runs `ingest --once` of every binary in BENCH_COMPARE (comma
// separated paths) on its own fresh copy of the 10,000 messages, so a
// drift of the machine hits them alike; the builds must share a database
// schema (the first one sets the fixture up). BENCH_ROUNDS sets the rounds (6).
// BENCH_SHAPE=gmail500 compares on issue 19's shape (BenchmarkIngestGmail500)
// instead of BenchmarkIngest10k's.
// It prints a line per run and the medians to stderr: b.Log would cut
// them short. Skipped without BENCH_COMPARE.
func BenchmarkIngestCompare(b *testing.B) {
	list := os.Getenv("BENCH_COMPARE")
	if list == "" {
		b.Skip("set BENCH_COMPARE to the binaries to compare")
	}
	b.StopTimer()
	bins := strings.Split(list, ",")
	rounds := 6
	if n, err := strconv.Atoi(os.Getenv("BENCH_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	walls, ratios := map[string][]float64{}, map[string][]float64{}
	for range b.N {
		for round := range rounds {
			for _, bin := range bins {
				d, file := compareRound(b, bin)
				bare, _ := bareFetch(b, d, "Bare", "")
				r := ingest(b, bin, file, d)
				d.Stop()
				walls[bin] = append(walls[bin], r.wall.Seconds())
				ratios[bin] = append(ratios[bin], r.wall.Seconds()/bare.wall.Seconds())
				fmt.Fprintf(os.Stderr, "round %d %s: ingest %v (CPU %v, server %v), bare fetch %v, ratio %.2f\n",
					round+1, bin, r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond),
					r.serverCPU.Round(time.Millisecond), bare.wall.Round(time.Millisecond), ratios[bin][len(ratios[bin])-1])
			}
		}
	}
	for _, bin := range bins {
		fmt.Fprintf(os.Stderr, "%s: median ingest %.3f s, median ratio %.2f\n", bin, median(walls[bin]), median(ratios[bin]))
	}
}

// compareRound gives a fresh server and config of the shape BENCH_SHAPE
// names.
func compareRound(b *testing.B, bin string) (*mailtest.Dovecot, string) {
	if os.Getenv("BENCH_SHAPE") == "gmail500" {
		return gmailRound(b, bin)
	}
	return filled(b, bin, 10000)
}

// median is the middle of xs (the mean of the two middle ones when even).
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}
