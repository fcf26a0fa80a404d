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
	{name: "ingest", args: "[--config FILE] --once", summary: "file the mail waiting in the mailbox, then exit",
		help: "Does one pass over the mailbox: files STATUS and AGENDA mail, moves each message to its\n" +
			"result folder, and exits 0 (non-zero when the server can't be reached or refuses the login).",
		run: runIngest},
	{name: "run", args: "prompts|digest|preread [--config FILE] [--at INSTANT]", summary: "send what is due at an instant, once",
		help: "Enqueues exactly what the scheduler would at the instant --at (default now): the prompts,\n" +
			"the digests or the pre-reads due then, and the welcome of anyone new; then flushes the\n" +
			"outbox. Running it twice sends nothing twice. Exit status 1 when nothing went out because\n" +
			"the relay deferred or refused every email (`preread outbox` lists them).",
		run: runRun},
	{name: "preview", args: "digest --team NAME [--date D] [--html FILE] [--config FILE]\n" +
		"       preread preview preread --pair MANAGER:REPORT [--date D] [--html FILE] [--config FILE]", summary: "render a digest or pre-read without sending it",
		help: "Renders the team's digest of workday D, or the pre-read of the pair's first meeting after\n" +
			"day D (default: today), as the manager would get it: to stdout as text, or with --html FILE\n" +
			"as HTML (written with mode 0600: it holds people's status). Nothing is sent.",
		run: runPreview},
	{name: "export", args: "[--config FILE] [--pair MANAGER:REPORT] [--format json|markdown]", summary: "print the notebook: status entries and agenda items",
		help: "Prints every status entry and agenda item (or one pair's) as JSON or Markdown.",
		run:  runExport},
	{name: "outbox", args: "[--config FILE] [retry ID]", summary: "list pending and failed mail, or retry a failed one",
		help: "Lists the emails waiting to be sent and those the relay refused, with the reason.\n" +
			"`preread outbox retry ID` sends a failed one again; exit status 1 when it did not go out.",
		run: runOutbox},
	{name: "rotate-token", args: "[--config FILE] EMAIL", summary: "give a person a new secret reply token and tell them",
		help: "Replaces the person's reply token (the secret in their status and agenda addresses) and\n" +
			"mails them their new addresses. Mail to the old addresses is rejected from then on.",
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
