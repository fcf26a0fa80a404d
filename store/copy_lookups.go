package store

import (
	"context"
	"fmt"
)

// BeginCopyLookup notes that a pass begins to look for a cut-off move's
// copies in folder. stopped says a look noted before never ended: the
// pass that began it stopped during it. Then the old note goes and no new
// one is made, so the look after the skipped one is tried again.
func (db *DB) BeginCopyLookup(ctx context.Context, folder string) (stopped bool, err error) {
	ctx = whole(ctx)
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin copy lookup: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM copy_lookups WHERE folder = ?`, folder)
	if err != nil {
		return false, fmt.Errorf("begin copy lookup: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return n > 0, tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO copy_lookups (folder, begun_at) VALUES (?, ?)`,
		folder, formatTime(db.now())); err != nil {
		return false, fmt.Errorf("begin copy lookup: %w", err)
	}
	return false, tx.Commit()
}

// EndCopyLookup removes the note of a look in folder: the connection
// outlived it.
func (db *DB) EndCopyLookup(ctx context.Context, folder string) error {
	if _, err := db.sql.ExecContext(whole(ctx), `DELETE FROM copy_lookups WHERE folder = ?`, folder); err != nil {
		return fmt.Errorf("end copy lookup: %w", err)
	}
	return nil
}
