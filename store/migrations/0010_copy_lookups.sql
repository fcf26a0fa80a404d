-- 0010: looks for a cut-off move's copies that stopped their pass.
--
-- Before it moves what an earlier pass left, a pass reads the Message-IDs
-- of the folder's newest messages (mailin/copied.go). A message there the
-- server can't read (a damaged file) can make it drop the connection at
-- every read. A look is noted when it begins and the note removed once
-- the connection outlives it; a note found at the next look means the
-- last one stopped its pass, and that look is skipped.
CREATE TABLE copy_lookups (
	folder   TEXT PRIMARY KEY,
	begun_at TEXT NOT NULL
) WITHOUT ROWID;
