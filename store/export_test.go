package store

import (
	"context"
	"database/sql"

	"github.com/preread/preread"
)

// SQL is the database handle, for tests that look at the schema and rows.
func SQL(db *DB) *sql.DB { return db.sql }

// Internals the external tests check.
var (
	UIDRuns    = uidRuns
	Migrations = migrations
	FormatTime = formatTime
	Strings1   = strings1
)

// Unchanged says whether a sync of dir would take the quick path.
func Unchanged(ctx context.Context, db *DB, dir preread.Directory) (bool, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	return unchanged(ctx, tx, dir)
}
