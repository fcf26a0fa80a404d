package main

// commands lists every subcommand, in the order `preread help` shows them.
var commands = []command{
	{name: "init", args: "[--config FILE]", summary: "write a commented example config and create the database",
		help: "Writes a commented example config to FILE (it never overwrites one) and creates the\n" +
			"SQLite database it names. Edit the file, then run `preread check`.",
		run: runInit},
	{name: "check", args: "[--config FILE] [--connect]", summary: "validate the config (and with --connect, the servers)",
		help: "Checks the config file and reports every problem at once, each as FILE:LINE: field: problem.\n" +
			"With --connect it also checks that every *_env variable is set and logs in to the\n" +
			"IMAP mailbox and the SMTP relay. Exit status 1 when anything is wrong.",
		run: runCheck},
	{name: "serve", args: "[--config FILE]", summary: "run everything: mailbox, scheduler, outbox, /healthz and /metrics",
		help: "Runs the service: keeps the mailbox in IMAP IDLE (polling where IDLE is missing) and files\n" +
			"what arrives, sends prompts, digests and pre-reads when they are due, and serves /healthz\n" +
			"and /metrics on the listen address. Stops gracefully on SIGTERM or Ctrl-C. SIGHUP reloads\n" +
			"the config: people, teams, pairs, defaults and holidays take effect at once; a config with\n" +
			"problems is refused and the running one kept; other sections take a restart. One serve\n" +
			"per database: a second exits 1 naming the process that holds DATABASE.lock.",
		run: runServe},
	{name: "ingest", args: "[--config FILE] --once [--at INSTANT]", summary: "file the mail waiting in the mailbox, then exit",
		help: "Does one pass over the mailbox: files STATUS and AGENDA mail, moves each message to its\n" +
			"result folder, and exits 0 (non-zero when the server can't be reached or refuses the\n" +
			"login). --at runs the pass on a clock stopped at that instant, as `run --at` does, for\n" +
			"replaying old mail or a test: replies it queues are due then, a question's time is then.",
		run: runIngest},
	{name: "run", args: "prompts|digest|preread|followups|reviews [--config FILE] [--at INSTANT]", summary: "send what is due at an instant, once",
		help: "Enqueues exactly what the scheduler would at the instant --at (default now): the prompts,\n" +
			"the digests, the pre-reads, the follow-ups of 1:1s that have ended (\"what did you agree?\")\n" +
			"or the review pre-reads due then, and the welcome of anyone new; then flushes the\n" +
			"outbox. Running it twice sends nothing twice. Exit status 1 when nothing went out because\n" +
			"the relay deferred or refused every email (`preread outbox` lists them).",
		run: runRun},
	{name: "preview", args: "digest --team NAME [--date D] [--html FILE] [--config FILE]\n" +
		"       preread preview preread --pair MANAGER:REPORT [--date D] [--html FILE] [--config FILE]", summary: "render a digest or pre-read without sending it",
		help: "Renders the team's digest of workday D, or the pre-read of the pair's first meeting after\n" +
			"day D (default: today), as the manager would get it: to stdout as text, or with --html FILE\n" +
			"as HTML (written with mode 0600: it holds people's status). Nothing is sent.",
		run: runPreview},
	{name: "export", args: "[--config FILE] [--pair MANAGER:REPORT] [--since D] [--until D] [--format json|markdown]", summary: "print the notebook: status, agenda, action items, meeting notes",
		help: "Prints every status entry, agenda item, note, action item, meeting note and meeting (or one\n" +
			"pair's, with the report's status) as JSON or Markdown. --since and --until (YYYY-MM-DD,\n" +
			"inclusive, in each pair's manager's time zone) keep a period: status of its workdays, items\n" +
			"raised or closed in it, notes written in it, meetings held in it.",
		run: runExport},
	{name: "meetings", args: "[--config FILE] [--pair MANAGER:REPORT] [--since D] [--until D] [--reset MANAGER:REPORT]", summary: "list the coming 1:1s and where each comes from",
		help: "Lists each pair's meetings from --since (default today) to --until (default four weeks on),\n" +
			"in the pair's time zone, with their length and where each comes from: the config's rule\n" +
			"(rule), the calendar invitation (invitation), an occurrence the calendar moved (moved, with\n" +
			"the time it had) or cancelled (cancelled). Skipped days and holidays are left out. The line\n" +
			"above each pair says what it follows: once an invitation came, the calendar wins over meets.\n" +
			"--reset MANAGER:REPORT first drops every calendar invitation kept for that pair (after\n" +
			"bogus updates froze it, say): its meetings follow its rule again until the next invitation.",
		run: runMeetings},
	{name: "outbox", args: "[--config FILE] [retry ID | drop ID | history [--since D]]", summary: "list pending and failed mail; retry, drop, or show the history",
		help: "Lists the emails waiting to be sent and those the relay refused, with the reason.\n" +
			"`preread outbox retry ID` sends a failed one again (exit status 1 when it did not go out).\n" +
			"`preread outbox drop ID` drops a\n" +
			"pending or failed one: it is never sent. `preread outbox history` lists every email,\n" +
			"sent and dropped ones too, newest first: when it was queued, kind, recipient, subject,\n" +
			"state, tries and why it failed or was dropped; --since D (2026-12-01, 24h, 7d) limits it.\n" +
			"Mail for someone removed from the config is dropped at the next start, not sent.",
		run: runOutbox},
	{name: "mail", args: "[--config FILE] [--outcome filed|rejected|failed|ignored] [--since D] [--from ADDRESS] | refile ID...", summary: "list the mail read, or read rejected and failed mail again",
		help: "Lists the messages preread has read, newest first, one line each: its ID, when it was\n" +
			"read (local time), the sender's address, its kind (status, agenda, reply), its outcome,\n" +
			"the mailbox folder it was moved to and why it was rejected, failed or ignored.\n" +
			"--since takes a date (2026-12-01) or a time back from now (24h, 7d).\n\n" +
			"`preread mail refile ID...` reads rejected or failed messages again, from the folder they\n" +
			"went to, after the config changed (an alias or a person added): what they file now is\n" +
			"recorded in place of the old outcome and they move to the new outcome's folder. Refiling\n" +
			"a message twice files it once. Exit status 1 when a message could not be refiled.",
		run: runMail},
	{name: "forget", args: "[--config FILE] [--yes] [--also ADDRESS]... EMAIL", summary: "erase a person's data, for a data-protection request",
		help: "Erases everything preread holds of a person who has left the config: status entries,\n" +
			"agenda items and notes (with the items and notes of their 1:1s as a report), tokens,\n" +
			"their mail in the outbox, and the sender and reason of the mail they sent (only a hash\n" +
			"of each message's ID stays, so it is never filed again). It refuses a person still in\n" +
			"the config: remove them first. It asks you to type the address back unless --yes is\n" +
			"given, and prints what it erased. --also names other addresses they wrote from.",
		run: runForget},
	{name: "away", args: "[--config FILE] [--person ADDRESS] [--at INSTANT]", summary: "list who is away today or later, and who said so",
		help: "Lists the days people are away, today and later: from the config (away:), from an AWAY\n" +
			"command they emailed, or from their out-of-office reply, with the source of each; and\n" +
			"whose daily prompts are paused (PAUSE by email, until RESUME). --person shows one person.",
		run: runAway},
	{name: "rotate-token", args: "[--config FILE] EMAIL", summary: "give a person a new secret reply token and tell them",
		help: "Replaces the person's reply token (the secret in their status and agenda addresses) and\n" +
			"mails them their new addresses. Mail to the old addresses is rejected from then on.\n" +
			"Their calendar address gets a new token too: their 1:1 invitations need the new one as a\n" +
			"guest. The invitations kept for their 1:1s stay; `preread meetings --reset` drops a pair's.",
		run: runRotateToken},
	{name: "backup", args: "[--config FILE] BACKUP_FILE", summary: "write a consistent copy of the database, even while serve runs",
		help: "Writes a consistent copy of the live database to BACKUP_FILE (SQLite VACUUM INTO) while\n" +
			"`preread serve` goes on working. To restore, stop preread and copy the file back over\n" +
			"the database (removing its -wal and -shm files).",
		run: runBackup},
	{name: "demo", args: "[--out DIR]", summary: "play a week of preread on built-in servers, no setup",
		help: "Starts an IMAP and an SMTP server inside the process (loopback only, no network), writes a\n" +
			"sample team (a manager and four reports in three time zones), and plays one week on a\n" +
			"simulated clock through the real code: prompts out, replies in from several mail clients\n" +
			"(an out-of-office among them, rejected), digests, pre-reads, a manager's question and the\n" +
			"answer. Prints what happened, and writes every email it sent as .eml and .html into DIR\n" +
			"(default: a new temporary folder), with the config, the database, the service's log and\n" +
			"received/, every email the team wrote back.",
		run: runDemo},
	{name: "version", args: "", summary: "print the version",
		help: "Prints preread's version, the commit it was built from and the Go version.",
		run:  runVersion},
}
