package demo

import (
	"fmt"
	"time"
)

// The demo's mailbox login, on its own in-process IMAP server.
const (
	mailboxUser        = "preread@corp.example"
	mailboxPassword    = "demo-only-password"
	mailboxPasswordEnv = "PREREAD_DEMO_IMAP_PASSWORD"
)

// monday is the start of the week the demo plays: midnight on Monday
// 30 November 2026 in Berlin, the team's time zone.
func monday() time.Time {
	return time.Date(2026, time.November, 30, 0, 0, 0, 0, mustZone("Europe/Berlin"))
}

// config is the sample team's config file. It is a real config: the
// demo loads it as `preread serve` would, and leaves it beside the
// database so `preread export --config` reads the week afterwards.
func config(imapAddr, smtpAddr string) string {
	return fmt.Sprintf(`# Written by `+"`preread demo`"+`: a sample team, one manager and four reports in
# three time zones. The IMAP and SMTP servers it names lived inside the demo
# and are gone; `+"`preread export --config`"+` on this file still reads the week.

mailbox:
  imap: %s
  security: none                       # loopback only
  username: %s
  password_env: %s
  address: preread@corp.example
smtp:
  relay: %s
  security: none
  from: "preread <preread@corp.example>"
database: preread.db

defaults:
  timezone: Europe/Berlin
  prompt_at: "09:00"                   # each person's own 09:00
  preread_at: "16:00"                  # the manager's time, the workday before a 1:1

people:
  - email: carol@corp.example
    name: Carol Danvers
  - email: alice@corp.example
    name: Alice Liddell
    timezone: America/New_York
  - email: bob@corp.example
    name: Bob Okafor
  - email: dan@corp.example
    name: Dan Ito
    timezone: Asia/Tokyo
  - email: erin@corp.example
    name: Erin Walsh

teams:
  - name: Platform
    manager: carol@corp.example
    members: [alice@corp.example, bob@corp.example, dan@corp.example, erin@corp.example]
    digest_at: "17:00"                 # Berlin: after Tokyo's day and New York's morning
    digest_to: team

pairs:
  - manager: carol@corp.example        # Alice is new: two 1:1s a week for now
    report: alice@corp.example
    meets: "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=16;BYMINUTE=30"
  - manager: carol@corp.example
    report: bob@corp.example
    meets: "weekly wed 10:00"
    preread_to: both                   # Bob gets his own copy
  - manager: carol@corp.example
    report: dan@corp.example
    meets: "every 2 weeks fri 08:30 from 2026-12-04"
  - manager: carol@corp.example
    report: erin@corp.example
    meets: "every 2 weeks mon 14:00 from 2026-12-07"
`, imapAddr, mailboxUser, mailboxPasswordEnv, smtpAddr)
}

// writer is how one person writes email: their mail program and
// signature.
type writer struct {
	client    mailClient
	signature string
}

var writers = map[string]writer{
	"alice": {gmail, "Alice Liddell\nStaff Engineer, Platform"},
	"bob":   {thunderbird, "Bob Okafor\nPlatform team, Berlin"},
	"carol": {appleMail, ""},
	"dan":   {iPhoneMail, ""}, // the phone's own "Sent from my iPhone"
	"erin":  {outlookHTML, "Erin Walsh\nSite Reliability Engineer, Platform\n+49 30 901820 17 | erin@corp.example"},
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is embedded: every zone is there
	}
	return loc
}
