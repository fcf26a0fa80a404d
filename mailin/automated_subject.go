package mailin

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/preread/preread/mailin/message"
)

// subjectRule is one kind of subject that auto-responders and mail
// systems write, with the reason it gives: a fixed label, never the
// subject's own words.
type subjectRule struct {
	re     interface{ MatchString(string) bool }
	reason string
}

// prefixedRE is a regexp anchored at the start that only a text starting
// with one of its phrases can match: they are compared first.
type prefixedRE struct {
	phrases []string
	re      *regexp.Regexp
}

func (p prefixedRE) MatchString(s string) bool {
	return phraseList{p.phrases, true}.MatchString(s) && p.re.MatchString(s)
}

// phraseList matches a text that starts with (prefix) or holds one of
// its phrases.
type phraseList struct {
	phrases []string
	prefix  bool
}

func (l phraseList) MatchString(s string) bool {
	for _, ph := range l.phrases {
		if l.prefix && strings.HasPrefix(s, ph) || !l.prefix && strings.Contains(s, ph) {
			return true
		}
	}
	return false
}

// alternatives joins phrases into a regexp alternation, each quoted.
func alternatives(phrases ...string) string {
	q := make([]string, len(phrases))
	for i, p := range phrases {
		q[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(q, "|")
}

// startsWith matches a subject that starts with one of the phrases.
func startsWith(phrases ...string) phraseList {
	return phraseList{phrases, true}
}

// startsWithWord matches a subject that is one of the phrases alone or
// followed by a colon, a dash or a bracket: "Out of office" and "Out of
// office: back on Monday", not "Out of office rota for December", which
// a person may well send.
func startsWithWord(phrases ...string) prefixedRE {
	return prefixedRE{phrases, regexp.MustCompile(`^(` + alternatives(phrases...) + `)\s*($|[:(\[]|- )`)}
}

// subjectHas matches a subject with one of the phrases anywhere.
func subjectHas(phrases ...string) phraseList {
	return phraseList{phrases, false}
}

// subjectRules are checked in order against the subject in lower case,
// without the prefixes of forwards and spam filters. Outlook, Exchange,
// Gmail, iCloud and other auto-responders write the auto-reply subjects
// in the reader's language; the bounce subjects are those of Postfix,
// Sendmail, Exim, qmail, Exchange, Gmail, Domino, Courier and the
// providers sisimai's set of emails collects.
var subjectRules = []subjectRule{
	{startsWith("auto:", "auto reply", "auto-reply", "autoreply", "auto respons", "auto-respons", "autorespons",
		"auto answer", "automatic reply", "automatic response", "automated reply", "automated response",
		"automatische antwort", "automatisch antwoord", "automatisk svar", "automatiskt svar", "autosvar",
		"automaattinen vastaus", "réponse automatique", "reponse automatique", "respuesta automática",
		"respuesta automatica", "risposta automatica", "resposta automática", "resposta automatica",
		"odpowiedź automatyczna", "automatyczna odpowiedź", "automatická odpověď", "automatikus válasz",
		"otomatik yanıt", "otomatik cevap", "автоматический ответ", "автоответ", "αυτόματη απάντηση",
		"自動応答", "自動返信", "自动回复", "自動回覆", "自动答复", "자동 회신", "자동 응답",
		"automatická odpoveď", "automatski odgovor", "răspuns automat", "automatinis atsakymas", "automātiskā atbilde",
		"samodejni odgovor", "автоматична відповідь", "автовідповідь", "автоматичен отговор", "תשובה אוטומטית",
		"رد تلقائي", "trả lời tự động", "balasan otomatis", "ตอบกลับอัตโนมัติ",
		"abwesenheitsnotiz", "abwesenheitsmeldung", "abwesenheitsnachricht", "risposta non al computer",
		"afwezigheidsmelding", "fraværsmelding", "poissaolo", "out of office reply", "out of office autoreply",
		"out of office auto reply", "out of office notice", "out of office notification", "out of office message",
		"out of office response", "out of the office reply", "vacation reply", "vacation response",
		"vacation message", "vacation notice", "vacation autoreply"),
		"auto-reply (subject: automatic reply)"},
	// Not "away", "absent" or "abwesend" alone: they are the AWAY command.
	{startsWithWord("out of office", "out of the office", "ooo", "away from the office", "away from office",
		"on vacation", "vacation", "on holiday", "on leave", "absence", "ausente",
		"fuera de la oficina", "fuera de oficina", "fuori sede", "fuori ufficio", "frånvaro", "fravær",
		"poza biurem", "nicht im büro", "im urlaub", "urlaub", "en vacances", "en congé", "absent du bureau",
		"afwezig", "in ferie", "ferie", "fora do escritório", "нет на месте", "в отпуске", "不在"),
		"auto-reply (subject: out of office)"},
	{subjectHas("(auto-reply)", "(autoreply)", "(auto reply)", "(automatic reply)", "(out of office)",
		"[auto-reply]", "[autoreply]", "[auto reply]", "[automatic reply]", "[out of office]", "[ooo]"),
		"auto-reply (subject: automatic reply)"},
	{startsWith("delayed mail", "delivery delayed", "delivery delay", "message delayed", "mail delayed",
		"mail delivery delayed", "message delivery delayed", "delivery status notification (delay)",
		"warning: delayed mail", "warning: could not send message", "warning: mail delivery",
		"delivery notification: delivery has been delayed", "courier mail server: warning"),
		"bounce (subject: delivery delayed)"},
	{prefixedRE{[]string{"warning: message "}, regexp.MustCompile(`^warning: message (\S+ )?delayed`)}, "bounce (subject: delivery delayed)"},
	{subjectHas("still being retried", "delivery has been delayed", "will be retried", "delay notification"),
		"bounce (subject: delivery delayed)"},
	{startsWith("undeliverable", "undelivered", "non-deliverable", "nondeliverable", "non deliverable",
		"non-delivery", "nondelivery", "non delivery", "not delivered", "message not delivered",
		"message could not be delivered", "message couldn't be delivered", "mail could not be delivered",
		"email could not be delivered", "your message could not be delivered", "your message couldn't be delivered",
		"your message wasn't delivered", "your message was not delivered", "sorry, your message could not be delivered",
		"message you sent blocked", "unzustellbar", "nicht zustellbar", "unzustellbare", "zustellung fehlgeschlagen",
		"non remis", "non_remis", "non distribuable", "non délivré", "échec de la remise", "echec de la remise",
		"non recapitabile", "mancato recapito", "onbestelbaar", "niet bezorgd", "não entregue", "não-entregue",
		"nao entregue", "não foi possível entregar", "no entregado", "no se puede entregar", "no se pudo entregar",
		"imposible entregar", "olevererbart", "kunde inte levereras", "kan ikke leveres", "ikke levert",
		"ei voitu toimittaa", "nie dostarczono", "niedostarczona", "nedoručitelné",
		"nedoručeno", "kézbesíthetetlen", "недоставлено", "не доставлено", "невозможно доставить",
		"teslim edilemedi"),
		"bounce (subject: undeliverable)"},
	{startsWith("mail delivery failed", "mail delivery failure", "mail delivery problem", "mail delivery error",
		"delivery failure", "delivery failed", "delivery has failed", "delivery problem", "delivery error",
		"delivery incomplete", "failed delivery", "failure delivery", "failure notice", "permanent delivery failure",
		"message delivery failed", "message delivery failure", "message delivery has failed",
		"email delivery failure", "e-mail delivery failure", "delivery status notification (failure)",
		"mail failure", "mail failed", "mail system error", "there was an error sending your mail",
		"error sending message", "could not send message", "[bounce]", "bounce:", "bounced mail", "bounced message"),
		"bounce (subject: delivery failed)"},
	{startsWith("returned mail", "return mail", "mail returned", "returned to sender", "returned message",
		"undelivered mail returned to sender", "rückläufer"),
		"bounce (subject: returned mail)"},
	{subjectHas("returning message to sender", "returning to sender", "returned to sender"),
		"bounce (subject: returned mail)"},
	{startsWith("delivery status notification", "mail delivery status", "notice: mail delivery status",
		"mail delivery subsystem", "mail delivery system", "non-delivery report", "dsn:", "ndr:"),
		"bounce (subject: delivery status)"},
	{startsWithWord("delivery status", "delivery notification", "delivery report"),
		"bounce (subject: delivery status)"},
	{subjectHas("smtp server: errors from", "errors from smtp server"),
		"notice (subject: postmaster notice)"},
	{startsWith("postmaster notify", "postmaster notification", "postmaster copy", "message frozen", "mail frozen",
		"loop alert", "security information for", "cron <", "anacron job", "logwatch for", "mail error notification"),
		"notice (subject: postmaster notice)"},
	{subjectHas("メールエラー通知", "エラー通知", "配信できません", "配送できません", "送信できません",
		"配信エラー", "配送エラー", "送信エラー", "不達", "未達", "配達不能", "退信", "投递失败", "未送达",
		"无法投递", "無法投遞", "반송", "전송 실패", "배달 실패"),
		"bounce (subject: delivery failed)"},
	{startsWith("aws notification message", "amazon ses email event notification", "amazon ses notification",
		"aws notification - subscription confirmation"),
		"notification (subject: AWS notification)"},
	{startsWith("complaint about message from", "abuse report", "email abuse report", "email feedback report",
		"feedback report", "report domain:"),
		"complaint (subject: abuse or DMARC report)"},
	{startsWith("not read:", "read receipt:", "return receipt:", "delivery receipt:", "read notification:",
		"disposition notification", "return receipt (", "read receipt ("),
		"read receipt (subject)"},
	{startsWith("your mailbox is full", "your mailbox is almost full", "your mailbox is nearly full",
		"mailbox is full", "mailbox full", "mailbox quota", "quota warning", "quota exceeded", "over quota",
		"warning: mailbox", "spam quarantine", "quarantine summary", "quarantine notification", "quarantine report",
		"quarantined message", "message quarantined", "message held", "held for moderation",
		"your message awaits moderation", "your message is awaiting moderation"),
		"notice (subject: mailbox or quarantine notice)"},
	{subjectHas("awaits moderator approval", "held for moderator approval", "requires moderator approval"),
		"notice (subject: mailbox or quarantine notice)"},
}

// forwardPrefix matches what clients and filters put before a subject:
// forward prefixes, which make a forwarded bounce still a report about
// mail rather than a message to file, spam-filter tags and the asterisks
// some gateways frame a subject with.
var forwardPrefix = regexp.MustCompile(`^((fwd?|fw|wg|tr|rv|enc|doorst|vs|vb)\s*:\s*|\[(spam|external|ext|extern|suspicious|suspected spam|postmaster)\]\s*|\*+\s*(spam\s*\*+\s*)?)+`)

// automatedSubject: the subjects auto-responders and mail systems write,
// only when no header said anything. A forwarded bounce counts: it is a
// report about mail, not a message to file.
func automatedSubject(m *message.Message) string {
	s := strings.Join(strings.Fields(strings.ToLower(m.Subject)), " ")
	if !subjectPhrases.in(s) {
		return "" // every rule wants one of its phrases: most subjects hold none
	}
	s = forwardPrefix.ReplaceAllString(s, "")
	for _, r := range subjectRules {
		if r.re.MatchString(s) {
			return r.reason
		}
	}
	return ""
}

// subjectPhrases are the phrases of all subjectRules, found in one pass.
var subjectPhrases = func() *phraseSet {
	var all []string
	for _, r := range subjectRules {
		switch re := r.re.(type) {
		case phraseList:
			all = append(all, re.phrases...)
		case prefixedRE:
			all = append(all, re.phrases...)
		default:
			panic(fmt.Sprintf("subject rule %q has no phrases to look for first", r.reason))
		}
	}
	return newPhraseSet(all)
}()
