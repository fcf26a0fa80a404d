package main

import (
	"context"
	"fmt"
	"net/mail"

	"github.com/preread/preread/mailin"
	"github.com/preread/preread/mailout"
)

// imapServer is the mailbox as mailin reaches it, with the password read
// from the environment.
func (c *Config) imapServer(getenv func(string) string) mailin.Server {
	m := c.Mailbox
	return mailin.Server{Addr: m.IMAP, Security: m.Security, Username: m.Username, Password: getenv(m.PasswordEnv)}
}

// relay is the SMTP relay as mailout reaches it.
func (c *Config) relay(getenv func(string) string) mailout.Relay {
	s := c.SMTP
	r := mailout.Relay{Addr: s.Relay, Security: s.Security, Username: s.Username}
	if s.PasswordEnv != "" {
		r.Password = getenv(s.PasswordEnv)
	}
	return r
}

// checkServers logs in to the mailbox and the relay and says how each went.
func checkServers(ctx context.Context, env *cliEnv, cfg *Config) error {
	failed := 0
	imap, err := mailin.Dial(ctx, cfg.imapServer(env.getenv))
	if err == nil {
		_, err = imap.Select(cfg.Mailbox.Folder, nil).Wait()
		if err != nil {
			err = fmt.Errorf("select folder %q: %w", cfg.Mailbox.Folder, err)
		}
		imap.Close()
	}
	if err != nil {
		failed++
		fmt.Fprintf(env.stderr, "imap %s: %v\n", cfg.Mailbox.IMAP, err)
	} else {
		fmt.Fprintf(env.stdout, "imap %s: logged in as %s, folder %s is there\n", cfg.Mailbox.IMAP, cfg.Mailbox.Username, cfg.Mailbox.Folder)
	}
	client, err := cfg.relay(env.getenv).Client()
	if err == nil {
		err = client.DialWithContext(ctx)
		if err == nil {
			client.Close()
		}
	}
	if err != nil {
		failed++
		fmt.Fprintf(env.stderr, "smtp %s: %v\n", cfg.SMTP.Relay, err)
	} else {
		fmt.Fprintf(env.stdout, "smtp %s: connected%s\n", cfg.SMTP.Relay, map[bool]string{true: " and logged in as " + cfg.SMTP.Username, false: ""}[cfg.SMTP.Username != ""])
	}
	if failed > 0 {
		return exitError{1}
	}
	return nil
}

// envelope is the MAIL FROM address: the address of smtp.from.
func (c *Config) envelope() string {
	a, err := mail.ParseAddress(c.SMTP.From)
	if err != nil {
		return c.Mailbox.Address
	}
	return a.Address
}
