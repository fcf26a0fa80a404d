package mailtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// RefuseWrites makes the server refuse to store mail in folder, as a full
// quota or a folder without write permission does: the folder's Maildir++
// directories lose their write permission, so a COPY or MOVE into it is
// answered NO and changes nothing. The folder must exist, or appear
// within 10 s. AllowWrites undoes it.
func (d *Dovecot) RefuseWrites(t testing.TB, user, folder string) {
	t.Helper()
	d.chmodFolder(t, user, folder, 0o555)
}

// AllowWrites gives folder back its write permission.
func (d *Dovecot) AllowWrites(t testing.TB, user, folder string) {
	t.Helper()
	d.chmodFolder(t, user, folder, 0o700)
}

func (d *Dovecot) chmodFolder(t testing.TB, user, folder string, mode os.FileMode) {
	t.Helper()
	// Maildir++ keeps every folder as a dot-directory of the Maildir,
	// whatever the namespace's prefix and separator.
	name := strings.TrimPrefix(folder, d.conf.Prefix)
	name = strings.NewReplacer("/", ".", d.conf.Separator, ".").Replace(name)
	dir := filepath.Join(d.Home(user), "Maildir", "."+name)
	// A client that was just told to make the folder may not have yet
	// (preread reports healthy before its first pass makes its folders).
	for range 100 {
		if _, err := os.Stat(dir); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, sub := range []string{"tmp", "new", "cur", ""} {
		err := os.Chmod(filepath.Join(dir, sub), mode)
		if sub != "" && os.IsNotExist(err) {
			continue // made when first needed, which the folder's mode then governs
		}
		if err != nil {
			t.Fatalf("refuse writes to %s: %v", folder, err)
		}
	}
}

// Unreadable makes the server unable to read the message in user's inbox
// that holds marker, as a damaged or missing file on disk does: its file
// loses every permission. It returns a function that gives them back.
func (d *Dovecot) Unreadable(t testing.TB, user, marker string) (restore func()) {
	t.Helper()
	return d.UnreadableIn(t, user, "INBOX", marker)
}

// UnreadableIn is Unreadable for a message in folder, named as the
// default profile's server names it ("preread/Failed").
func (d *Dovecot) UnreadableIn(t testing.TB, user, folder, marker string) (restore func()) {
	t.Helper()
	maildir := filepath.Join(d.Home(user), "Maildir")
	if folder != "INBOX" {
		maildir = filepath.Join(maildir, "."+strings.ReplaceAll(folder, "/", "."))
	}
	for _, sub := range []string{"cur", "new"} {
		dir := filepath.Join(maildir, sub)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("unreadable: %v", err)
		}
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			raw, err := os.ReadFile(path)
			if err != nil || !strings.Contains(string(raw), marker) {
				continue
			}
			if err := os.Chmod(path, 0); err != nil {
				t.Fatalf("unreadable: %v", err)
			}
			return func() { os.Chmod(path, 0o600) }
		}
	}
	t.Fatalf("unreadable: no message in %s's %s holds %q", user, folder, marker)
	return nil
}
