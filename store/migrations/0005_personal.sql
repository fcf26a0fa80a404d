-- What people set for themselves by email, beside the config: days away
-- (by an AWAY command or their out-of-office reply), a pause of their
-- prompts, and 1:1s they skip.
CREATE TABLE away_set (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES people(id),
	from_day    TEXT NOT NULL,
	to_day      TEXT NOT NULL,
	source      TEXT NOT NULL CHECK (source IN ('mail', 'out-of-office')),
	message_key TEXT NOT NULL,
	created_at  TEXT NOT NULL
);
CREATE INDEX away_set_person ON away_set(person_id, to_day);

CREATE TABLE pauses (
	person_id   INTEGER PRIMARY KEY REFERENCES people(id),
	since       TEXT NOT NULL,
	message_key TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE skips (
	pair_id     INTEGER NOT NULL REFERENCES pairs(id),
	day         TEXT NOT NULL, -- the meeting's day, in its time zone
	message_key TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	PRIMARY KEY (pair_id, day)
) WITHOUT ROWID;

-- The token of each person's bounce address (preread+bounce.TOKEN@), the
-- envelope sender of what preread sends them, where their auto-replies and
-- bounces come back. It is not their reply token: it shows up in mail
-- servers' logs, and it proves only whose an auto-reply or a bounce is,
-- never authenticates a filing.
CREATE TABLE bounce_tokens (
	person_id  INTEGER PRIMARY KEY REFERENCES people(id),
	token      TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);
