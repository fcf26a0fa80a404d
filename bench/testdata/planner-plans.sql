-- The query plans of the planner's and the outbox's queries, as the store
-- writes them, on the simulated year (BENCHMARKS.md, "A day"):
--   sqlite3 -readonly year.db < bench/testdata/planner-plans.sql
-- Every plan should SEARCH by an index; a SCAN of a table that grows with
-- history (status_entries, agenda_items, meetings, outbox, messages) is a
-- query that slows down year by year.
.print '-- StatusOf (pre-read highlights, blocker streaks)'
EXPLAIN QUERY PLAN SELECT s.id, p.email, s.workday, s.text, s.yesterday, s.today, s.blockers, s.message_key, s.created_at
	FROM status_entries s JOIN people p ON p.id = s.person_id
	WHERE p.email = 'person00001@corp.example' AND s.workday BETWEEN '2026-11-01' AND '2026-11-30' ORDER BY s.workday, p.email, s.id;
.print '-- LastToday (each prompt)'
EXPLAIN QUERY PLAN SELECT s.today FROM status_entries s JOIN people p ON p.id = s.person_id
	WHERE p.email = 'person00001@corp.example' AND s.workday BETWEEN '2026-11-16' AND '2026-11-29' AND s.today <> ''
	ORDER BY s.workday DESC, s.id DESC LIMIT 1;
.print '-- StatusOn (each digest day, once for all teams)'
EXPLAIN QUERY PLAN SELECT s.id, p.email, s.workday, s.text, s.yesterday, s.today, s.blockers, s.message_key, s.created_at
	FROM status_entries s JOIN people p ON p.id = s.person_id WHERE s.workday = '2026-11-30' ORDER BY s.workday, p.email, s.id;
.print '-- StatusFiledSince (late entries, once for each digest time)'
EXPLAIN QUERY PLAN SELECT s.id, p.email, s.workday, s.text, s.yesterday, s.today, s.blockers, s.message_key, s.created_at
	FROM status_entries s INDEXED BY status_by_created JOIN people p ON p.id = s.person_id WHERE s.created_at > '2026-11-27T10:00:00.000Z' ORDER BY s.workday, p.email, s.id;
.print '-- OpenItems (each pre-read)'
EXPLAIN QUERY PLAN SELECT a.id, m.email, r.email, au.email, a.category, a.subject, a.text, a.note,
		a.fwd_from, a.fwd_date, a.fwd_subject, a.state, a.carried, a.message_key, a.created_at, a.closed_at, cb.email
	FROM agenda_items a JOIN pairs pr ON pr.id = a.pair_id
		JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
		JOIN people au ON au.id = a.author_id LEFT JOIN people cb ON cb.id = a.closed_by
	WHERE a.state = 'open' AND m.email = 'person00000@corp.example' AND r.email = 'person00001@corp.example'
	ORDER BY m.email, r.email, a.created_at, a.id;
.print '-- ClosedSince (each pre-read)'
EXPLAIN QUERY PLAN SELECT a.id FROM agenda_items a JOIN pairs pr ON pr.id = a.pair_id
		JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
	WHERE a.state = 'done' AND m.email = 'person00000@corp.example' AND r.email = 'person00001@corp.example' AND a.closed_at > '2026-11-23';
.print '-- LastMeeting (each pre-read)'
EXPLAIN QUERY PLAN SELECT max(mt.starts_at) FROM meetings mt JOIN pairs pr ON pr.id = mt.pair_id
		JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
	WHERE m.email = 'person00000@corp.example' AND r.email = 'person00001@corp.example' AND mt.starts_at < '2026-12-01';
.print '-- LastPrereadAt (each pre-read)'
EXPLAIN QUERY PLAN SELECT mt.created_at FROM meetings mt JOIN pairs pr ON pr.id = mt.pair_id
		JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
	WHERE m.email = 'person00000@corp.example' AND r.email = 'person00001@corp.example' AND mt.starts_at < '2026-12-01'
	ORDER BY mt.starts_at DESC LIMIT 1;
.print '-- MeetingNumbers (each pre-read and each DONE n)'
EXPLAIN QUERY PLAN SELECT mi.number, mi.item_id FROM meeting_items mi JOIN meetings mt ON mt.id = mi.meeting_id
		JOIN pairs pr ON pr.id = mt.pair_id JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id
	WHERE m.email = 'person00000@corp.example' AND r.email = 'person00001@corp.example' AND mt.starts_at = '2026-12-01T10:00:00.000Z';
.print '-- Prompted (each team digest)'
EXPLAIN QUERY PLAN SELECT p.email, min(o.created_at) FROM outbox o JOIN people p ON p.id = o.person_id
	WHERE o.kind = 'prompt' AND o.period BETWEEN '2026-11-26' AND '2026-12-01' AND o.created_at >= '2026-11-27T10:00:00.000Z'
		AND o.created_at < '2026-11-30T10:00:00.000Z' AND o.state IN ('pending', 'sent')
		AND p.email IN ('person00001@corp.example', 'person00002@corp.example', 'person00003@corp.example')
	GROUP BY p.email;
.print '-- Queued (each email the planner would write)'
EXPLAIN QUERY PLAN SELECT count(*) FROM outbox o JOIN people p ON p.id = o.person_id
	WHERE o.kind = 'digest' AND p.email = 'person00001@corp.example' AND o.period = 'Team 0000 2026-11-30';
.print '-- Token (each email)'
EXPLAIN QUERY PLAN SELECT t.token FROM tokens t JOIN people p ON p.id = t.person_id
	WHERE p.email = 'person00001@corp.example' AND t.revoked_at IS NULL;
.print '-- Personal (each planner tick)'
EXPLAIN QUERY PLAN SELECT p.email, a.from_day, a.to_day, a.source FROM away_set a JOIN people p ON p.id = a.person_id
	WHERE a.to_day >= '2026-11-30' ORDER BY p.email, a.from_day, a.id;
.print '-- EnqueueAll: the recipients of up to 256 emails'
EXPLAIN QUERY PLAN SELECT email, id FROM people WHERE active = 1 AND email IN ('person00001@corp.example', 'person00002@corp.example');
.print '-- Due (the outbox, each batch)'
EXPLAIN QUERY PLAN SELECT o.id, o.kind, o.recipient, o.message_id, r.raw, o.attempts, coalesce(t.token, '')
	FROM outbox o JOIN outbox_raw r ON r.id = o.id LEFT JOIN bounce_tokens t ON t.person_id = o.person_id
	WHERE o.state = 'pending' AND o.next_attempt_at <= '2026-11-30T10:00:00.000Z' ORDER BY o.next_attempt_at, o.id LIMIT 400;
.print '-- SentEmail (each reply, by In-Reply-To)'
EXPLAIN QUERY PLAN SELECT id, kind, recipient, period FROM outbox WHERE message_id = '<p1.2026-11-30@preread>';
.print '-- SentEmail, the window of outbox ids read with it'
EXPLAIN QUERY PLAN SELECT message_id, kind, recipient, period FROM outbox WHERE id >= 1024 AND id < 2048;
.print '-- the no-change sync: people and pairs in key order'
EXPLAIN QUERY PLAN SELECT email, name, timezone, workdays, prompt_at, preread_at, active FROM people ORDER BY email;
EXPLAIN QUERY PLAN SELECT m.email, r.email, pr.meets, pr.timezone, pr.skip, pr.preread_to, pr.active
	FROM pairs pr JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id ORDER BY m.email, r.email;
