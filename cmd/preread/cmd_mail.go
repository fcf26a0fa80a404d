package main

import (
	"context"
	"flag"
	"fmt"
	"slices"

	"github.com/preread/preread"
	"github.com/preread/preread/config"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/store"
)

// outcomes are the values --outcome takes.
var outcomes = []preread.Outcome{preread.OutcomeFiled, preread.OutcomeRejected, preread.OutcomeFailed, preread.OutcomeIgnored}

func runMail(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	outcome := fs.String("outcome", "", "only `OUTCOME`: filed, rejected, failed or ignored")
	since := fs.String("since", "", "only mail recorded since `D`: a date (2026-12-01) or a time back from now (24h, 7d)")
	from := fs.String("from", "", "only mail from this `ADDRESS` (any case)")
	words, err := parseInterleaved(c, env, fs, args)
	if err != nil {
		return err
	}
	if len(words) > 0 && words[0] == "refile" {
		if *outcome != "" || *since != "" || *from != "" {
			return usageError{"mail refile takes message IDs, not --outcome, --since or --from"}
		}
		return runRefile(ctx, env, *file, words[1:])
	}
	if len(words) > 0 {
		return usageError{fmt.Sprintf("unexpected %q: want %s", words[0], c.args)}
	}
	if *outcome != "" && !slices.Contains(outcomes, preread.Outcome(*outcome)) {
		return usageError{fmt.Sprintf("--outcome %q: want filed, rejected, failed or ignored", *outcome)}
	}
	a, err := openApp(ctx, env, *file)
	if err != nil {
		return err
	}
	defer a.Close()
	f := store.MessageFilter{Outcome: preread.Outcome(*outcome), From: *from}
	if f.Since, err = parseSince(*since, a.now()); err != nil {
		return err
	}
	recs, err := a.db.Messages(ctx, f)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		if *outcome == "" && *since == "" && *from == "" {
			fmt.Fprintln(env.stdout, "no mail recorded yet")
		} else {
			fmt.Fprintln(env.stdout, "no mail matches")
		}
		return nil
	}
	refusals, err := a.db.MoveRefusals(ctx)
	if err != nil {
		return err
	}
	folders := mailFolders(a.cfg.Mailbox)
	w := newTable(env.stdout, "ID", "WHEN", "FROM", "KIND", "OUTCOME", "FOLDER", "REASON")
	for _, r := range recs {
		sender := orDash(cleanLine(r.Sender))
		if r.Erased() {
			sender = "(erased)"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.At.Local().Format(whenFormat), sender,
			orDash(string(r.Kind)), r.Outcome, folderOf(r, folders, refusals), cleanLine(r.Reason))
	}
	return w.Flush()
}

// folderOf is where a message is: its outcome's folder, or still the inbox
// when it was not moved yet, with the server's refusal when there is one.
func folderOf(r store.MessageRecord, folders mailin.Folders, refusals []preread.MoveRefusal) string {
	to := folders.For(r.Outcome)
	if r.Moved || r.UID == 0 { // UID 0: not read from the inbox
		return to
	}
	for _, ref := range refusals {
		if ref.Folder == to {
			return fmt.Sprintf("%s (the server refused the copy to %s %d times: %s; next try %s)",
				folders.Inbox, to, ref.Attempts, cleanLine(ref.Reason), ref.NextTry.Local().Format(whenFormat))
		}
	}
	return fmt.Sprintf("%s (to be moved to %s)", folders.Inbox, to)
}

// mailFolders are the mailbox's folders as the config names them.
func mailFolders(m config.Mailbox) mailin.Folders {
	return mailin.Folders{Inbox: m.Folder, Processed: m.ProcessedFolder, Rejected: m.RejectedFolder, Failed: m.FailedFolder}
}
