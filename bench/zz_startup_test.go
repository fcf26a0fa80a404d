package bench

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/preread/preread/internal/mailtest"
)

func BenchmarkZZSplit(b *testing.B) {
	b.StopTimer()
	bin := buildBinary(b)
	for range b.N {
		d, file := gmailRound(b, bin)
		args := []string{"ingest", "--config", file, "--once", "--log-format", "json"}
		if p := os.Getenv("ZZ_PROF"); p != "" {
			args = append(args, "--cpuprofile", p)
		}
		cmd := exec.Command(bin, args...)
		if os.Getenv("ZZ_PERF") != "" {
			cmd = exec.Command("perf", append([]string{"record", "-e", "cpu-clock", "-F", "4000", "-g", "-o", "/tmp/perf.data", "--", bin}, args...)...)
		}
		cmd.Env = append(os.Environ(), "BENCH_IMAP_PASSWORD="+mailtest.DefaultPassword)
		lf, _ := os.Create("/tmp/zz.log")
		cmd.Stdout, cmd.Stderr = lf, lf
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		wall := time.Since(start)
		lf.Seek(0, 0)
		sc := bufio.NewScanner(lf)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		n := 0
		last := ""
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) != nil {
				continue
			}
			msg, _ := m["msg"].(string)
			if msg == "message" {
				n++
				if n%2000 != 1 {
					continue
				}
			}
			if msg == last && msg != "message" {
				continue
			}
			last = msg
			t, _ := time.Parse(time.RFC3339Nano, m["time"].(string))
			b.Logf("%6.3f %s %d", t.Sub(start).Seconds(), msg, n)
		}
		u := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		b.Logf("wall %v user %v sys %v", wall, time.Duration(u.Utime.Nano()), time.Duration(u.Stime.Nano()))
		d.Stop()
	}
}
