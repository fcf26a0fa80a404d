package mailtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// RefuseWrites makes the server refuse to store mail in folder, as a full
// quota or a folder without write permission does: the folder's Maildir++
// directories lose their write permission, so a COPY or MOVE into it is
// answered NO and changes nothing. The folder must exist. AllowWrites
// undoes it.
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
	for _, sub := range []string{"tmp", "new", "cur", ""} {
		if err := os.Chmod(filepath.Join(dir, sub), mode); err != nil {
			t.Fatalf("refuse writes to %s: %v", folder, err)
		}
	}
}
