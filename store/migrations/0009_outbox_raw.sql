-- 0009: an email's bytes apart from its state (issue 19).
--
-- SQLite rewrites a whole row, overflow pages and all, when an UPDATE
-- changes its size: marking an email sent rewrote its rendered bytes
-- (several kilobytes), twice per email with the claim of the next. With
-- the bytes in their own table, the outbox row is small, and a burst of
-- 100,000 emails writes a third of the pages.
CREATE TABLE outbox_raw (
	id  INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
	raw BLOB NOT NULL
);
INSERT INTO outbox_raw (id, raw) SELECT id, raw FROM outbox;
ALTER TABLE outbox DROP COLUMN raw;
