package mailtest

import (
	"fmt"
	"strings"
)

// Reply is a realistic reply for load tests, as Gmail writes one:
// multipart/alternative with a quoted prompt and a signature. Every fifth
// (by i) is an agenda item for agendaTo, the others a status with sections
// for statusTo. Message-IDs are unique by i.
func Reply(i int, from, name, statusTo, agendaTo string) []byte {
	to := statusTo
	body := fmt.Sprintf("Yesterday: reviewed PR #%d and fixed the flaky reconnect test\nToday: outbox retries with back-off\nBlockers: none\n\n"+
		"Thanks,\n%s\n\nOn Tue, Nov 24, 2026 at 9:00 AM preread <preread@corp.example> wrote:\n> What are you working on?\n>\n> Yesterday:\n> Today:\n> Blockers:\n", i, name)
	if i%5 == 0 {
		to = agendaTo
		body = "I'd like to talk about taking on the billing migration as a stretch project #growth\n\nSent from my iPhone\n"
	}
	html := strings.ReplaceAll(body, "\n", "<br>\n")
	return []byte(strings.ReplaceAll(fmt.Sprintf("From: %s <%s>\nTo: preread <%s>\nSubject: Re: [STATUS] What are you working on?\n"+
		"Date: Tue, 24 Nov 2026 09:%02d:00 +0100\nMessage-ID: <bench-%d@mail.example>\nMIME-Version: 1.0\n"+
		"Content-Type: multipart/alternative; boundary=\"b%d\"\n\n--b%d\nContent-Type: text/plain; charset=UTF-8\n\n%s\n--b%d\n"+
		"Content-Type: text/html; charset=UTF-8\n\n<div dir=\"ltr\">%s</div>\n--b%d--\n",
		name, from, to, i%60, i, i, i, body, i, html, i), "\n", "\r\n"))
}
