package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
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

// setup writes a config for the people on Dovecot, creates the database (so
// tokens exist) and returns the config file and the tokens by address.
func setup(b *testing.B, bin string, d *mailtest.Dovecot) (string, map[string]string) {
	b.Helper()
	file := writeConfig(b, d)
	ingest(b, bin, file, d) // empty mailbox: creates and syncs the database
	b.Logf("a pass over an empty inbox takes %v", ingest(b, bin, file, d).wall.Round(time.Millisecond))
	db, err := store.Open(b.Context(), filepath.Join(filepath.Dir(file), "preread.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tokens := map[string]string{}
	for i := range people {
		email := fmt.Sprintf("p%03d@corp.example", i)
		if tokens[email], err = db.Token(b.Context(), email); err != nil {
			b.Fatal(err)
		}
	}
	return file, tokens
}

// writeConfig writes the config file for the people on Dovecot into a new
// folder; the database goes beside it.
func writeConfig(b *testing.B, d *mailtest.Dovecot) string {
	b.Helper()
	var dir strings.Builder
	dir.WriteString("people:\n  - email: boss@corp.example\n")
	for i := range people {
		fmt.Fprintf(&dir, "  - email: p%03d@corp.example\n    name: Person %03d\n", i, i)
	}
	dir.WriteString("pairs:\n")
	for i := range people {
		fmt.Fprintf(&dir, "  - manager: boss@corp.example\n    report: p%03d@corp.example\n    meets: weekly tue 10:00\n", i)
	}
	return writeConfigFile(b, d, dir.String())
}

// writeConfigFile writes a config for Dovecot d with the directory given
// as YAML (people, teams, pairs) into a new folder.
func writeConfigFile(b *testing.B, d *mailtest.Dovecot, directory string) string {
	b.Helper()
	cfg := fmt.Sprintf("listen: 127.0.0.1:0\nmailbox:\n  imap: %s\n  security: none\n  username: %s\n  password_env: BENCH_IMAP_PASSWORD\n"+
		"  address: preread@corp.example\n  max_message_size: 30MiB\nsmtp:\n  relay: 127.0.0.1:1\n  security: none\n  from: preread@corp.example\n",
		d.Addr(), mailtest.DefaultUser) + directory
	file := filepath.Join(b.TempDir(), "preread.yaml")
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		b.Fatal(err)
	}
	return file
}

// reply is mailtest.Reply from one of the directory's people, to their
// own status or agenda address.
func reply(i int, tokens map[string]string) []byte {
	from := fmt.Sprintf("p%03d@corp.example", i%people)
	to := func(kind string) string { return fmt.Sprintf("preread+%s.%s@corp.example", kind, tokens[from]) }
	return mailtest.Reply(i, from, fmt.Sprintf("Person %03d", i%people), to("status"), to("agenda"))
}

// fill appends n replies to a folder over one connection.
func fill(b *testing.B, d *mailtest.Dovecot, folder string, n int, tokens map[string]string) {
	b.Helper()
	c := d.Client(b, mailtest.DefaultUser)
	if folder != "INBOX" {
		if err := c.Create(folder, nil).Wait(); err != nil {
			b.Fatal(err)
		}
	}
	// Up to window APPENDs in flight (the server takes LITERAL+), so the
	// set-up does not wait a round trip per message.
	const window = 64
	var sent []*imapclient.AppendCommand
	wait := func(cmd *imapclient.AppendCommand) {
		if _, err := cmd.Wait(); err != nil {
			b.Fatal(err)
		}
	}
	for i := range n {
		raw := reply(i, tokens)
		cmd := c.Append(folder, int64(len(raw)), nil)
		if _, err := cmd.Write(raw); err != nil {
			b.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			b.Fatal(err)
		}
		if sent = append(sent, cmd); len(sent) == window {
			wait(sent[0])
			sent = sent[1:]
		}
	}
	for _, cmd := range sent {
		wait(cmd)
	}
	if err := c.Logout().Wait(); err != nil {
		b.Fatal(err)
	}
}

// fixtures holds, by message count, a folder with a copy of a filled
// Maildir and of the database whose tokens its messages carry. Appending
// 10,000 messages takes a minute, so it is done once per test process and
// copied into the fresh server of each run.
var fixtures = map[int]string{}

// TestMain removes the fixtures when the benchmarks are done.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range fixtures {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// filled gives a fresh Dovecot n replies in INBOX and in each bareFolders,
// none of them fetched before, and a config whose database knows the
// senders. Both folders are copies of one filled folder, so the bare fetch
// and preread read the same files in the same state.
func filled(b *testing.B, bin string, n int) (*mailtest.Dovecot, string) {
	b.Helper()
	d := mailtest.StartDovecot(b, mailtest.DovecotOptions{})
	fixture, ok := fixtures[n]
	if !ok {
		fixture = makeFixture(b, bin, d, n)
		fixtures[n] = fixture
	}
	file := writeConfig(b, d)
	dbFiles, _ := filepath.Glob(filepath.Join(fixture, "preread.db*"))
	copyFiles(b, filepath.Dir(file), dbFiles...)
	home := d.Home(mailtest.DefaultUser)
	if err := os.RemoveAll(filepath.Join(home, "Maildir")); err != nil {
		b.Fatal(err)
	}
	mkdirOwned(b, home, filepath.Join(fixture, "Maildir"))
	copyFiles(b, home, filepath.Join(fixture, "Maildir"))
	return d, file
}

// bareFolders are the copies of INBOX the bare client reads: one it only
// fetches, one it fetches and then moves.
var bareFolders = []string{"Bare", "BareMove"}

// makeFixture fills INBOX on d and keeps a copy of the Maildir, with INBOX
// copied again as each of bareFolders, and of the database.
func makeFixture(b *testing.B, bin string, d *mailtest.Dovecot, n int) string {
	b.Helper()
	file, tokens := setup(b, bin, d)
	fill(b, d, "INBOX", n, tokens)
	dir, err := os.MkdirTemp("", "preread-bench-")
	if err != nil {
		b.Fatal(err)
	}
	fixtures[n] = dir // removed by TestMain even if this fails
	dbFiles, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "preread.db*"))
	copyFiles(b, dir, dbFiles...)
	maildir := filepath.Join(dir, "Maildir")
	copyFiles(b, dir, filepath.Join(d.Home(mailtest.DefaultUser), "Maildir"))
	// Maildir++: a folder is a dot-directory holding the INBOX's own files.
	inbox, _ := filepath.Glob(filepath.Join(maildir, "dovecot.index*"))
	inbox = append(inbox, filepath.Join(maildir, "cur"), filepath.Join(maildir, "new"),
		filepath.Join(maildir, "tmp"), filepath.Join(maildir, "dovecot-uidlist"))
	for _, folder := range bareFolders {
		mkdirOwned(b, filepath.Join(maildir, "."+folder), maildir)
		copyFiles(b, filepath.Join(maildir, "."+folder), inbox...)
	}
	// The folder list index would not know them; Dovecot rebuilds it.
	lists, _ := filepath.Glob(filepath.Join(maildir, "dovecot.list.index*"))
	for _, f := range lists {
		os.Remove(f)
	}
	return dir
}

// mkdirOwned makes dir, if missing, with the owner of like: the mail
// user, who must be able to write in it.
func mkdirOwned(b *testing.B, dir, like string) {
	b.Helper()
	uid, gid := ownerOf(b, like)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		b.Fatal(err)
	}
}

// ownerOf is the owner of a file.
func ownerOf(b *testing.B, path string) (uid, gid int) {
	b.Helper()
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	return int(st.Uid), int(st.Gid)
}

// copyFiles copies files and folders into dir with cp -a, which keeps the
// owner (the mail user) and the modes.
func copyFiles(b *testing.B, dir string, paths ...string) {
	b.Helper()
	if len(paths) == 0 {
		return
	}
	if out, err := exec.Command("cp", append(append([]string{"-a"}, paths...), dir)...).CombinedOutput(); err != nil {
		b.Fatalf("cp: %v\n%s", err, out)
	}
}

// run is what one timed run took.
type run struct {
	wall      time.Duration
	cpu       time.Duration // our process, user + system
	serverCPU time.Duration // Dovecot's imap processes, user + system
	rss       int64         // our peak, bytes
}

// ingest runs `preread ingest --once` and measures it.
func ingest(b *testing.B, bin, file string, d *mailtest.Dovecot) run {
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
	server := serverCPU(b, d)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	peak := watchPeakRSS(cmd.Process.Pid)
	if err := cmd.Wait(); err != nil {
		log, _ := os.ReadFile(logFile.Name())
		b.Fatalf("ingest: %v\n%s", err, log)
	}
	r := run{wall: time.Since(start), rss: peak()}
	if keep := os.Getenv("BENCH_LOG"); keep != "" {
		log, _ := os.ReadFile(logFile.Name())
		os.WriteFile(keep, log, 0o644)
	}
	usage := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	r.cpu = time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
	r.serverCPU = serverCPU(b, d) - server
	return r
}

// watchPeakRSS follows a process's peak resident set (VmHWM) until it
// exits; the returned func gives the last value read. The rusage of the
// child is no good here: Linux carries the parent's peak over into an
// exec'd child's ru_maxrss, and this test process builds big messages.
func watchPeakRSS(pid int) func() int64 {
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
			if err != nil {
				return // gone
			}
			for line := range strings.Lines(string(status)) {
				if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					if n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 10, 64); err == nil {
						peak.Store(n * 1024)
					}
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	return func() int64 {
		<-done
		return peak.Load()
	}
}

// serverCPU is Dovecot's CPU time so far, once the sessions that logged
// out are reaped.
func serverCPU(b *testing.B, d *mailtest.Dovecot) time.Duration {
	b.Helper()
	time.Sleep(200 * time.Millisecond)
	t, err := d.ChildCPU()
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// bareFetch fetches every message's bytes with UID FETCH BODY.PEEK[] and
// does nothing else; the bytes fetched come with the run. With moveTo, it
// then moves them all there with one UID MOVE: what the server must do
// for a pass at the least.
func bareFetch(b *testing.B, d *mailtest.Dovecot, folder, moveTo string) (run, int) {
	b.Helper()
	server := serverCPU(b, d)
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	c := d.Client(b, mailtest.DefaultUser)
	if moveTo != "" {
		if err := c.Create(moveTo, nil).Wait(); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	if _, err := c.Select(folder, nil).Wait(); err != nil {
		b.Fatalf("%v\n%s", err, d.Log())
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
	if moveTo != "" {
		if _, err := c.Move(imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}, moveTo).Wait(); err != nil {
			b.Fatal(err)
		}
	}
	r := run{wall: time.Since(start)}
	if err := c.Logout().Wait(); err != nil {
		b.Fatal(err)
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	r.cpu = time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	r.serverCPU = serverCPU(b, d) - server
	return r, n
}

// BenchmarkIngest10k files 10,000 realistic replies with the built binary
// and compares with a bare fetch of the same messages. Metrics: msgs/s of
// the pipeline, ratio to the bare fetch, peak RSS, and for reference the
// ratio of a bare fetch followed by one move of every message (the
// server's share of a pass) to the bare fetch.
func BenchmarkIngest10k(b *testing.B) {
	b.StopTimer() // only the ingest is timed: not the build, nor the set-up
	bin := buildBinary(b)
	const n = 10000
	sideBySide(b, bin, n, func() (*mailtest.Dovecot, string) { return filled(b, bin, n) })
}

// sideBySide runs b.N rounds, each on a fresh server that round gives:
// the same n messages in three folders, each read once, so the bare
// client and preread meet mail the server has not sent before (a second
// fetch of a folder is twice as fast, from its cache): a bare fetch, a
// bare fetch and one move of every message, and `ingest --once`.
func sideBySide(b *testing.B, bin string, n int, round func() (*mailtest.Dovecot, string)) {
	b.Helper()
	for range b.N {
		d, file := round()
		bare, bytes := bareFetch(b, d, "Bare", "")
		bareMove, _ := bareFetch(b, d, "BareMove", "Moved")
		b.StartTimer()
		r := ingest(b, bin, file, d)
		b.StopTimer()
		if got := len(d.Messages(b, mailtest.DefaultUser, "preread/Processed")); got != n {
			b.Fatalf("Processed holds %d, want %d", got, n)
		}
		report(b, n, bare, bareMove, r, bytes)
		d.Stop()
	}
}

// BenchmarkIngestLarge files three 25 MB messages among small ones and
// reports the peak RSS of `preread ingest --once`.
func BenchmarkIngestLarge(b *testing.B) {
	b.StopTimer()
	bin := buildBinary(b)
	for range b.N {
		d := mailtest.StartDovecot(b, mailtest.DovecotOptions{})
		file, tokens := setup(b, bin, d)
		fill(b, d, "INBOX", 100, tokens)
		// Three in a row, each with a 25 MB attachment, then more replies:
		// memory holds one at a time.
		var big []byte
		for i := 100001; i <= 100003; i++ {
			big = reply(i, tokens)
			att := strings.Repeat(strings.Repeat("A", 76)+"\r\n", 25<<20/78)
			boundary := fmt.Sprintf("--b%d", i)
			big = []byte(strings.Replace(string(big), boundary+"--", boundary+"\r\nContent-Type: application/pdf; name=big.pdf\r\n"+
				"Content-Disposition: attachment; filename=big.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"+att+boundary+"--", 1))
			d.Append(b, mailtest.DefaultUser, "INBOX", big)
		}
		fill(b, d, "INBOX", 100, tokens)
		b.StartTimer()
		r := ingest(b, bin, file, d)
		b.StopTimer()
		b.ReportMetric(r.wall.Seconds(), "s")
		b.ReportMetric(float64(r.rss)/(1<<20), "peak-RSS-MB")
		b.ReportMetric(float64(len(big))/(1<<20), "large-MB")
		d.Stop()
	}
}
