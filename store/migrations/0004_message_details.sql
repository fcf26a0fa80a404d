-- 0004: what the admin sees of each message (`preread mail`), and mail that
-- is dropped instead of sent (`preread outbox drop`, people removed from the
-- directory).

-- What a message was: status, agenda or reply (preread.AddressKind); '' when
-- it said nothing. Messages recorded before this come from what they filed.
ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT '';
UPDATE messages SET kind = 'status' WHERE message_key IN (SELECT message_key FROM status_entries);
UPDATE messages SET kind = 'agenda' WHERE message_key IN (SELECT message_key FROM agenda_items);
UPDATE messages SET kind = 'reply' WHERE message_key IN (SELECT message_key FROM notes);

-- The outbox gets a fourth state, dropped: never sent, never retried, with
-- the reason. SQLite can't change a CHECK in place, so the table is rebuilt
-- (nothing refers to it).
CREATE TABLE outbox_v4 (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL,
	person_id       INTEGER NOT NULL REFERENCES people(id),
	recipient       TEXT NOT NULL,
	period          TEXT NOT NULL,
	message_id      TEXT NOT NULL UNIQUE,
	raw             BLOB NOT NULL,
	state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'dropped')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	sent_at         TEXT,
	dropped_at      TEXT,
	drop_reason     TEXT NOT NULL DEFAULT '',
	UNIQUE (kind, person_id, period)
);
INSERT INTO outbox_v4 (id, kind, person_id, recipient, period, message_id, raw, state, attempts,
		next_attempt_at, last_error, created_at, sent_at)
	SELECT id, kind, person_id, recipient, period, message_id, raw, state, attempts,
		next_attempt_at, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
-- The worker picks pending mail whose next attempt is due.
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

-- Mail still waiting for people who already left the directory is dropped,
-- as SyncDirectory drops it from now on.
UPDATE outbox SET state = 'dropped', dropped_at = created_at, drop_reason = 'person removed from the directory'
WHERE state IN ('pending', 'failed') AND person_id IN (SELECT id FROM people WHERE active = 0);
