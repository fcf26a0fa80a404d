-- 0008: meetings that follow the calendar (issue 18).

-- The token of each person's calendar address (preread+calendar.TOKEN@),
-- the guest they add to their 1:1s. It is not their reply token: every
-- attendee of the meeting sees it, so it proves only whose 1:1s an
-- invitation may set, move or cancel, and never authenticates a filing.
CREATE TABLE calendar_tokens (
	person_id  INTEGER PRIMARY KEY REFERENCES people(id),
	token      TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);

-- The calendar objects (text/calendar parts, as they came) accepted for a
-- pair: its meetings are their series, merged in revision order. A part
-- that no longer adds anything (a newer one replaced each of its events)
-- is deleted. zone is where its floating times are read.
CREATE TABLE calendar_parts (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	pair_id     INTEGER NOT NULL REFERENCES pairs(id),
	uid         TEXT NOT NULL,
	data        BLOB NOT NULL,
	zone        TEXT NOT NULL,
	message_key TEXT NOT NULL,
	created_at  TEXT NOT NULL
);
CREATE INDEX calendar_parts_by_pair ON calendar_parts(pair_id, uid);

-- A meeting from a calendar is known by (pair, UID, RECURRENCE-ID), not by
-- its start: starts_at stays what named it when its pre-read was made (its
-- periods, item numbers and notes refer to it), held_at is when it is held
-- now, moved by the calendar, and cancelled_at is set when the calendar
-- cancelled it after its pre-read went out.
ALTER TABLE meetings ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN recurrence_id TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN held_at TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN cancelled_at TEXT;
UPDATE meetings SET held_at = starts_at;
CREATE UNIQUE INDEX meetings_by_key ON meetings(pair_id, uid, recurrence_id) WHERE uid <> '';
-- Carry-over and the moved and cancelled notices look for meetings not
-- held yet.
DROP INDEX meetings_uncarried;
CREATE INDEX meetings_uncarried ON meetings(held_at) WHERE carried_at IS NULL;
