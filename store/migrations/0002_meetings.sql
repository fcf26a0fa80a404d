-- 0002: meetings and what their pre-reads listed.

-- One row per meeting a pre-read was made for. Its items are numbered as the
-- pre-read shows them, so "DONE 2" in a reply closes the right one.
CREATE TABLE meetings (
	id         INTEGER PRIMARY KEY,
	pair_id    INTEGER NOT NULL REFERENCES pairs(id),
	starts_at  TEXT NOT NULL,
	created_at TEXT NOT NULL,
	carried_at TEXT, -- set once the meeting is over and its open items were carried over
	UNIQUE (pair_id, starts_at)
);
-- The pre-read finds the pair's last meeting; carry-over finds meetings past.
CREATE INDEX meetings_uncarried ON meetings(starts_at) WHERE carried_at IS NULL;

CREATE TABLE meeting_items (
	meeting_id INTEGER NOT NULL REFERENCES meetings(id),
	number     INTEGER NOT NULL CHECK (number > 0),
	item_id    INTEGER NOT NULL REFERENCES agenda_items(id),
	PRIMARY KEY (meeting_id, number),
	UNIQUE (meeting_id, item_id)
) WITHOUT ROWID;

-- Teams have their own workdays (the days their digest goes out).
ALTER TABLE teams ADD COLUMN workdays TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri';
