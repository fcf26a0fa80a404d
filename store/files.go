package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// The database holds every reply token and every private note, so its
// files are the owner's alone. SQLite creates a database's -wal and -shm
// (and a backup's journal) with the mode of the main file, so creating the
// main file 0600 before SQLite opens it is enough for all of them.

// privateMode is the mode of every file the store creates.
const privateMode fs.FileMode = 0o600

// ensurePrivate creates the database file at path 0600 when there is none,
// and takes the group and world bits off an existing one and its -wal and
// -shm (files from before preread did this, or copied in by hand), so
// opening the database is what makes it private.
func ensurePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, privateMode)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if perm := st.Mode().Perm(); st.Mode().IsRegular() && perm&0o077 != 0 {
			if err := os.Chmod(p, perm&0o700); err != nil {
				return fmt.Errorf("%s is readable by others (mode %04o) and can't be made private: %w; chmod 600 it", p, perm, err)
			}
		}
	}
	return nil
}

// createPrivate creates path 0600 for SQLite to fill (VACUUM INTO takes an
// empty file); it fails when path exists.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, privateMode)
	if err != nil {
		return err
	}
	return f.Close()
}
