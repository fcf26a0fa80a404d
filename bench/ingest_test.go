package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
)

// people is how many directory people send the replies.
const people = 100

// buildBinary builds preread once into a temp folder.
func buildBinary(b *testing.B) string {
	b.Helper()
	if bin := os.Getenv("BENCH_BINARY"); bin != "" {
		return bin // a binary built elsewhere, e.g. of another commit
	}
	bin := filepath.Join(b.TempDir(), "preread")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/preread")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// setup writes a config for n people on Dovecot, creates the database (so
// tokens exist) and returns the config file and the tokens by address.
func setup(b *testing.B, bin string, d *mailtest.Dovecot) (string, map[string]string) {
	b.Helper()
	dir := b.TempDir()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "listen: 127.0.0.1:0\nmailbox:\n  imap: %s\n  security: none\n  username: %s\n  password_env: BENCH_IMAP_PASSWORD\n"+
		"  address: preread@corp.example\n  max_message_size: 30MiB\nsmtp:\n  relay: 127.0.0.1:1\n  security: none\n  from: preread@corp.example\npeople:\n",
		d.Addr(), mailtest.DefaultUser)
	cfg.WriteString("  - email: boss@corp.example\n")
	for i := range people {
		fmt.Fprintf(&cfg, "  - email: p%03d@corp.example\n    name: Person %03d\n", i, i)
	}
	cfg.WriteString("pairs:\n")
	for i := range people {
		fmt.Fprintf(&cfg, "  - manager: boss@corp.example\n    report: p%03d@corp.example\n    meets: weekly tue 10:00\n", i)
	}
	file := filepath.Join(dir, "preread.yaml")
	if err := os.WriteFile(file, []byte(cfg.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	ingest(b, bin, file) // empty mailbox: creates and syncs the database
	idle, _ := ingest(b, bin, file)
	b.Logf("a pass over an empty inbox takes %v", idle.Round(time.Millisecond))
	db, err := store.Open(context.Background(), filepath.Join(dir, "preread.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tokens := map[string]string{}
	for i := range people {
		email := fmt.Sprintf("p%03d@corp.example", i)
		if tokens[email], err = db.Token(context.Background(), email); err != nil {
			b.Fatal(err)
		}
	}
	return file, tokens
}

// reply is mailtest.Reply from one of the directory's people, to their
// own status or agenda address.
func reply(i int, tokens map[string]string) []byte {
	from := fmt.Sprintf("p%03d@corp.example", i%people)
	to := func(kind string) string { return fmt.Sprintf("preread+%s.%s@corp.example", kind, tokens[from]) }
	return mailtest.Reply(i, from, fmt.Sprintf("Person %03d", i%people), to("status"), to("agenda"))
}

// fill appends n replies to the inbox over one connection.
func fill(b *testing.B, d *mailtest.Dovecot, n int, tokens map[string]string) {
	b.Helper()
	c := d.Client(b, mailtest.DefaultUser)
	for i := range n {
		raw := reply(i, tokens)
		cmd := c.Append("INBOX", int64(len(raw)), nil)
		if _, err := cmd.Write(raw); err != nil {
			b.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			b.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			b.Fatal(err)
		}
	}
}

// ingest runs `preread ingest --once` and returns its wall time and peak RSS.
func ingest(b *testing.B, bin, file string) (time.Duration, int64) {
	b.Helper()
	args := []string{"ingest", "--config", file, "--once", "--log-format", "json"}
	if p := os.Getenv("BENCH_CPUPROFILE"); p != "" {
		args = append(args, "--cpuprofile", p)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "BENCH_IMAP_PASSWORD="+mailtest.DefaultPassword)
	logFile, err := os.Create(filepath.Join(b.TempDir(), "ingest.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log, _ := os.ReadFile(logFile.Name())
		b.Fatalf("ingest: %v\n%s", err, log)
	}
	if keep := os.Getenv("BENCH_LOG"); keep != "" {
		log, _ := os.ReadFile(logFile.Name())
		os.WriteFile(keep, log, 0o644)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
	return time.Since(start), rss * 1024
}

// bareFetch fetches every message's bytes with UID FETCH BODY.PEEK[] and
// does nothing else.
func bareFetch(b *testing.B, d *mailtest.Dovecot, folder string) (time.Duration, int) {
	b.Helper()
	c := d.Client(b, mailtest.DefaultUser)
	start := time.Now()
	if _, err := c.Select(folder, nil).Wait(); err != nil {
		b.Fatal(err)
	}
	body := &imap.FetchItemBodySection{Peek: true}
	cmd := c.Fetch(imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{body}})
	n := 0
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		buf, err := msg.Collect()
		if err != nil {
			b.Fatal(err)
		}
		n += len(buf.FindBodySection(body))
	}
	if err := cmd.Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start), n
}

// BenchmarkIngest10k files 10,000 realistic replies with the built binary
// and compares with a bare fetch of the same messages. Metrics: msgs/s of
// the pipeline, ratio to the bare fetch, and peak RSS.
func BenchmarkIngest10k(b *testing.B) {
	bin := buildBinary(b)
	const n = 10000
	for range b.N {
		b.StopTimer()
		d := mailtest.StartDovecot(b, mailtest.DovecotOptions{})
		file, tokens := setup(b, bin, d)
		fill(b, d, n, tokens)
		bare, bytes := bareFetch(b, d, "INBOX")
		b.StartTimer()
		took, rss := ingest(b, bin, file)
		b.StopTimer()
		if got := len(d.Messages(b, mailtest.DefaultUser, "preread/Processed")); got != n {
			b.Fatalf("Processed holds %d, want %d", got, n)
		}
		b.ReportMetric(float64(n)/took.Seconds(), "msgs/s")
		b.ReportMetric(float64(n)/bare.Seconds(), "bare-msgs/s")
		b.ReportMetric(took.Seconds()/bare.Seconds(), "ratio")
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MB")
		b.ReportMetric(float64(bytes)/(1<<20), "fetched-MB")
		d.Stop()
	}
}

// BenchmarkIngestLarge files one 25 MB message among small ones and reports
// the peak RSS of `preread ingest --once`.
func BenchmarkIngestLarge(b *testing.B) {
	bin := buildBinary(b)
	for range b.N {
		b.StopTimer()
		d := mailtest.StartDovecot(b, mailtest.DovecotOptions{})
		file, tokens := setup(b, bin, d)
		fill(b, d, 100, tokens)
		big := reply(100001, tokens)
		att := strings.Repeat(strings.Repeat("A", 76)+"\r\n", 25<<20/78)
		big = []byte(strings.Replace(string(big), "--b100001--", "--b100001\r\nContent-Type: application/pdf; name=big.pdf\r\n"+
			"Content-Disposition: attachment; filename=big.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"+att+"--b100001--", 1))
		d.Append(b, mailtest.DefaultUser, "INBOX", big)
		b.StartTimer()
		took, rss := ingest(b, bin, file)
		b.StopTimer()
		b.ReportMetric(took.Seconds(), "s")
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MB")
		b.ReportMetric(float64(len(big))/(1<<20), "large-MB")
		d.Stop()
	}
}
