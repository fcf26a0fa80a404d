package main

import (
	"context"
	"fmt"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/digest"
)

var runRotateToken = appCommand(1, 1, func(ctx context.Context, a *app, rest []string) error {
	env := a.env
	person, ok := a.cfg.Directory.Person(rest[0])
	if !ok {
		return fmt.Errorf("%s is not in people in %s", rest[0], a.cfg.Path)
	}
	renderer := a.planner().renderer
	_, err := a.db.RotateToken(ctx, person.Email, func(token, calendarToken string) (preread.Rendered, error) {
		e := digest.NewAddresses(person, tokenAddresses(a.cfg, token).WithCalendar(calendarToken), token)
		e.Date = time.Now()
		return renderer.Render(e)
	})
	if err != nil {
		return err
	}
	sent, _, err := a.sender().Flush(ctx)
	if err != nil {
		return err
	}
	if sent == 0 {
		fmt.Fprintf(env.stdout, "%s has a new token; the notice is queued (see `preread outbox`)\n", person.Email)
	} else {
		fmt.Fprintf(env.stdout, "%s has a new token and was told their new addresses\n", person.Email)
	}
	fmt.Fprintf(env.stdout, "Their status, agenda, reply and calendar addresses changed; calendar mail to the old calendar address is refused.\n"+
		"The calendar invitations kept for their 1:1s stay: `preread meetings --reset MANAGER:REPORT` drops one pair's.\n")
	return nil
})
