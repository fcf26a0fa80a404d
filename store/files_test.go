package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
	"github.com/preread/preread/store/storetest"
)

func TestDatabaseFilesArePrivate(t *testing.T) {
	mailtest.UsualUmask(t)
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "preread.db")
	db := storetest.OpenAt(t, path, store.Options{})
	if _, err := db.SyncDirectory(ctx, storetest.Directory(t)); err != nil { // a write: the -wal and -shm exist now
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		mailtest.WantMode(t, f, 0o600)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	mailtest.WantMode(t, backup, 0o600)
	if err := db.Backup(ctx, backup); err == nil {
		t.Errorf("Backup over an existing file = nil, want an error")
	}
}

// A database from before (0644, as SQLite made it under umask 022) is made
// private when it is opened, with its -wal and -shm; the owner's bits stay.
func TestOpenTightensAnExistingDatabase(t *testing.T) {
	mailtest.UsualUmask(t)
	path := filepath.Join(t.TempDir(), "preread.db")
	db := storetest.OpenAt(t, path, store.Options{})
	if _, err := db.SyncDirectory(t.Context(), storetest.Directory(t)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(f, 0o664); err != nil {
			t.Fatal(err)
		}
	}
	storetest.OpenAt(t, path, store.Options{})
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		mailtest.WantMode(t, f, 0o600)
	}
}
