package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/preread/preread"
	"github.com/preread/preread/store"
)

func runForget(ctx context.Context, env *cliEnv, c *command, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	file := configFlag(fs, env)
	yes := fs.Bool("yes", false, "erase without asking")
	var also listFlag
	fs.Var(&also, "also", "another `ADDRESS` they wrote from, such as an alias they no longer have (may be repeated)")
	words, err := parseInterleaved(c, env, fs, args)
	if err != nil {
		return err
	}
	if len(words) != 1 {
		return usageError{fmt.Sprintf("want %s", c.args)}
	}
	email := preread.CanonicalAddress(words[0])
	a, err := openApp(ctx, env, *file)
	if err != nil {
		return err
	}
	defer a.Close()
	for _, addr := range append([]string{email}, also...) {
		if p, ok := a.cfg.Directory.Person(addr); ok {
			return fmt.Errorf("%s is still in the config (%s) as %s: remove them from people, teams and pairs "+
				"first (their data stays until you forget them), then run forget again", addr, a.cfg.Path, p.Email)
		}
	}
	if !*yes && !confirmed(env, email) {
		return errors.New("not confirmed: nothing was erased")
	}
	erased, err := a.db.Forget(ctx, email, also...)
	if errors.Is(err, preread.ErrInDirectory) {
		return fmt.Errorf("%w; remove them from the config first", err)
	}
	if err != nil {
		return err
	}
	if erased.Total() == 0 {
		fmt.Fprintf(env.stdout, "nothing stored for %s: nothing to erase\n", email)
		return nil
	}
	fmt.Fprintf(env.stdout, "erased %s: %s\n", email, erasedSummary(erased))
	mb := a.cfg.Mailbox
	fmt.Fprintf(env.stdout, "preread never deletes mail from the mailbox: delete their messages from %s, %s, %s and %s yourself.\n"+
		"Team digests already sent to others are not recalled.\n", mb.Folder, mb.ProcessedFolder, mb.RejectedFolder, mb.FailedFolder)
	return nil
}

// confirmed asks for the address to be typed back, as a guard against
// erasing the wrong person.
func confirmed(env *cliEnv, email string) bool {
	fmt.Fprintf(env.stderr, "Erase all of %s's data? This cannot be undone. Type the address to confirm: ", email)
	if env.stdin == nil {
		return false
	}
	answer, _ := bufio.NewReader(env.stdin).ReadString('\n')
	return preread.CanonicalAddress(strings.TrimSpace(answer)) == email
}

// erasedSummary says what Forget erased, one count per kind of row.
func erasedSummary(e store.Erased) string {
	parts := []string{
		count(e.Status, "status entry", "status entries"),
		count(e.Agenda, "agenda item", "agenda items"),
		count(e.Notes, "note", "notes"),
		count(e.Actions, "action item", "action items"),
		count(e.MeetingNotes, "meeting note", "meeting notes"),
		count(e.Meetings, "meeting", "meetings"),
		count(e.Tokens, "token", "tokens"),
		count(e.Outbox, "email in the outbox", "emails in the outbox"),
		count(e.Messages, "message record", "message records") + " reduced to a hash",
	}
	if e.Calendar > 0 {
		parts = append(parts, count(e.Calendar, "calendar invitation", "calendar invitations"))
	}
	if e.Person {
		parts = append(parts, "their directory entry")
	}
	return strings.Join(parts, ", ")
}
