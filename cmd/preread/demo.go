package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/loopback"
	"github.com/preread/preread/mailin"
)

// runDemo plays one week of preread for a sample team, on an IMAP and an
// SMTP server inside the process and a simulated clock, through the same
// code as `preread serve`: the planner queues what is due, the sender
// delivers it to the SMTP server, replies written like real mail clients'
// are appended to the IMAP mailbox and the syncer files them.
func runDemo(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	out := fs.String("out", "", "the folder for the emails sent, the config, the database and the log; new or empty (default: a new temporary folder)")
	if _, err := parseFlags(c, env, fs, args, 0, 0); err != nil {
		return err
	}
	dir, err := demoFolder(*out)
	if err != nil {
		return err
	}
	logFile, err := os.Create(filepath.Join(dir, "demo.log"))
	if err != nil {
		return fmt.Errorf("demo log: %w", err)
	}
	defer logFile.Close()
	began := time.Now()
	d, err := startDemo(ctx, env.stdout, dir, logFile)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.play(ctx); err != nil {
		return fmt.Errorf("%w (the log is %s)", err, logFile.Name())
	}
	folders, err := d.imap.Folders()
	if err != nil {
		return err
	}
	d.acct.summary(dir, folders, time.Since(began))
	return nil
}

// demoFolder makes the output folder: a new temporary one, or the one
// named, which must be new or empty, since the demo's database must start
// empty for the week to play from its beginning.
func demoFolder(out string) (string, error) {
	if out == "" {
		dir, err := os.MkdirTemp("", "preread-demo-")
		if err != nil {
			return "", fmt.Errorf("demo folder: %w", err)
		}
		return dir, nil
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", fmt.Errorf("demo folder: %w", err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return "", fmt.Errorf("demo folder: %w", err)
	}
	if len(entries) > 0 {
		return "", usageError{fmt.Sprintf("--out %s is not empty: name a new or empty folder", out)}
	}
	return filepath.Abs(out)
}

// demo is one run: the servers, the app on its simulated clock, what was
// sent so far and the account being printed.
type demo struct {
	a     *app
	imap  *loopback.IMAPServer
	smtp  *loopback.SMTPServer
	dir   string
	now   time.Time // the simulated clock
	acct  *account
	sent  []*sentMail // every email the SMTP server received, in order
	inbox map[string]preread.Processed
	// received counts the emails written to preread, kept in received/.
	received int
}

// startDemo starts both servers, writes the sample config into dir and
// opens the app on the simulated clock, with the service's log to logw.
func startDemo(ctx context.Context, stdout io.Writer, dir string, logw io.Writer) (*demo, error) {
	d := &demo{dir: dir, now: demoMonday(), inbox: map[string]preread.Processed{}}
	if err := os.Mkdir(filepath.Join(dir, "received"), 0o755); err != nil {
		return nil, fmt.Errorf("demo folder: %w", err)
	}
	var err error
	if d.imap, err = loopback.StartIMAP(loopback.IMAPOptions{User: demoUser, Password: demoPassword,
		ErrorLog: log.New(logw, "imap server: ", log.LstdFlags)}); err != nil {
		return nil, err
	}
	if d.smtp, err = loopback.StartSMTP(loopback.SMTPOptions{MaxMessageBytes: 32 << 20,
		ErrorLog: log.New(logw, "smtp server: ", log.LstdFlags)}); err != nil {
		d.imap.Close()
		return nil, err
	}
	file := filepath.Join(dir, "preread.yaml")
	if err := os.WriteFile(file, []byte(demoConfig(d.imap.Addr(), d.smtp.Addr())), 0o600); err != nil {
		d.Close()
		return nil, fmt.Errorf("demo config: %w", err)
	}
	// The service logs to demo.log; only the account goes to stdout.
	env := &cliEnv{stdout: io.Discard, stderr: logw, getenv: func(k string) string {
		if k == demoPasswordEnv {
			return demoPassword
		}
		return ""
	}}
	if d.a, err = openAppAt(ctx, env, file, func() time.Time { return d.now }); err != nil {
		d.Close()
		return nil, err
	}
	d.acct = newAccount(stdout, d.a.cfg.Directory, d.now.Location())
	d.acct.intro(d.imap.Addr(), d.smtp.Addr())
	return d, nil
}

// Close closes the database and stops both servers.
func (d *demo) Close() error {
	var errs []error
	if d.a != nil {
		errs = append(errs, d.a.Close())
	}
	errs = append(errs, d.smtp.Close(), d.imap.Close())
	return errors.Join(errs...)
}

// timedStep is a step of the script at its instant.
type timedStep struct {
	demoStep
	at time.Time
}

// play runs the week: the clock stops at every hour, when prompts, digests
// and pre-reads come due, and at every instant someone sends an email.
func (d *demo) play(ctx context.Context) error {
	steps, err := d.timeline(demoWeek())
	if err != nil {
		return err
	}
	start := demoMonday()
	end := start.AddDate(0, 0, 5) // Saturday 00:00
	var instants []time.Time
	for t := start; t.Before(end); t = t.Add(time.Hour) {
		instants = append(instants, t)
	}
	for _, s := range steps {
		instants = append(instants, s.at)
	}
	slices.SortFunc(instants, time.Time.Compare)
	instants = slices.CompactFunc(instants, time.Time.Equal)
	next := 0
	for _, t := range instants {
		if err := ctx.Err(); err != nil {
			return err
		}
		d.now = t
		var batch []timedStep
		for next < len(steps) && steps[next].at.Equal(t) {
			batch = append(batch, steps[next])
			next++
		}
		if len(batch) > 0 {
			if err := d.receive(ctx, batch); err != nil {
				return err
			}
		}
		if err := d.tick(ctx); err != nil {
			return err
		}
	}
	return nil
}

// timeline places each step at its instant, in order.
func (d *demo) timeline(week []demoStep) ([]timedStep, error) {
	monday := demoMonday()
	out := make([]timedStep, 0, len(week))
	for _, s := range week {
		loc := monday.Location()
		if p, ok := d.a.cfg.Directory.Person(s.address()); ok {
			loc = p.TimeZone
		}
		clock, err := time.Parse("15:04", s.clock)
		if err != nil {
			return nil, fmt.Errorf("demo script: %s at %q: %w", s.who, s.clock, err)
		}
		day := monday.AddDate(0, 0, int(s.day-time.Monday))
		at := time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc)
		out = append(out, timedStep{demoStep: s, at: at})
	}
	slices.SortStableFunc(out, func(a, b timedStep) int { return a.at.Compare(b.at) })
	return out, nil
}

// tick does what `preread serve` does each minute: queue what is due and
// flush the outbox through the relay.
func (d *demo) tick(ctx context.Context) error {
	if _, err := d.a.planner().enqueue(ctx, allDue, d.now); err != nil {
		return err
	}
	if _, _, err := d.a.sender().Flush(ctx); err != nil {
		return err
	}
	var fresh []*sentMail
	for _, m := range d.smtp.Since(len(d.sent)) {
		s, err := d.keep(ctx, m)
		if err != nil {
			return err
		}
		d.sent = append(d.sent, s)
		fresh = append(fresh, s)
	}
	return d.acct.outbound(ctx, d, fresh)
}

// receive writes the batch's emails, delivers them to the mailbox and
// files them with one pass of the syncer, as `preread ingest --once` does.
func (d *demo) receive(ctx context.Context, batch []timedStep) error {
	raws := make([][]byte, len(batch))
	ids := make([]string, len(batch))
	for i, s := range batch {
		var err error
		if raws[i], ids[i], err = d.write(ctx, s); err != nil {
			return err
		}
		d.received++
		local, _, _ := strings.Cut(s.address(), "@")
		name := fmt.Sprintf("%03d-%s-%s.eml", d.received, local, s.act)
		if err := os.WriteFile(filepath.Join(d.dir, "received", name), raws[i], 0o644); err != nil {
			return fmt.Errorf("write received/%s: %w", name, err)
		}
	}
	if err := d.imap.Deliver(d.now, raws...); err != nil {
		return err
	}
	client, err := mailin.Dial(ctx, d.a.cfg.imapServer(d.a.env.getenv))
	if err != nil {
		return err
	}
	defer client.Close()
	syncer := d.a.syncer()
	syncer.Processor = recorder{syncer.Processor, d.inbox}
	if _, err := syncer.Pass(ctx, client); err != nil {
		return err
	}
	if err := client.Logout().Wait(); err != nil {
		return fmt.Errorf("imap logout: %w", err)
	}
	for i, s := range batch {
		d.acct.inbound(s, d.inbox[ids[i]])
	}
	return nil
}

// recorder passes each message to the real classifier and keeps its
// result, so the account can say what became of it.
type recorder struct {
	mailin.Processor
	results map[string]preread.Processed
}

func (r recorder) Process(ctx context.Context, raw []byte) (preread.Processed, error) {
	p, err := r.Processor.Process(ctx, raw)
	if err == nil {
		r.results[p.Key] = p
	}
	return p, err
}
