package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin"
	"github.com/preread/preread/store"
)

// The store replaces the records of refiled mail.
var _ mailin.Rerecorder = (*store.DB)(nil)

// runRefile reads rejected or failed messages again (`preread mail refile
// ID...`) and says, one line each, what became of them.
func runRefile(ctx context.Context, env *cliEnv, file string, args []string) error {
	if len(args) == 0 {
		return usageError{"mail refile needs the IDs of messages, as `preread mail` lists them"}
	}
	ids := make([]int64, len(args))
	for i, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return usageError{fmt.Sprintf("mail refile: %q is not a message ID", a)}
		}
		ids[i] = id
	}
	a, err := openApp(ctx, env, file)
	if err != nil {
		return err
	}
	defer a.Close()
	recs, err := a.db.MessagesByID(ctx, ids...)
	if err != nil {
		return err
	}
	conn, err := mailin.Dial(ctx, imapServer(a.cfg, env.getenv))
	if err != nil {
		return fmt.Errorf("%w\ncheck the mailbox settings in %s (`preread check --connect` tries each step)", err, a.cfg.Path)
	}
	defer conn.Close()
	syncer := a.syncer()
	failed := 0
	for _, r := range recs {
		if line, err := refileOne(ctx, a, syncer, conn, r); err != nil {
			failed++
			fmt.Fprintf(env.stdout, "%d: not refiled: %v\n", r.ID, err)
		} else {
			fmt.Fprintf(env.stdout, "%d: %s\n", r.ID, line)
		}
	}
	conn.Logout()
	if failed > 0 {
		fmt.Fprintf(env.stderr, "preread mail refile: %d of %d message%s not refiled\n", failed, len(recs), plural(len(recs)))
		return exitError{1}
	}
	return nil
}

// refileOne refiles one message and says what became of it.
func refileOne(ctx context.Context, a *app, s *mailin.Syncer, conn *mailin.Conn, r store.MessageRecord) (string, error) {
	switch {
	case r.Erased():
		return "", errors.New("its record was erased by `preread forget`")
	case mailin.KnownByUID(r.Key):
		return "", fmt.Errorf("it was failed unread and is known by its inbox UID alone, which a move changes: "+
			"move it from %s back to INBOX with a mail program to have it read again", s.Folders.For(r.Outcome))
	case r.Outcome == preread.OutcomeFiled || r.Outcome == preread.OutcomeIgnored:
		moved, err := s.Tidy(ctx, conn, r.Key, r.Outcome)
		if err != nil {
			return "", err
		}
		if moved {
			return fmt.Sprintf("%s already; moved to %s", r.Outcome, s.Folders.For(r.Outcome)), nil
		}
		return fmt.Sprintf("%s already, nothing to do", r.Outcome), nil
	}
	done, err := s.Refile(ctx, conn, a.db, r.ID, r.Key, r.Outcome)
	if errors.Is(err, mailin.ErrNotInFolder) {
		return "", fmt.Errorf("it is no longer in %s", s.Folders.For(r.Outcome))
	}
	if err != nil {
		return "", err
	}
	a.log.Info("message refiled", "message_id", r.Key, "sender", done.Result.Sender, "kind", done.Result.MessageKind(),
		"outcome", done.Result.Outcome, "was", r.Outcome, "reason", done.Result.Reason)
	if done.Result.Outcome == r.Outcome {
		return fmt.Sprintf("still %s: %s", r.Outcome, cleanLine(done.Result.Reason)), nil
	}
	return fmt.Sprintf("%s now (was %s), moved to %s", done.Result.Outcome, r.Outcome, done.To), nil
}
