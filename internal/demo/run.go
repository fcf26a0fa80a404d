package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/internal/loopback"
)

// ErrNotEmpty means the output folder named already holds files.
var ErrNotEmpty = errors.New("demo folder is not empty")

// Options configures Run.
type Options struct {
	// Out is the folder for the emails sent, the config, the database and
	// the log: new or empty. "" makes a new temporary folder.
	Out string
	// Stdout receives the account of the week.
	Stdout io.Writer
	// Open opens the service from the config file the demo wrote, on the
	// demo's clock, with getenv as its environment and its log to logw.
	Open func(ctx context.Context, file string, now func() time.Time, getenv func(string) string, logw io.Writer) (Service, error)
}

// Run plays one week of preread for a sample team, on an IMAP and an SMTP
// server inside the process and a simulated clock, through the service:
// it queues what is due, delivers it to the SMTP server, replies written
// like real mail clients' are appended to the IMAP mailbox and one ingest
// pass files them. It prints the account to opts.Stdout as it goes.
func Run(ctx context.Context, opts Options) error {
	dir, err := folder(opts.Out)
	if err != nil {
		return err
	}
	logFile, err := os.Create(filepath.Join(dir, "demo.log"))
	if err != nil {
		return fmt.Errorf("demo log: %w", err)
	}
	defer logFile.Close()
	began := time.Now()
	w, err := start(ctx, opts, dir, logFile)
	if err != nil {
		return err
	}
	defer w.Close()
	if err := w.play(ctx); err != nil {
		return fmt.Errorf("%w (the log is %s)", err, logFile.Name())
	}
	folders, err := w.imap.Folders()
	if err != nil {
		return err
	}
	w.acct.summary(dir, folders, time.Since(began))
	return nil
}

// folder makes the output folder: a new temporary one, or the one named,
// which must be new or empty (ErrNotEmpty), since the demo's database
// must start empty for the week to play from its beginning.
func folder(out string) (string, error) {
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
		return "", fmt.Errorf("%s: %w", out, ErrNotEmpty)
	}
	return filepath.Abs(out)
}

// week is one run: the servers, the service on its simulated clock, what
// was sent so far and the account being printed.
type week struct {
	svc     Service
	imap    *loopback.IMAPServer
	smtp    *loopback.SMTPServer
	dir     string            // the output folder
	people  preread.Directory // the service's
	mailbox preread.Mailbox   // the service's
	now     time.Time         // the simulated clock
	acct    *account
	sent    []*sentMail // every email the SMTP server received, in order
	inbox   map[string]preread.Processed
	// received counts the emails written to preread, kept in received/.
	received int
}

// start starts both servers, writes the sample config into dir and opens
// the service on the simulated clock, with the service's log to logw.
func start(ctx context.Context, opts Options, dir string, logw io.Writer) (*week, error) {
	w := &week{dir: dir, now: monday(), inbox: map[string]preread.Processed{}}
	if err := os.Mkdir(filepath.Join(dir, "received"), 0o755); err != nil {
		return nil, fmt.Errorf("demo folder: %w", err)
	}
	var err error
	if w.imap, err = loopback.StartIMAP(loopback.IMAPOptions{User: mailboxUser, Password: mailboxPassword,
		ErrorLog: log.New(logw, "imap server: ", log.LstdFlags)}); err != nil {
		return nil, err
	}
	if w.smtp, err = loopback.StartSMTP(loopback.SMTPOptions{MaxMessageBytes: 32 << 20,
		ErrorLog: log.New(logw, "smtp server: ", log.LstdFlags)}); err != nil {
		w.imap.Close()
		return nil, err
	}
	file := filepath.Join(dir, "preread.yaml")
	if err := os.WriteFile(file, []byte(config(w.imap.Addr(), w.smtp.Addr())), 0o600); err != nil {
		w.Close()
		return nil, fmt.Errorf("demo config: %w", err)
	}
	// The service logs to demo.log; only the account goes to stdout.
	getenv := func(k string) string {
		if k == mailboxPasswordEnv {
			return mailboxPassword
		}
		return ""
	}
	if w.svc, err = opts.Open(ctx, file, func() time.Time { return w.now }, getenv, logw); err != nil {
		w.Close()
		return nil, err
	}
	w.people, w.mailbox = w.svc.Directory(), w.svc.Mailbox()
	w.acct = newAccount(opts.Stdout, w.people, w.now.Location())
	w.acct.intro(w.imap.Addr(), w.smtp.Addr())
	return w, nil
}

// Close closes the service and stops both servers.
func (w *week) Close() error {
	var errs []error
	if w.svc != nil {
		errs = append(errs, w.svc.Close())
	}
	errs = append(errs, w.smtp.Close(), w.imap.Close())
	return errors.Join(errs...)
}
