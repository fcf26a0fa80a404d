-- 0001: the first schema. Shipped migrations are never edited; add a new file.

-- The directory, synced from the config file. Rows are deactivated, never
-- deleted, so history keeps pointing at them.
CREATE TABLE people (
	id             INTEGER PRIMARY KEY,
	email          TEXT NOT NULL UNIQUE,
	name           TEXT NOT NULL DEFAULT '',
	timezone       TEXT NOT NULL,
	workdays       TEXT NOT NULL,
	prompt_at      TEXT NOT NULL,
	preread_at     TEXT NOT NULL,
	active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at     TEXT NOT NULL,
	deactivated_at TEXT
);

CREATE TABLE aliases (
	address   TEXT PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id)
);
CREATE INDEX aliases_by_person ON aliases(person_id);

CREATE TABLE away (
	person_id INTEGER NOT NULL REFERENCES people(id),
	from_date TEXT NOT NULL,
	to_date   TEXT NOT NULL,
	PRIMARY KEY (person_id, from_date, to_date)
) WITHOUT ROWID;

CREATE TABLE holidays (
	date TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Per-person secret reply tokens. A rotated token is revoked, not deleted, so
-- mail that still carries it is rejected with a clear reason.
CREATE TABLE tokens (
	token      TEXT PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	created_at TEXT NOT NULL,
	revoked_at TEXT
);
CREATE UNIQUE INDEX tokens_current ON tokens(person_id) WHERE revoked_at IS NULL;

CREATE TABLE teams (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	manager_id INTEGER NOT NULL REFERENCES people(id),
	timezone   TEXT NOT NULL,
	digest_at  TEXT NOT NULL,
	digest_to  TEXT NOT NULL CHECK (digest_to IN ('team', 'manager', 'list')),
	active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE team_members (
	team_id   INTEGER NOT NULL REFERENCES teams(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (team_id, person_id)
) WITHOUT ROWID;
CREATE INDEX team_members_by_person ON team_members(person_id);

-- Digest recipients of a team whose digest_to is a list: always people.
CREATE TABLE team_digest_to (
	team_id   INTEGER NOT NULL REFERENCES teams(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (team_id, person_id)
) WITHOUT ROWID;

CREATE TABLE pairs (
	id         INTEGER PRIMARY KEY,
	manager_id INTEGER NOT NULL REFERENCES people(id),
	report_id  INTEGER NOT NULL REFERENCES people(id),
	meets      TEXT NOT NULL,
	timezone   TEXT NOT NULL,
	skip       TEXT NOT NULL DEFAULT '',
	preread_to TEXT NOT NULL CHECK (preread_to IN ('manager', 'both')),
	active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	UNIQUE (manager_id, report_id),
	CHECK (manager_id <> report_id)
);
CREATE INDEX pairs_by_report ON pairs(report_id);

-- Inbound mail. One row per message, written in the same transaction as
-- whatever it filed, so a re-read after a crash files nothing twice.
CREATE TABLE mailbox_state (
	folder      TEXT PRIMARY KEY,
	uidvalidity INTEGER NOT NULL,
	last_uid    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE messages (
	id           INTEGER PRIMARY KEY,
	message_key  TEXT NOT NULL UNIQUE,
	uidvalidity  INTEGER NOT NULL DEFAULT 0,
	uid          INTEGER NOT NULL DEFAULT 0,
	sender       TEXT NOT NULL DEFAULT '',
	outcome      TEXT NOT NULL CHECK (outcome IN ('filed', 'rejected', 'failed', 'ignored')),
	reason       TEXT NOT NULL DEFAULT '',
	processed_at TEXT NOT NULL,
	moved_at     TEXT
);
-- Messages committed but not yet moved out of the inbox (after a crash).
CREATE INDEX messages_unmoved ON messages(uidvalidity, uid) WHERE moved_at IS NULL;

-- The notebook.
CREATE TABLE status_entries (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES people(id),
	workday     TEXT NOT NULL,
	text        TEXT NOT NULL,
	yesterday   TEXT NOT NULL DEFAULT '',
	today       TEXT NOT NULL DEFAULT '',
	blockers    TEXT NOT NULL DEFAULT '',
	message_key TEXT NOT NULL REFERENCES messages(message_key),
	created_at  TEXT NOT NULL
);
-- The team digest reads one workday for a set of people.
CREATE INDEX status_by_day ON status_entries(workday, person_id);
-- Blocker streaks and the pre-read's highlights read one person over a span.
CREATE INDEX status_by_person ON status_entries(person_id, workday);

CREATE TABLE agenda_items (
	id          INTEGER PRIMARY KEY,
	pair_id     INTEGER NOT NULL REFERENCES pairs(id),
	author_id   INTEGER NOT NULL REFERENCES people(id),
	category    TEXT NOT NULL CHECK (category IN ('growth', 'feedback', 'help', 'offer', 'idea', 'other')),
	subject     TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	fwd_from    TEXT,
	fwd_date    TEXT,
	fwd_subject TEXT,
	state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'dropped')),
	carried     INTEGER NOT NULL DEFAULT 0 CHECK (carried >= 0),
	message_key TEXT NOT NULL REFERENCES messages(message_key),
	created_at  TEXT NOT NULL,
	closed_at   TEXT
);
-- The pre-read lists a pair's open items, oldest first.
CREATE INDEX agenda_by_pair ON agenda_items(pair_id, state, created_at);

CREATE TABLE notes (
	id          INTEGER PRIMARY KEY,
	pair_id     INTEGER NOT NULL REFERENCES pairs(id),
	author_id   INTEGER NOT NULL REFERENCES people(id),
	text        TEXT NOT NULL,
	message_key TEXT NOT NULL REFERENCES messages(message_key),
	created_at  TEXT NOT NULL
);
CREATE INDEX notes_by_pair ON notes(pair_id, created_at);

-- Outgoing mail: each email rendered once, under a unique key, and sent until
-- the relay accepts it. The recipient is always a person in the directory.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL,
	person_id       INTEGER NOT NULL REFERENCES people(id),
	recipient       TEXT NOT NULL,
	period          TEXT NOT NULL,
	message_id      TEXT NOT NULL UNIQUE,
	raw             BLOB NOT NULL,
	state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	sent_at         TEXT,
	UNIQUE (kind, person_id, period)
);
-- The worker picks pending mail whose next attempt is due.
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
