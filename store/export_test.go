package store

import "database/sql"

// SQL is the database handle, for tests that look at the schema and rows.
func SQL(db *DB) *sql.DB { return db.sql }

// Internals the external tests check.
var (
	UIDRuns    = uidRuns
	Migrations = migrations
	FormatTime = formatTime
	Strings1   = strings1
)
