-- Messages of the inbox handed to processing whose result is not committed
-- yet. A row that outlives a pass means the process died while the message
-- was being read (killed, out of memory): the next pass reads it alone, and
-- a message that died alone twice is failed without being read again.
CREATE TABLE attempts (
	uidvalidity INTEGER NOT NULL,
	uid         INTEGER NOT NULL,
	tries       INTEGER NOT NULL DEFAULT 0, -- passes that began to read it
	alone       INTEGER NOT NULL DEFAULT 0, -- of those, the ones that read it alone
	PRIMARY KEY (uidvalidity, uid)
) WITHOUT ROWID;

-- Result folders whose copies the server refuses (a full quota, no write
-- permission): their messages stay in the inbox, recorded and unmoved,
-- and moves to the folder are tried again after a back-off.
CREATE TABLE move_refusals (
	folder   TEXT PRIMARY KEY,
	reason   TEXT NOT NULL,
	attempts INTEGER NOT NULL,
	since    TEXT NOT NULL, -- first refusal of this run
	next_try TEXT NOT NULL
) WITHOUT ROWID;
