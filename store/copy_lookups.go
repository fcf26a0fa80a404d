package store

import (
	"context"
	"fmt"
)

// BeginCopyLookup notes that a pass begins to look for a cut-off move's
// copies in folder. stopped says a look noted before was never ended: the
// pass that began it stopped during it, or a look was skipped and the
// folder's move has not been made since. The note stays until
// EndCopyLookup.
func (db *DB) BeginCopyLookup(ctx context.Context, folder string) (stopped bool, err error) {
	res, err := db.sql.ExecContext(whole(ctx), `INSERT INTO copy_lookups (folder, begun_at) VALUES (?, ?)
		ON CONFLICT (folder) DO NOTHING`, folder, formatTime(db.now()))
	if err != nil {
		return false, fmt.Errorf("begin copy lookup: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("begin copy lookup: %w", err)
	}
	return n == 0, nil
}

// EndCopyLookup removes the note of a look in folder: the connection
// outlived it, or the folder's move was made without it.
func (db *DB) EndCopyLookup(ctx context.Context, folder string) error {
	if _, err := db.sql.ExecContext(whole(ctx), `DELETE FROM copy_lookups WHERE folder = ?`, folder); err != nil {
		return fmt.Errorf("end copy lookup: %w", err)
	}
	return nil
}
