-- 0006: the 1:1 notebook after the meeting: action items, the notes of
-- each meeting, and who closed an agenda item.

-- Who closed an agenda item (DONE n): the next pre-read tells the report
-- when the manager closed one of theirs.
ALTER TABLE agenda_items ADD COLUMN closed_by INTEGER REFERENCES people(id);

-- The last A-number a pair gave an action item: numbers are given once and
-- never reused, even when items are erased.
ALTER TABLE pairs ADD COLUMN last_action INTEGER NOT NULL DEFAULT 0;

CREATE TABLE actions (
	id          INTEGER PRIMARY KEY,
	pair_id     INTEGER NOT NULL REFERENCES pairs(id),
	number      INTEGER NOT NULL CHECK (number > 0),
	author_id   INTEGER NOT NULL REFERENCES people(id),
	owner_id    INTEGER NOT NULL REFERENCES people(id),
	text        TEXT NOT NULL,
	due         TEXT NOT NULL DEFAULT '',      -- YYYY-MM-DD, '' when none
	meeting_at  TEXT NOT NULL DEFAULT '',      -- the 1:1 it was agreed at, '' when unknown
	state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
	message_key TEXT NOT NULL REFERENCES messages(message_key),
	created_at  TEXT NOT NULL,
	closed_at   TEXT,
	closed_by   INTEGER REFERENCES people(id),
	UNIQUE (pair_id, number)
);
-- The pre-read lists a pair's open action items.
CREATE INDEX actions_by_pair ON actions(pair_id, state, number);

-- What one of a pair wrote of a meeting in reply to its follow-up.
CREATE TABLE meeting_notes (
	id          INTEGER PRIMARY KEY,
	pair_id     INTEGER NOT NULL REFERENCES pairs(id),
	author_id   INTEGER NOT NULL REFERENCES people(id),
	meeting_at  TEXT NOT NULL,
	text        TEXT NOT NULL,
	message_key TEXT NOT NULL REFERENCES messages(message_key),
	created_at  TEXT NOT NULL
);
-- The pre-read finds the notes of the pair's last meeting.
CREATE INDEX meeting_notes_by_pair ON meeting_notes(pair_id, meeting_at);
