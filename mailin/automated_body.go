package mailin

import (
	"regexp"
	"strings"

	"github.com/preread/preread/mailin/message"
	"github.com/preread/preread/mailin/quote"
)

// AutomatedBody reports machine mail that only its body gives away: a
// bounce written as plain text by Postfix, Exim, qmail, Sendmail, Exchange
// and the rest, a JSON notification (Amazon SES through SNS), an
// out-of-office reply or another automatic message that came without any
// of the header fields Automated reads. It reads m.Text, so it runs only
// for a known, authenticated sender, after Automated and ReadBody: a
// stranger's body is never decoded. reason is a fixed label, never the
// message's words.
//
// Mail systems write their own part first and attach or quote the
// original below it; only that first part is read, so a person who
// forwards a bounce under a note of their own, or quotes one, is not
// taken for a machine. Wording a person could use in a status ("the
// delivery failed", "I was out of office yesterday") never counts alone:
// it needs the structure of a report beside it (an SMTP reply line, DSN
// fields, a bare recipient address) or the boilerplate of an
// auto-responder, and a reply with Yesterday/Today/Blockers sections is
// a person's.
func AutomatedBody(m *message.Message) (reason string, ok bool) {
	return newBody(m).automated()
}

// body is a message's text with what classification reads of it, each
// worked out once: what the author wrote (quote.Written) and its status
// sections.
type body struct {
	msg       *message.Message
	written   string
	sections  quote.Sections
	sectioned bool
}

func newBody(m *message.Message) *body {
	b := &body{msg: m, written: quote.Written(m.Text)}
	b.sections, b.sectioned = quote.SplitStatus(b.written)
	return b
}

// automated is AutomatedBody.
func (b *body) automated() (reason string, ok bool) {
	m := b.msg
	own := ownPart(m.Text)
	flat := flatten(own)
	for _, check := range []func(string) string{jsonNotification, strongBounceWording} {
		if reason := check(flat); reason != "" {
			return reason, true
		}
	}
	if reason := reportFields(own); reason != "" {
		return reason, true
	}
	if reason := reportPart(m.Attachments); reason != "" {
		return reason, true
	}
	written := b.written
	if b.sectioned {
		return "", false
	}
	for _, check := range []func() string{
		func() string { return weakBounce(own, flat) },
		func() string { return automaticWording(flatten(written)) },
		func() string { return outOfOffice(m.Subject, written) },
	} {
		if reason := check(); reason != "" {
			return reason, true
		}
	}
	return "", false
}

// ownPartLimit is how much of a body the checks read: a report's own
// words come first and are short.
const ownPartLimit = 16 << 10

// originalMarker matches the line above an attached or quoted original:
// the marker mailin/message writes for an attached message, and the
// separators of Outlook, Exim, qmail and Sendmail.
var originalMarker = regexp.MustCompile(`(?im)^[ \t]*(-{5,} ?forwarded message|-{3,} ?original message ?-{3,}|-{3,} ?ursprüngliche nachricht|-{3,} ?message d'origine|-{4,} this is a copy of the message|-{2,} below this line is a copy of the message|begin forwarded message:)`)

// ownPart is the part of a body its sender wrote: up to an attached or
// quoted original, at most ownPartLimit bytes.
func ownPart(text string) string {
	// The marker starts a line with a dash or a "b"; only those lines are
	// given to the regexp.
	eachLineWhere(text, "-bB", func(line string, at int) bool {
		if loc := originalMarker.FindStringIndex(line); loc != nil {
			text = text[:at+loc[0]]
			return true
		}
		return false
	})
	if len(text) > ownPartLimit {
		text = strings.ToValidUTF8(text[:ownPartLimit], "")
	}
	return text
}

// sesEvent matches the JSON Amazon SES writes for a bounce, a complaint
// or another sending event, by itself or inside an SNS notification;
// snsEnvelope the notification around it; webhookEvent the event JSON of
// other sending services.
var (
	sesEvent = gated(`"(notificationtype|eventtype)" ?: ?"(bounce|complaint|delivery|deliverydelay|reject|send|open|click|rendering failure|subscription|received)"|"(bouncetype|bouncedrecipients|complainedrecipients|complaintfeedbacktype)" ?:`,
		`"notificationtype"`, `"eventtype"`, `"bouncetype"`, `"bouncedrecipients"`, `"complainedrecipients"`, `"complaintfeedbacktype"`)
	snsEnvelope  = gated(`"type" ?: ?"(notification|subscriptionconfirmation|unsubscribeconfirmation)"`, `"type"`)
	webhookEvent = gated(`"event" ?: ?"(bounce|dropped|deferred|delivered|processed|spamreport|failed|complained)"`, `"event"`)
)

// jsonNotification: a body that is a JSON notification of a sending
// service, or carries the footer of an Amazon SNS email subscription.
func jsonNotification(flat string) string {
	switch {
	case sesEvent.MatchString(flat):
		return "notification (JSON: SES event)"
	case snsEnvelope.MatchString(flat) && strings.Contains(flat, `"topicarn"`):
		return "notification (JSON: SNS)"
	case strings.Contains(flat, "if you wish to stop receiving notifications from this topic"):
		return "notification (SNS footer)"
	case webhookEvent.MatchString(flat) && strings.HasPrefix(strings.TrimLeft(flat, "[ "), "{"):
		return "notification (JSON: sending event)"
	}
	return ""
}

// strongBouncePhrases are sentences only mail systems write, each one
// enough. They come from the templates of the mail servers and providers
// in sisimai's set of emails (Postfix bounce(5), Exim, qmail-send,
// Sendmail, Exchange and Office 365, Gmail, Yahoo, Amazon SES,
// OpenSMTPD, Courier, Domino, DragonFly, KDDI and other carriers).
var strongBouncePhrases = []string{
	// Postfix
	"this is the mail system at host", "this is the postfix program at host",
	"i'm sorry to have to inform you that your message could not",
	"# this is a warning only. you do not need to resend your message",
	"your message could not be delivered for more than",
	"for further assistance, please send mail to postmaster",
	"in reply to rcpt to command", "in reply to end of data command", "in reply to mail from command",
	// Exim, and the providers that run it
	"this message was created automatically by mail delivery software",
	"a message that you sent could not be delivered to one or more of its",
	"a message that you sent has not yet been delivered to one or more of its",
	"the following address(es) failed", "mail delivery failed: returning message to sender",
	"mail failed, returning to sender", "no action is required on your part. delivery attempts will continue",
	"was frozen on arrival",
	// qmail
	"this is the qmail-send program at", "i'm afraid i wasn't able to deliver your message",
	"this is a permanent error; i've given up", "i'm not going to try again; this message has been in the queue",
	// Sendmail
	"the original message was received at", "the following addresses had permanent fatal errors",
	"the following addresses had transient non-fatal errors", "the following addresses had delivery problems",
	"transcript of session follows", "warning: could not send message for past",
	"will keep trying until message is", "this is a warning message only",
	// Exchange, Office 365, Outlook.com
	"delivery has failed to these recipients or groups", "your message did not reach some or all of the intended recipients",
	"the following recipient(s) cannot be reached", "the following recipient(s) could not be reached",
	"did not reach the following recipient(s)", "diagnostic information for administrators",
	"delivery to these recipients or groups is complete", "delivery to the following recipients failed",
	"delivery to the following recipient(s) failed", "delivery to the following recipients has been delayed",
	"delivery to the following recipient has been delayed", "delivery to the following recipient failed permanently",
	"message delivery to the following recipient(s) failed", "the e-mail system had a problem processing this message",
	"a problem occurred during the delivery of this message to this e-mail address",
	"your message couldn't be delivered to", "your message wasn't delivered to", "your message wasn't delivered because",
	"office 365 couldn't deliver", "microsoft 365 couldn't deliver", "remote server returned '",
	"open this non-delivery report (ndr)",
	"this is an automatically generated delivery status notification",
	// Gmail and Google Workspace
	"the response from the remote server was:", "the error that the other server returned was:",
	"there was a temporary problem delivering your message to", "google tried to deliver your message, but it was rejected",
	"the recipient server did not accept our requests to connect", "because the address couldn't be found",
	"** message not delivered **", "** address not found **", "** message blocked **", "** delivery incomplete **",
	"we're writing to let you know that the group you tried to contact",
	// Yahoo, AOL
	"we were unable to deliver your message to the following address",
	// Amazon SES and WorkMail
	"was undeliverable. the reason for the problem:",
	"an error occurred while trying to deliver the mail to the following recipients",
	// OpenSMTPD
	"this is the mailer-daemon at", "an error has occurred while attempting to deliver a message for the following list of recipients",
	// DragonFly, Courier, Sun Messaging Server, Domino, Notes
	"this is the dragonfly mail agent", "there was an error delivering your mail to",
	"this is a delivery status notification from", "delays in delivering your message",
	"this report relates to a message you sent with the following header fields",
	"your message cannot be delivered to the following recipients", "this report relates to your message",
	"your message was not delivered to the following recipients", "------- failure reasons --------",
	// Other gateways and providers (sisimai's X1 to X6, IMail, MailFoundry, Facebook, amavis, InterScan)
	"unable to deliver your message to the following addresses", "su mensaje no pudo ser entregado",
	"this is the machine generated message from mail service", "this is the mail delivery agent at",
	"unable to deliver message to the following address", "unfortunately, your mail was not delivered to the following address",
	"your mail message to the following address", "we had trouble delivering your message. full details follow",
	"body of message generated response:", "unable to deliver message to:", "delivery failed for the following reason:",
	"this message was created automatically by facebook", "this nondelivery report was generated by the program amavisd",
	"a transcript of the attempts to send the message follows", "sent <<< rcpt to:", "sent <<< mail from:",
	"-------server message", "-------smtp command", "was blocked by our spam",
	"that you attempted to send to the following address could not be delivered",
	"if you sent the email to multiple recipients, you will receive one of these messages for each one",
	// KDDI, au, EZweb and other Japanese carriers
	"メールエラー通知", "your mail sent on:", "your mail attempted to be delivered on:",
	"each of the following recipients was rejected by a remote mail server", "the user(s) account is",
	// Mailman's notice of a message held for the moderator
	"is being held until the list moderator can review it",
}

var strongBounce = newPhraseSet(strongBouncePhrases)

// bounceSentence matches the sentences of Domino's and other servers'
// bounces that hold the message's subject or recipient; receiptSentence
// those of read receipts (RFC 8098's example, Outlook); abuseReport the
// first sentence of a feedback report (RFC 5965, RFC 6591) and of the
// complaints of abuse desks; unsubscribeRequest the one Apple Mail sends
// for its unsubscribe button.
var (
	bounceSentence     = gated(`your message .{0,300} was not delivered to: .{0,300} because:|your message to \S+ (was automatically rejected|couldn't be delivered|could not be delivered)`, "your message ")
	receiptSentence    = gated(`this is no guarantee that the message has been read|your message .{0,400} was (read|deleted without being read) on `, "this is no guarantee", "your message ")
	abuseReport        = gated(`this is an? [a-z/ -]{0,40}report for an? (e-?mail )?message|this is an autogenerated (e-?mail )?abuse complaint|abuse report format standardized in rfc ?5965`, "report for a", "this is an autogenerated", "abuse report format")
	unsubscribeRequest = gated(`sent this e-?mail to unsubscribe from the message`, "to unsubscribe from the message")
)

// strongBounceWording: a sentence only a mail system writes, in the
// first part of the body.
func strongBounceWording(flat string) string {
	if strongBounce.in(flat) {
		return "bounce (delivery failure wording)"
	}
	switch {
	case bounceSentence.MatchString(flat):
		return "bounce (delivery failure wording)"
	case receiptSentence.MatchString(flat):
		return "read receipt (receipt wording)"
	case abuseReport.MatchString(flat):
		return "complaint (abuse report wording)"
	case unsubscribeRequest.MatchString(flat):
		return "machine mail (unsubscribe request)"
	}
	return ""
}

// weakBouncePhrases are words bounces use that a person may use too: they
// count only beside the structure of a report.
var weakBouncePhrases = []string{
	"could not be delivered", "couldn't be delivered", "was not delivered", "wasn't delivered", "not be delivered",
	"undeliverable", "undelivered", "delivery failed", "delivery has failed", "delivery failure", "delivery problem",
	"permanent error", "permanent failure", "temporary failure", "temporary error", "user unknown", "unknown user",
	"no such user", "invalid user", "mailbox unavailable", "mailbox not found", "mailbox is full", "quota exceeded",
	"over quota", "recipient address rejected", "relay access denied", "host not found", "domain not found",
	"address not found", "message not delivered", "remote server", "remote host said", "the response was:",
	"error message below", "message details:", "giving up on", "retry timeout", "still being retried",
	"mailer-daemon", "postmaster", "delivery status notification", "non-delivery", "returned mail",
	"smtp error", "technical details", "technical report", "requested action not taken", "does not exist",
	"配信できませんでした", "配送できませんでした", "送信できませんでした", "宛先不明", "あて先不明",
	"unzustellbar", "konnte nicht zugestellt werden", "n'a pas pu être remis", "no pudo ser entregado",
	"non è stato recapitato", "kon niet worden bezorgd",
}

// smtpReply matches a line that starts with an SMTP reply (RFC 5321
// §4.2): a code, then an enhanced status code or the words servers put
// after one; recipientLine a line that is a bare recipient address, as
// bounces list them.
var (
	originalLine  = regexp.MustCompile(`(?im)^[ \t]*original message follows\.?[ \t]*$`)
	smtpReply     = regexp.MustCompile(`(?im)^[ \t]*(<<<|>>>|remote host said:|said:)?[ \t]*[245]\d\d[ -]+(#?[245]\.\d{1,3}\.\d{1,3}\b|.*(requested action|user unknown|unknown user|no such|mailbox|recipient|rejected|denied|not found|does not exist|unavailable|relay|unrouteable|try again|invalid|blocked|refused|quota|over limit))`)
	recipientLine = regexp.MustCompile(`(?im)^[ \t]*(<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[a-z]{2,}[ \t]*(:|\())`)
)

// weakBounce: wording bounces use, beside the structure of a report: an
// SMTP reply line, a DSN field, a line that starts with a recipient in
// angle brackets or followed by its reason ("<bob@example.com>: …"), not a
// bare address as signatures have, or IMail's "Original message follows."
func weakBounce(own, flat string) string {
	if !lineMatches(own, "<>rRsS\xc5245", "", smtpReply) && dsnFields(own) == 0 && !lineMatches(own, "", "@", recipientLine) &&
		!lineMatches(own, "oO", "", originalLine) {
		return ""
	}
	for _, p := range weakBouncePhrases {
		if strings.Contains(flat, p) {
			return "bounce (delivery failure wording and an SMTP reply)"
		}
	}
	return ""
}

// automaticMessage matches the sentences a program writes to say it wrote
// the message, in the languages auto-responders use most; only a text
// with one of the gates is given to the regexp.
var automaticMessage = gated(`this is an? (automatic|automated|automatically generated|auto-generated|computer generated)( [a-z]+)?( e-?mail| message| reply| response| notification| notice| mail| alert)|this (e-?mail|message|mail|notification) (was|has been|is) (automatically generated|generated automatically|sent automatically|auto-generated|an automated)|(please )?do not reply to this (e-?mail|message|mail|notification)|this (e-?mail )?(inbox|mailbox|e-?mail address|address|account)\b.{0,60}\bis (not monitored|unattended|no longer (in use|monitored|active|being monitored))|diese (nachricht|e-?mail|mail) wurde automatisch|dies ist eine automatische|ceci est (un message|une réponse) automatique|este es un mensaje automático|esta es una respuesta automática|questo è un messaggio automatico|questa è una risposta automatica|dit is een automatisch|このメールは自動|本邮件为系统自动|此邮件为系统自动`,
	// each sentence holds one of these
	"this e", "this m", "this n", "this i", "this a", "diese ", "dies ist eine automatische", "ceci est ", "este es un", "esta es una",
	"questo è", "questa è", "dit is een automatisch", "このメールは自動", "本邮件为", "此邮件为")

// automaticWording: a message that says a program wrote it.
func automaticWording(flat string) string {
	if automaticMessage.MatchString(flat) {
		return "auto-generated (automatic-message wording)"
	}
	return ""
}

// awayStatement matches a sentence in which the author says, in the
// present or the future, that they are away: "I am out of the office",
// "I will be on leave until", "ich bin bis … nicht im Büro", "je suis
// absent", "estaré fuera de la oficina", at the start of a sentence or
// after a greeting. "I was out of office yesterday" and "who covers
// while I am away?" are not one.
var awayStatement = gated(`(^|[.!?,:;*)\]] )(`+
	`(i am|i'm|im|i will be|i'll be|i shall be)( currently| now| presently)? (out of (the )?office|ooo\b|away\b|on (annual |parental |maternity |paternity |sick |medical |study |holiday |vacation )?leave|on (vacation|holidays?|pto|sabbatical|a business trip|business travel)|out (until|till|through|from|of the country)|off (work|until|till)|travell?ing\b)|`+
	`ich bin .{0,50}(nicht im (büro|haus|office)|abwesend|außer haus|ausser haus|im urlaub|in urlaub|nicht erreichbar|auf (dienst|geschäfts)reise|in elternzeit)|`+
	`je (suis|serai) .{0,40}(absente?|en (congés?|vacances|déplacement)|hors du bureau|en dehors du bureau)|`+
	`(estoy|estaré|me encuentro) .{0,40}(fuera de (la )?oficina|de vacaciones|ausente|de viaje|de baja)|`+
	`(sono|sarò) .{0,40}(fuori (ufficio|sede)|assente|in ferie|in vacanza)|`+
	`(estou|estarei) .{0,40}(fora do escritório|de férias|ausente)|`+
	`(ik ben|ben ik) .{0,40}(afwezig|niet aanwezig|niet op kantoor|met vakantie|op vakantie)|`+
	`(jag är|jeg er) .{0,40}(ledig|på semester|på ferie|borta|frånvarande|fraværende|ikke på kontoret|inte på kontoret)|`+
	`(jestem|będę) .{0,40}(poza biurem|na urlopie|nieobecn)|`+
	`(я )?(нахожусь в отпуске|в отпуске|буду отсутствовать|отсутствую|вне офиса))|`+
	`不在にして|休暇中|不在です|外出中|我正在休假|休假中|不在办公室`,
	// each statement holds one of these
	"i am ", "i'm ", "im ", "i will be ", "i'll be ", "i shall be ", "ich bin ", "je suis ", "je serai ", "estoy ", "estaré ",
	"me encuentro ", "sono ", "sarò ", "estou ", "estarei ", "ik ben ", "ben ik ", "jag är ", "jeg er ", "jestem ", "będę ",
	"в отпуске", "буду отсутствовать", "отсутствую", "вне офиса", "不在", "休暇中", "外出中", "休假")

// autoResponderBoilerplate matches what an auto-responder says to whoever
// wrote: thanks for the message, when it will be read, whom to contact
// meanwhile. A person's status to their own team has no need of it.
var autoResponderBoilerplate = regexp.MustCompile(`thank(s| you) for your (e-?mail|message|mail|note|inquiry|enquiry)|(no|limited|without|intermittent|restricted) (access to )?(e-?mail|internet|my e-?mail)|i will (respond|reply|get back|answer|read|return your|deal with|attend to)|(upon|on|after) my return|when i (return|get back|am back|'m back)|as soon as (i return|i'm back|i am back|i get back)|for (urgent|immediate) (matters|issues|requests|enquiries|inquiries|questions|assistance|help)|(if|in case) (it is |this is |your (message|matter|request) is )?urgent|in urgent cases|please contact|please reach out to|will (not )?be (forwarded|read)|vielen dank für ihre|danke für ihre|in dringenden fällen|wenden sie sich|ihre (nachricht|e-?mail|mail) wird|merci pour votre|en cas d'urgence|veuillez contacter|gracias por su|en caso de urgencia|grazie per (il suo|la sua|il tuo|la tua)|in caso di urgenza|obrigad[oa] pel[oa]|bedankt voor uw|in dringende gevallen|tack för ditt|takk for din|dziękuję za|спасибо за ваше|automatic reply|auto-reply|automatische antwort|réponse automatique|respuesta automática`)

// autoReplySubject matches subject words of an out-of-office reply that
// automatedSubject does not take on their own.
var autoReplySubject = regexp.MustCompile(`(?i)out of (the )?office|\booo\b|abwesen|absen(ce|t)|vacation|holiday|urlaub|congé|vacances|ausencia|vacaciones|ferie|fuori|\bleave\b|\baway\b|\bauto\b|automati`)

// awayLines is how many of the first lines of what the author wrote may
// hold the away statement: an auto-responder says it first.
const awayLines = 5

// outOfOffice: an out-of-office reply that came without any header to say
// so. The author says they are away in the first lines of what they
// wrote, and either the subject says so too or the text has an
// auto-responder's boilerplate.
func outOfOffice(subject, written string) string {
	var first []string
	for _, line := range strings.Split(written, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if first = append(first, line); len(first) == awayLines {
				break
			}
		}
	}
	if !awayStatement.MatchString(flatten(strings.Join(first, " "))) {
		return ""
	}
	head := flatten(written)
	if len(head) > 2000 {
		head = strings.ToValidUTF8(head[:2000], "")
	}
	if autoReplySubject.MatchString(subject) || autoResponderBoilerplate.MatchString(head) {
		return "auto-reply (out-of-office wording)"
	}
	return ""
}
