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
