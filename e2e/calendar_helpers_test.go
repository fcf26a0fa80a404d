package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/preread/preread/store"
)

// The calendar fixtures of mailin/calendar/testdata are written for Mara
// (the organizer) and Ravi (her report), with the calendar token
// k7qm2xw4hb3nd5fa; the tests put the real token of the world in.
const fixtureToken = "k7qm2xw4hb3nd5fa"

// calendarDirectory: Mara (Berlin) manages Ravi; their 1:1 follows the
// calendar (or a rule, when meets is given). Nina is in no pair with them.
func calendarDirectory(meets string) string {
	line := ""
	if meets != "" {
		line = "\n    meets: " + meets
	}
	return `defaults:
  timezone: Europe/Berlin
people:
  - email: mara@corp.example
    name: Mara Manager
    aliases: [mara.manager@corp.example]
  - email: ravi@corp.example
    name: Ravi Report
    aliases: [ravi.report@corp.example]
  - email: nina@corp.example
    name: Nina Simone
teams:
  - name: Platform
    manager: mara@corp.example
    members: [ravi@corp.example, nina@corp.example]
pairs:
  - manager: mara@corp.example
    report: ravi@corp.example` + line + "\n"
}

// calendarToken reads a person's calendar token through the store, as the
// service does.
func (w *world) calendarToken(email string) string {
	w.t.Helper()
	db, err := store.Open(w.t.Context(), w.dbPath, store.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	token, err := db.CalendarToken(w.t.Context(), email)
	if err != nil {
		w.t.Fatalf("calendar token of %s: %v", email, err)
	}
	return token
}

func calendarAddr(token string) string { return "preread+calendar." + token + "@corp.example" }

// ics reads a calendar fixture with the world's calendar token in place
// of the fixture's, and the replacements given (old, new, …) made.
func ics(w *world, name, token string, replace ...string) string {
	w.t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "mailin", "calendar", "testdata", name))
	if err != nil {
		w.t.Fatal(err)
	}
	// A folded line may split the token: unfold, replace, and let the
	// CRLF line ends stand as they were written.
	s := strings.ReplaceAll(string(raw), "\r\n ", "")
	s = strings.ReplaceAll(s, fixtureToken, token)
	for i := 0; i+1 < len(replace); i += 2 {
		s = strings.ReplaceAll(s, replace[i], replace[i+1])
	}
	return s
}

// googleInvite is a calendar object as Google Calendar mails it to one
// guest: from the organizer's address, sent by calendar-notification,
// multipart/mixed holding a multipart/alternative of text, HTML and the
// text/calendar part, and the same object again as an application/ics
// attachment (invite.ics), base64.
func googleInvite(to, subject, id string, at time.Time, cal string) []byte {
	method := calendarMethod(cal)
	b64 := base64.StdEncoding.EncodeToString([]byte(cal))
	var wrapped strings.Builder
	for len(b64) > 76 {
		wrapped.WriteString(b64[:76] + "\n")
		b64 = b64[76:]
	}
	wrapped.WriteString(b64)
	body := fmt.Sprintf(`--000000000000a1b2c3
Content-Type: multipart/alternative; boundary="000000000000d4e5f6"

--000000000000d4e5f6
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes

%[1]s
Mara Manager has invited you to this event.

--000000000000d4e5f6
Content-Type: text/html; charset="UTF-8"

<p>%[1]s</p><p>Mara Manager has invited you to this event.</p>

--000000000000d4e5f6
Content-Type: text/calendar; charset="UTF-8"; method=%[2]s
Content-Transfer-Encoding: 7bit

%[3]s
--000000000000d4e5f6--

--000000000000a1b2c3
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

%[4]s
--000000000000a1b2c3--
`, subject, method, strings.TrimRight(strings.ReplaceAll(cal, "\r\n", "\n"), "\n"), wrapped.String())
	return msg([]string{"From: Mara Manager <mara@corp.example>", "Sender: Google Calendar <calendar-notification@google.com>",
		"Reply-To: mara@corp.example", "To: " + to, "Subject: " + subject, "Message-ID: <" + id + "@google.com>",
		"Date: " + rfc5322(at), `Content-Type: multipart/mixed; boundary="000000000000a1b2c3"`}, body)
}

// exchangeInvite is a calendar object as Exchange (Microsoft 365) mails
// it: multipart/alternative with text, HTML and the text/calendar part in
// base64, from the organizer's mailbox.
func exchangeInvite(from, to, subject, id string, at time.Time, cal string) []byte {
	body := fmt.Sprintf(`--_000_DB9PR07MB1234_
Content-Type: text/plain; charset="us-ascii"

%[1]s

--_000_DB9PR07MB1234_
Content-Type: text/html; charset="us-ascii"

<html><body><p>%[1]s</p></body></html>

--_000_DB9PR07MB1234_
Content-Type: text/calendar; charset="utf-8"; method=%[2]s
Content-Transfer-Encoding: base64

%[3]s
--_000_DB9PR07MB1234_--
`, subject, calendarMethod(cal), base64.StdEncoding.EncodeToString([]byte(cal)))
	return msg([]string{"From: Mara Manager <" + from + ">", "To: " + to, "Subject: " + subject,
		"Message-ID: <" + id + "@DB9PR07MB1234.eurprd07.prod.outlook.com>", "Date: " + rfc5322(at),
		"X-MS-Has-Attach:", "X-MS-TNEF-Correlator:", "x-ms-exchange-calendar-series-instance-id: BAAAAIIA4AB0xbcQGoLgCAAAAAA=",
		`Content-Type: multipart/alternative; boundary="_000_DB9PR07MB1234_"`}, body)
}

// calendarMethod is the METHOD a calendar object names.
func calendarMethod(cal string) string {
	for _, line := range strings.Split(cal, "\n") {
		if m, ok := strings.CutPrefix(strings.TrimSpace(line), "METHOD:"); ok {
			return m
		}
	}
	return "PUBLISH"
}
