package mailtest

import (
	"crypto/x509"
	"errors"
	"fmt"
	"maps"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/preread/preread/internal/loopback"
)

// DovecotBinary is the Dovecot executable StartDovecot runs.
const DovecotBinary = "/usr/sbin/dovecot"

// Default credentials of the single user created when DovecotOptions.Users
// is empty.
const (
	DefaultUser     = "preread@corp.example"
	DefaultPassword = "secret"
)

// Bounds on waiting for Dovecot.
const (
	dovecotStartTimeout = 10 * time.Second
	dovecotStopTimeout  = 10 * time.Second
	startAttempts       = 3 // fresh ports are tried when one was taken
)

// DovecotOptions configures StartDovecot. The zero value is one user,
// DefaultUser with DefaultPassword, and plain IMAP only.
type DovecotOptions struct {
	// Users maps user name to cleartext password. Empty means
	// {DefaultUser: DefaultPassword}.
	Users map[string]string
	// TLS enables STARTTLS on Addr and an implicit-TLS listener on TLSAddr,
	// with a self-signed certificate verified by Dovecot.CertPool.
	TLS bool
	// DisableMove stops Dovecot from advertising the MOVE capability, so
	// clients have to fall back to COPY + STORE \Deleted + EXPUNGE.
	DisableMove bool
	// Profile makes Dovecot look like another server people run; the zero
	// value is Dovecot as it comes.
	Profile Profile
	// NoOnUnreadable makes a FETCH of a message the server cannot read
	// (see Unreadable) answer NO, as many servers do, instead of Dovecot's
	// default of dropping the connection.
	NoOnUnreadable bool
}

// Profile is a kind of IMAP server the harness imitates with Dovecot.
type Profile int

const (
	// AsDovecot is Dovecot as it comes: folders at the top, / between
	// levels, MOVE and UIDPLUS.
	AsDovecot Profile = iota
	// AsCourier is Courier-IMAP (and Cyrus): every folder under "INBOX."
	// with . between levels, names outside it refused, and no MOVE.
	AsCourier
	// WithoutUIDPlus offers neither MOVE nor UIDPLUS: moves end with the
	// copies flagged \Deleted in the inbox.
	WithoutUIDPlus
)

// Dovecot is a private Dovecot IMAP server started by StartDovecot. Its
// methods are safe for concurrent use.
type Dovecot struct {
	// CertPool verifies the server certificate; nil unless TLS was enabled.
	CertPool *x509.CertPool
	// CertPEM is the same certificate in PEM, as an admin's ca_file holds
	// a private CA; nil unless TLS was enabled.
	CertPEM []byte

	dir   string
	conf  dovecotConfig
	users map[string]string

	mu   sync.Mutex
	proc *dovecotProc // nil while stopped
}

// StartDovecot starts a Dovecot IMAP server on a free loopback port and
// returns once it greets clients. It is stopped and its files are removed
// on t's cleanup. Any failure is fatal to the test; a missing Dovecot is
// reported with the command that installs it rather than skipped.
func StartDovecot(t testing.TB, opts DovecotOptions) *Dovecot {
	t.Helper()
	if _, err := os.Stat(DovecotBinary); err != nil {
		t.Fatalf("start dovecot: %s is missing (%v): run `apt-get install -y dovecot-imapd`", DovecotBinary, err)
	}
	if os.Geteuid() != 0 {
		t.Fatalf("start dovecot: must run as root (Dovecot switches to the dovecot, dovenull and mail users); euid is %d", os.Geteuid())
	}
	d, err := newDovecot(opts)
	if err != nil {
		t.Fatalf("start dovecot: %v", err)
	}
	t.Cleanup(func() {
		d.Stop()
		if err := os.RemoveAll(d.dir); err != nil {
			t.Logf("mailtest: remove dovecot dir: %v", err)
		}
	})

	for attempt := 1; ; attempt++ {
		err := d.start()
		if err == nil {
			return d
		}
		if !errors.Is(err, errAddrInUse) || attempt == startAttempts {
			t.Fatalf("start dovecot: %v\n--- dovecot log ---\n%s", err, d.Log())
		}
		if err := d.pickPorts(); err != nil {
			t.Fatalf("start dovecot: %v", err)
		}
	}
}

// newDovecot prepares the private directory: users file, certificate and
// mail storage owned by an unprivileged user.
func newDovecot(opts DovecotOptions) (*Dovecot, error) {
	users := maps.Clone(opts.Users)
	if len(users) == 0 {
		users = map[string]string{DefaultUser: DefaultPassword}
	}
	usersFile, err := renderUsers(users)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"dovecot", "dovenull"} {
		if _, err := user.Lookup(name); err != nil {
			return nil, fmt.Errorf("system user %s: %w (is dovecot-imapd installed?)", name, err)
		}
	}
	uid, gid, err := mailOwner()
	if err != nil {
		return nil, err
	}
	dir, err := sharedTempDir("mailtest-dovecot-")
	if err != nil {
		return nil, err
	}
	d := &Dovecot{
		dir:   dir,
		users: users,
		conf: dovecotConfig{
			Dir:          dir,
			TLS:          opts.TLS,
			MailUID:      uid,
			MailGID:      gid,
			LoginUser:    "dovenull",
			InternalUser: "dovecot",
			DisableMove:  opts.DisableMove || opts.Profile != AsDovecot,
			NoUIDPlus:    opts.Profile == WithoutUIDPlus,
			FetchNo:      opts.NoOnUnreadable,
			Separator:    "/",
		},
	}
	if opts.Profile == AsCourier {
		d.conf.Prefix, d.conf.Separator = "INBOX.", "."
	}
	if err := d.prepare(usersFile); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return d, nil
}

// prepare writes the static files and picks the ports.
func (d *Dovecot) prepare(usersFile []byte) error {
	// The auth process reads the users file as the dovecot user.
	if err := os.WriteFile(filepath.Join(d.dir, "users"), usersFile, 0o644); err != nil {
		return fmt.Errorf("write users: %w", err)
	}
	mailDir := filepath.Join(d.dir, "mail")
	if err := os.Mkdir(mailDir, 0o700); err != nil {
		return fmt.Errorf("create mail dir: %w", err)
	}
	if err := os.Chown(mailDir, d.conf.MailUID, d.conf.MailGID); err != nil {
		return fmt.Errorf("chown mail dir: %w", err)
	}
	if d.conf.TLS {
		cert, err := newTestCert()
		if err != nil {
			return fmt.Errorf("certificate: %w", err)
		}
		// Read by Dovecot's config process, which runs as root.
		if err := os.WriteFile(filepath.Join(d.dir, "cert.pem"), cert.certPEM, 0o644); err != nil {
			return fmt.Errorf("write certificate: %w", err)
		}
		if err := os.WriteFile(filepath.Join(d.dir, "key.pem"), cert.keyPEM, 0o600); err != nil {
			return fmt.Errorf("write key: %w", err)
		}
		d.CertPool, d.CertPEM = cert.pool, cert.certPEM
	}
	return d.pickPorts()
}

// pickPorts chooses fresh free ports for the listeners.
func (d *Dovecot) pickPorts() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	d.conf.Port = port
	d.conf.TLSPort = 0
	if d.conf.TLS {
		for d.conf.TLSPort == 0 || d.conf.TLSPort == port {
			if d.conf.TLSPort, err = freePort(); err != nil {
				return err
			}
		}
	}
	return nil
}

// Addr returns the host:port of the IMAP listener (plain, or STARTTLS when
// TLS is enabled). It stays the same across Restart.
func (d *Dovecot) Addr() string {
	return net.JoinHostPort(loopback.Host, strconv.Itoa(d.conf.Port))
}

// TLSAddr returns the host:port of the implicit-TLS IMAP listener, or ""
// when TLS is not enabled.
func (d *Dovecot) TLSAddr() string {
	if !d.conf.TLS {
		return ""
	}
	return net.JoinHostPort(loopback.Host, strconv.Itoa(d.conf.TLSPort))
}

// Home is user's home folder; the mail is under Maildir in it, owned by
// the mail user. A test may copy mail in or out while no session is open.
func (d *Dovecot) Home(user string) string {
	return filepath.Join(d.dir, "mail", user)
}

// Password returns the password configured for user and whether the user
// exists.
func (d *Dovecot) Password(user string) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, ok := d.users[user]
	return p, ok
}

// SetPassword changes user's password, as an admin would on the server:
// logins from now on need the new one (Dovecot reads its users file again
// when it changes); open sessions stay logged in until Restart.
func (d *Dovecot) SetPassword(t testing.TB, user, password string) {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	users := maps.Clone(d.users)
	users[user] = password
	file, err := renderUsers(users)
	if err == nil {
		err = os.WriteFile(filepath.Join(d.dir, "users"), file, 0o644)
	}
	if err != nil {
		t.Fatalf("set password of %s: %v", user, err)
	}
	d.users = users
}

// Restart stops Dovecot and starts it again on the same ports with the same
// mail data, for reconnect tests. Connected clients are disconnected.
func (d *Dovecot) Restart(t testing.TB) {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopLocked()
	for _, port := range []int{d.conf.Port, d.conf.TLSPort} {
		if port == 0 {
			continue
		}
		if err := waitPortFree(port, dovecotStopTimeout); err != nil {
			t.Fatalf("restart dovecot: %v", err)
		}
	}
	if err := d.startLocked(); err != nil {
		t.Fatalf("restart dovecot: %v\n--- dovecot log ---\n%s", err, d.Log())
	}
}

// Stop stops Dovecot and waits for its processes to exit. It is idempotent
// and also runs on cleanup; Restart starts a stopped server again.
func (d *Dovecot) Stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopLocked()
}

// Log returns Dovecot's log file followed by anything the master process
// wrote to its stdout/stderr, for failure messages.
func (d *Dovecot) Log() string {
	var b strings.Builder
	for _, name := range []string{"dovecot.log", "dovecot.out"} {
		data, err := os.ReadFile(filepath.Join(d.dir, name))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(&b, "(read %s: %v)\n", name, err)
		}
		b.Write(data)
	}
	return b.String()
}

// start starts the server; see startLocked.
func (d *Dovecot) start() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.startLocked()
}

// mailOwner returns the uid and gid that own the mail storage: the system
// user "mail" (Debian's base-passwd always has it), else "nobody".
func mailOwner() (uid, gid int, err error) {
	var errs []error
	for _, name := range []string{"mail", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err := errors.Join(err1, err2); err != nil {
			errs = append(errs, fmt.Errorf("user %s: %w", name, err))
			continue
		}
		if uid == 0 {
			continue
		}
		return uid, gid, nil
	}
	return 0, 0, fmt.Errorf("no unprivileged user to own mail: %w", errors.Join(errs...))
}
