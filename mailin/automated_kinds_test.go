package mailin

import (
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
)

// aliceMail is a message from Alice to her own address of kind ("status"
// or "agenda") with her current token, so it is known and authenticated
// whatever else its header says; header adds fields above Subject.
func aliceMail(kind, header, subject, body string) []byte {
	if header != "" && !strings.HasSuffix(header, "\n") {
		header += "\n"
	}
	raw := "From: Alice <alice@corp.example>\n" +
		"To: preread+" + kind + "." + aliceToken + "@corp.example\n" +
		"Date: Tue, 24 Nov 2026 09:30:00 +0100\n" +
		"Message-ID: <kind-test@corp.example>\n" +
		header +
		"Subject: " + subject + "\n" +
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
		body
	return []byte(strings.ReplaceAll(raw, "\n", "\r\n"))
}

// statusSubject is the subject of a reply to a prompt.
const statusSubject = "Re: [STATUS] What are you working on? (Tue 24 Nov)"

// TestMachineMailKinds: machine mail of every kind issue 15 names, in
// wording of our own, sent as if by Alice (known, authenticated): never
// filed and never answered, with the reason of its kind.
func TestMachineMailKinds(t *testing.T) {
	c := memClassifier()
	for _, tt := range []struct {
		name, header, subject, body, reason string
	}{
		{"SES bounce JSON", "", "Bounce", `{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":[{"emailAddress":"bob@example.net"}]},"mail":{"source":"app@corp.example"}}`,
			"notification (JSON: SES event)"},
		{"SES event JSON, pretty", "", "Re: hello", "{\n  \"eventType\" : \"Complaint\",\n  \"complaint\" : {\n    \"complaintFeedbackType\" : \"abuse\"\n  }\n}\n",
			"notification (JSON: SES event)"},
		{"SNS envelope", "", "Notice", "{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : \"5c1b\",\n  \"TopicArn\" : \"arn:aws:sns:eu-west-1:1:mail\",\n  \"Message\" : \"hello\"\n}\n",
			"notification (JSON: SNS)"},
		{"SNS subject", "", "AWS Notification Message", "{}", "notification (subject: AWS notification)"},
		{"SNS header", "x-amz-sns-message-id: 0a1b2c", "Anything", "text", "notification (x-amz-sns-message-id)"},
		{"SNS footer", "", "Anything", "Something happened.\n\n--\nIf you wish to stop receiving notifications from this topic, please click the link below.\n",
			"notification (SNS footer)"},
		{"KDDI subject", "", "=?UTF-8?B?44Oh44O844Or44Ko44Op44O86YCa55+l?=", "宛先のアドレスが見つかりません。", "bounce (subject: delivery failed)"},
		{"KDDI body", "", "Re: test", "Your mail attempted to be delivered on: Tue, 24 Nov 2026 09:00:00 +0900\nwas rejected.\n",
			"bounce (delivery failure wording)"},
		{"Postfix errors from", "", "Postfix SMTP server: errors from mail.example.net[192.0.2.7]", "Transcript of session follows.\n\n Out: 220 mx ESMTP\n In: RCPT TO:<x@y>\n Out: 554 5.7.1 denied\n",
			"notice (subject: postmaster notice)"},
		{"Postfix transcript body", "", "Notice", "Transcript of session follows.\n\n Out: 220 mx ESMTP\n",
			"bounce (delivery failure wording)"},
		{"delayed mail subject", "", "Delayed Mail (still being retried)", "See below.", "bounce (subject: delivery delayed)"},
		{"delayed mail body", "", statusSubject, "This is the mail system at host relay.example.org.\n\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n",
			"bounce (delivery failure wording)"},
		{"mail failed subject", "", "Mail failed, returning to sender", "x", "bounce (subject: delivery failed)"},
		{"mail failed body", "", "Re: lunch", "Mail failed, returning to sender.\n\n<bob@example.net>: host mx.example.net said: 550 no mailbox\n",
			"bounce (delivery failure wording)"},
		{"Apple vacation", "X-Apple-Action: VACATION\nX-Mailer: iPhone Mail (21A5)\nMime-Version: 1.0 (1.0)", statusSubject, "Thanks, I'll read it later.",
			"auto-reply (X-Apple-Action: vacation)"},
		{"Apple vacation subject", "", "Auto reply: " + statusSubject, "Back next week.", "auto-reply (subject: automatic reply)"},
		{"Outlook", "", "Automatic reply: " + statusSubject, "Back next week.", "auto-reply (subject: automatic reply)"},
		{"German", "", "Automatische Antwort: " + statusSubject, "Zurück am Montag.", "auto-reply (subject: automatic reply)"},
		{"German notice", "", "Abwesenheitsnotiz: " + statusSubject, "Zurück am Montag.", "auto-reply (subject: automatic reply)"},
		{"French", "", "Réponse automatique : " + statusSubject, "De retour lundi.", "auto-reply (subject: automatic reply)"},
		{"Spanish", "", "Respuesta automática: " + statusSubject, "Vuelvo el lunes.", "auto-reply (subject: automatic reply)"},
		{"Japanese", "", "自動応答: " + statusSubject, "月曜日に戻ります。", "auto-reply (subject: automatic reply)"},
		{"Russian", "", "Автоматический ответ: " + statusSubject, "Вернусь в понедельник.", "auto-reply (subject: automatic reply)"},
		{"Out of Office colon", "", "Out of Office: " + statusSubject, "Back Monday.", "auto-reply (subject: out of office)"},
		{"bare out of office", "", "Out of office", "Back Monday.", "auto-reply (subject: out of office)"},
		{"undeliverable German", "", "Unzustellbar: " + statusSubject, "x", "bounce (subject: undeliverable)"},
		{"DSN delay", "", "Delivery Status Notification (Delay)", "x", "bounce (subject: delivery delayed)"},
		{"Exim delay", "", "Warning: message 1vXy-00a delayed 24 hours", "x", "bounce (subject: delivery delayed)"},
		{"mailer-daemon Return-Path", "Return-Path: <MAILER-DAEMON@mx.example.net>", statusSubject, "Today: x", "bounce (Return-Path: mailer-daemon)"},
		{"postmaster Sender", "Sender: Postmaster <postmaster@corp.example>", statusSubject, "Today: x", "bounce (Sender: postmaster)"},
		{"empty Return-Path", "Return-Path: <>", statusSubject, "Today: x", "bounce (empty Return-Path)"},
		{"qmail null sender", "Return-Path: <#@[]>", statusSubject, "Today: x", "bounce (empty Return-Path)"},
		{"envelope-from in Received", "Received: from mx.example.net by mx.corp.example with esmtp (envelope-from <>)\n\tid 1; Tue, 24 Nov 2026 09:00:00 +0100", statusSubject, "Today: x",
			"bounce (empty envelope sender in Received)"},
		{"Envelope-Sender in Received, capitalised", "Received: from mx.example.net (Envelope-Sender < >) by mx.corp.example\n\tid 2; Tue, 24 Nov 2026 09:00:00 +0100", statusSubject, "Today: x",
			"bounce (empty envelope sender in Received)"},
		{"X-Autoreply", "X-Autoreply: yes", statusSubject, "Today: x", "auto-reply (X-Autoreply)"},
		// (?i) reads ſ as s: the cheap tests in front of the regexps must too.
		{"DSN fields with a long s", "", "Notice", "Your message could not be delivered.\n\nStatuſ: 5.1.1\nAction: failed\n",
			"bounce (delivery status fields)"},
		{"SMTP reply with a long s", "", "Notice", "Delivery to the following recipient failed:\n\n  ſaid: 550 5.1.1 user unknown\n",
			"bounce (delivery failure wording and an SMTP reply)"},
		{"X-Autogenerated", "X-Autogenerated: Reply", statusSubject, "Today: x", "auto-reply (X-Autogenerated)"},
		{"vacation mailer", "X-Mailer: Vacation 2.1", statusSubject, "Today: x", "auto-reply (X-Mailer: auto-responder)"},
		{"Exim body", "", "Re: plan", "This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of\nits recipients.\n",
			"bounce (delivery failure wording)"},
		{"qmail body", "", "Re: plan", "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n",
			"bounce (delivery failure wording)"},
		{"Sendmail body", "", "Re: plan", "The original message was received at Tue, 24 Nov 2026 08:00 +0100\nfrom localhost\n\n   ----- The following addresses had permanent fatal errors -----\n",
			"bounce (delivery failure wording)"},
		{"Exchange body", "", "Re: plan", "Delivery has failed to these recipients or groups:\n\nbob@example.net\n",
			"bounce (delivery failure wording)"},
		{"DSN fields in text", "", "Re: plan", "Sorry.\n\nReporting-MTA: dns; mx.example.net\nFinal-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.1.1\n",
			"bounce (delivery status fields)"},
		{"SMTP reply and wording", "", "Re: plan", "Error: invalid recipient\n\n550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown\n",
			"bounce (delivery failure wording and an SMTP reply)"},
		{"read receipt", "", "Re: plan", "Your message\n\n  To: Bob\n  Subject: plan\n\nwas read on Tuesday, 24 November 2026 09:00.\n",
			"read receipt (receipt wording)"},
		{"automatic notice", "", "Your report", "Your weekly report is ready.\n\nThis is an automated notification. Please do not reply to this email.\n",
			"auto-generated (automatic-message wording)"},
		{"OOO English", "", statusSubject, "Thank you for your email. I am out of the office until Monday 30 November with limited access to email.\n\n> [STATUS] What are you working on?\n",
			"auto-reply (out-of-office wording)"},
		{"OOO English, contact", "", statusSubject, "Hello,\n\nI'm currently on parental leave. For urgent matters please contact carol@corp.example.\n",
			"auto-reply (out-of-office wording)"},
		{"OOO German", "", statusSubject, "Vielen Dank für Ihre Nachricht. Ich bin bis zum 30.11. nicht im Büro und habe keinen Zugriff auf meine E-Mails.\n",
			"auto-reply (out-of-office wording)"},
		{"OOO French", "", statusSubject, "Bonjour,\nJe suis absente jusqu'au 30 novembre. En cas d'urgence, veuillez contacter Carol.\n",
			"auto-reply (out-of-office wording)"},
		{"OOO Spanish", "", statusSubject, "Gracias por su mensaje. Estaré fuera de la oficina hasta el lunes.\n",
			"auto-reply (out-of-office wording)"},
		{"OOO with away subject", "", "On holiday", "I am away until the 30th.\n", "auto-reply (subject: out of office)"},
		{"OOO subject words, body says away", "", "On holiday until 30 Nov – Re: status", "I'm on holiday until the 30th.\n",
			"auto-reply (out-of-office wording)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw := aliceMail("status", tt.header, tt.subject, tt.body)
			p, err := c.Process(t.Context(), raw, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			// An auto-reply from Alice also sets her away: the reason says so after the kind.
			if p.Outcome != preread.OutcomeRejected || !strings.HasPrefix(p.Reason, tt.reason) || p.Due != nil {
				t.Errorf("Process(%s) = %s %q (reply due: %v), want rejected %q and no reply", tt.name, p.Outcome, p.Reason, p.Due != nil, tt.reason)
			}
		})
	}
}

// TestHumanMailMentioningMachineWords: statuses and agenda items that talk
// about out-of-office, bounces, delivery and failures are a person's, and
// are filed.
func TestHumanMailMentioningMachineWords(t *testing.T) {
	c := memClassifier()
	for _, tt := range []struct {
		name, kind, subject, body string
	}{
		{"was out of office", "status", statusSubject, "I was out of office yesterday, so nothing from then.\nToday: reviewing the bounce handling PR.\nBlockers: none\n"},
		{"sections about delivery", "status", statusSubject, "Yesterday: fixed the 'delivery failed' alert\nToday: bounce processing for the SES feed\nBlockers: the staging relay keeps failing with 550 5.1.1 user unknown\n"},
		{"prose about a bounce", "status", statusSubject, "Spent the day on why delivery to Gmail failed for some users: the remote server said user unknown for addresses with a plus. Fixing it tomorrow.\n"},
		{"away, said plainly", "status", statusSubject, "I'm out of office until Monday, back on the 30th.\n"},
		{"away with sections", "status", statusSubject, "Today: finishing the importer; I will be out of the office on Friday.\nBlockers: none\n"},
		{"out of office tomorrow", "status", statusSubject, "Out of office tomorrow afternoon for the dentist. Today I finished the SES bounce parser and the delivery report.\n"},
		{"pasted error in blockers", "status", statusSubject, "Today: mail to the partner bounces.\nBlockers:\n550 5.1.1 <ops@partner.example>: Recipient address rejected: User unknown\n"},
		{"mentions JSON fields", "status", statusSubject, "Today: parse notificationType from the SES feed (Bounce and Complaint).\n"},
		{"automatic in prose", "status", statusSubject, "Today: the job now sends an automatic reply to customers; please review.\n"},
		{"delivery subject", "agenda", "Delivery of the Q1 roadmap", "Can we talk about what failed in the last delivery?\n"},
		{"out of office rota", "agenda", "Out of office rota for December", "Who covers on-call while I am away?\n"},
		{"forwarded bounce with a note", "agenda", "Mail to our partner", "Can you help with this?\n\n---------- Forwarded message ---------\nFrom: Mail Delivery System <mailer-daemon@partner.example>\nSubject: Undelivered Mail\n\nThis is the mail system at host partner.example.\nI'm sorry to have to inform you that your message could not be delivered.\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := c.Process(t.Context(), aliceMail(tt.kind, "", tt.subject, tt.body), time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Outcome != preread.OutcomeFiled || string(p.Kind) != tt.kind {
				t.Errorf("Process(%s) = %s %s %q, want filed as %s", tt.name, p.Outcome, p.Kind, p.Reason, tt.kind)
			}
		})
	}
}
