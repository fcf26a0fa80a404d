package quote

import (
	"regexp"
	"strings"
)

// The tables in this file recognise single lines of a plain-text reply. They
// follow the catalogue of Discourse's email_reply_trimmer (MIT), rewritten for
// RE2 and widened with the clients and languages our fixtures show. Quote
// headers and forward markers are tried against a line's "core" (without
// leading blanks and quote marks, without trailing blanks), the other tables
// against the line without blanks around it.

// trimMaxClassified is the longest line the pattern tables are tried on:
// quote headers, header fields and signatures are short, and skipping longer
// lines keeps a 750 KB single-line quote cheap.
const trimMaxClassified = 1000

// trimQuoteHeaders match the line a client writes above the message it
// quotes ("On <date>, <someone> wrote:") in the languages we have seen. All
// want the line to end with the verb (and a colon), and most a digit, so
// that a sentence such as "On Monday we shipped" or "One question:" stays
// text. A pattern is tried only on a line that holds
// one of its words (lower-cased), which keeps classification linear and
// cheap on long quotes.
var trimQuoteHeaders = []struct {
	words []string
	re    *regexp.Regexp
}{
	// On Wed, Sep 25, 2013, at 03:57 PM, jorge_castro wrote:
	// ---- On Tue, 22 Dec 2015 14:17:36 +0530 Sam <info@discourse.org> wrote ----
	// At 6/16/2016 08:32 PM, you wrote:
	{[]string{"wrote", "writes"}, regexp.MustCompile(`^-*\s*(?i:on|at)\s.*\b(?:wrote|writes)\s*:?[\s*-]*$`)},
	{[]string{"said", "says"}, regexp.MustCompile(`^-*\s*(?i:on|at)\s.*\d.*\b(?:said|says)\s*:[\s*-]*$`)},
	// In message <id>, Some One writes:   In article <id>, Some One wrote:
	{[]string{"in message", "in article"}, regexp.MustCompile(`^(?i:in (?:message|article))\s.*\b(?:writes|wrote)\s*:?$`)},
	// Some One <info@discourse.org> wrote:   Gavin (gavin@example.com) wrote:
	{[]string{"wrote"}, regexp.MustCompile(`^.*[\w.+-]+@[\w-]+(?:\.[\w-]+)+.*\bwrote\s*:?$`)},
	// codinghorror via Discourse Meta wrote:
	{[]string{" via "}, regexp.MustCompile(`^.+\svia\s.+\s(?:wrote|schrieb)\s*:?$`)},
	// Max <max@example.com> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:
	{[]string{"wrote on", "schrieb am"}, regexp.MustCompile(`^.+\b(?:wrote\s+on|schrieb\s+am)\s.*\d.*:$`)},
	// Dutch: Op 10 dec. 2015 18:35 schreef "Arpit" <info@discourse.org>:
	{[]string{"schreef", "geschreven"}, regexp.MustCompile(`^(?i:op)\s.*\d.*\s(?:schreef\s.*:|het volgende geschreven\s*:?)$`)},
	// German: Am 18.09.2013 um 16:24 schrieb codinghorror <info@discourse.org>:
	{[]string{"schrieb", "geschrieben"}, regexp.MustCompile(`^(?i:am)\s.*\d.*\s(?:schrieb\s.*:|schrieben Sie\s*:?|geschrieben\s*:?)$`)},
	// French: Le 4 janv. 2016 19:03, "Neil" <info@discourse.org> a écrit :
	{[]string{"écrit", "nous a dit"}, regexp.MustCompile(`^(?i:le)\s.*\d.*\s(?:a\s+écrit|nous a dit)\s*:?$`)},
	// Italian: Il giovedì 8 dicembre 2016, X <x@example.com> ha scritto:
	{[]string{"scritto"}, regexp.MustCompile(`^(?i:il|in data)\s.*\d.*\sha\s+scritto\s*:?$`)},
	// Spanish: El jueves, 21 de noviembre de 2013, codinghorror escribió:
	{[]string{"escribió"}, regexp.MustCompile(`^(?i:el)\s.*\d.*\sescribió\s*:?$`)},
	// Portuguese: Em seg, 27 de jul de 2015 17:13, Neil <info@discourse.org> escreveu:
	{[]string{"escreveu"}, regexp.MustCompile(`^(?i:em)\s.*\d.*\sescreveu\s*:?$`)},
	// Polish, Czech, Slovak: Dnia 14 lip 2015 o godz. 00:25 Michael <m@example.com> napisał(a):
	{[]string{"napisał", "napsal", "napísal"}, regexp.MustCompile(`^.*\d.*\s(?:napisał|napisała|napsal|napísal)(?:\(a\))?\s*:$`)},
	// Norwegian, Danish, Swedish: Den 15. jun. 2016 kl. 20.42 skrev Jeff <info@discourse.org>:
	{[]string{"skrev"}, regexp.MustCompile(`^.*\d.*\sskrev(?:\s.*)?:$`)},
	// Finnish, Hungarian, Turkish, Greek, Croatian, Slovenian, Romanian,
	// Catalan, Galician, Baltic, Indonesian, Vietnamese, Arabic, Hebrew.
	{trimOtherWrote, regexp.MustCompile(`^.*\d.*\s(?:` + strings.Join(trimOtherWrote, "|") + `)\s*:$`)},
	// Russian, Ukrainian: суббота, 14 марта 2015 г. пользователь etewiah написал:
	{[]string{"написал", "пишет", "пише"}, regexp.MustCompile(`^.*\d.*\s(?:написал|написала|написал\(а\)|пишет|пише)\s*:$`)},
	// Chinese, Japanese, Korean.
	{[]string{"写道", "寫道"}, regexp.MustCompile(`^在.*(?:写道|寫道)\s*[:：]?$`)},
	{[]string{"写道", "寫道", "書きました", "のメール", "のメッセージ", "작성"}, regexp.MustCompile(`^.*\d.*(?:写道|寫道|書きました|のメール|のメッセージ|작성)\s*[:：]$`)},
	// 2016-03-03 17:21 GMT+01:00 Some One
	{[]string{" gmt"}, regexp.MustCompile(`^20\d\d-\d\d-\d\d \d\d?:\d\d GMT[+-]\d\d:\d\d [\w\s]+$`)},
	// Posted by mpalmer on 01/21/2016
	{[]string{"posted by"}, regexp.MustCompile(`(?i)^Posted by .+ on \d{2}/\d{2}/\d{4}$`)},
}

// trimOtherWrote is "wrote" in Finnish, Hungarian, Turkish, Greek,
// Croatian, Slovenian, Romanian, Catalan, Galician, Lithuanian, Latvian,
// Estonian, Indonesian, Vietnamese, Arabic and Hebrew.
var trimOtherWrote = []string{"kirjoitti", "írta", "yazdı", "έγραψε", "napisao", "napisala", "napisal", "a scris",
	"va escriure", "escribiu", "rašė", "rakstīja", "kirjutas", "menulis", "đã viết", "كتب", "כתב", "כתבה"}

// trimDateEmailRE matches "<date> <someone> <address>:" headers such as
// "2015-10-18 0:17 GMT+03:00 Matt <info@discourse.org>:" or
// "вт, 5 янв. 2016 г. в 23:39, Erlend <info@discourse.org>:".
// trimQuoteHeader also wants a colon, a time or a leading date, so that a
// sentence ending in an address is not taken for one.
var (
	trimDateEmailRE = regexp.MustCompile(`^.*\d{4}.*<\s*[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+\s*>\s*[:：]?$`)
	trimTimeRE      = regexp.MustCompile(`\d{1,2}[:.]\d{2}|^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}`)
)

// trimForwardREs match the line above a forwarded or original message in
// Gmail, Apple Mail, Outlook, Thunderbird and their translations.
var trimForwardREs = keyed(append([]string{"--"}, literalPrefixes(trimForwardIntros)...),
	// Apple Mail: "Begin forwarded message:", "Début du message réexpédié :".
	`(?i:(?:`+strings.Join(trimForwardIntros, "|")+`)\s*[:：]?$)`,
	// Gmail, Outlook, Thunderbird: "---------- Forwarded message ---------".
	`(?i:\**-{2,}\s*(?:`+strings.Join(trimForwardCaptions, "|")+`)\s*-{2,}\**$)`,
)

// trimForwardIntros are the lines Apple Mail and others write above a
// forwarded message.
var trimForwardIntros = []string{
	"begin forwarded message", "reply message", "début du message (?:réexpédié|transféré)",
	"inicio del mensaje reenviado", "anfang der weitergeleiteten (?:nachricht|e-?mail)",
	"início da mensagem (?:reencaminhada|encaminhada)", "inizio messaggio inoltrato",
	"begin doorgestuurd bericht", "vidarebefordrat brev", "转发的邮件", "転送されたメッセージ",
}

// trimForwardCaptions are the captions between the dashes of a forward or
// "original message" separator line.
var trimForwardCaptions = []string{
	"forwarded message", "original message", "reply message",
	"message transféré", "message réexpédié", "message d'origine", "message original",
	"weitergeleitete nachricht", "ursprüngliche nachricht", "original-nachricht", "originalnachricht",
	"mensaje original", "mensaje reenviado", "mensagem original", "mensagem encaminhada", "mensagem reencaminhada",
	"messaggio originale", "messaggio inoltrato",
	"oorspronkelijk bericht", "doorgestuurd bericht", "origineel bericht",
	"oprindelig besked", "oprindelig meddelelse", "videresendt besked", "videresendt meddelelse",
	"opprinnelig melding", "videresendt melding", "ursprungligt meddelande", "vidarebefordrat meddelande",
	"alkuperäinen viesti", "välitetty viesti", "eredeti üzenet", "továbbított üzenet",
	"oryginalna wiadomość", "wiadomość przekazana", "przekazana wiadomość", "původní zpráva", "přeposlaná zpráva",
	"исходное сообщение", "пересылаемое сообщение", "пересланное сообщение", "пересланий лист", "оригінальне повідомлення",
	"orijinal mesaj", "orijinal ileti", "iletilen mesaj", "yönlendirilmiş mesaj",
	"原始邮件", "转发的邮件", "原始郵件", "轉寄的郵件", "元のメッセージ", "転送されたメッセージ", "転送メッセージ",
	"원본 메시지", "전달된 메시지",
}

// trimHeaderFieldRE splits an Outlook-style header line ("*From:* x",
// "Envoyé le : y") into its field name and value.
var trimHeaderFieldRE = regexp.MustCompile(`^[\s*]*([^:：*]{1,30}?)[\s*]*[:：][\s*]*(.*?)\s*$`)

// Field roles in a quoted or forwarded header block.
const (
	fieldFrom    = 'f'
	fieldTo      = 't'
	fieldDate    = 'd'
	fieldSubject = 's'
)

// trimHeaderFields maps lower-cased field names of the header blocks that
// Outlook, Gmail and Apple Mail write above a quoted or forwarded message,
// in the languages we have seen, to their role.
var trimHeaderFields = map[string]byte{}

func init() {
	add := func(role byte, names string) {
		for _, n := range strings.Split(names, "|") {
			trimHeaderFields[n] = role
		}
	}
	add(fieldFrom, "from|von|de|van|da|fra|från|od|от|发件人|寄件者|寄件人|差出人|expéditeur|lähettäjä|kimden|feladó")
	add(fieldTo, "to|an|à|a|pour|para|aan|til|till|do|кому|收件人|收件者|宛先|destinataire|vastaanottaja|kime|címzett|"+
		"cc|bcc|cco|kopie|copie à|cc à|kopi|kopia|dw|копия|抄送|副本|kopio|másolat|"+
		"reply-to|répondre à|responder a|beantwoorden - aan|antwort an|risposta|svar til")
	add(fieldDate, "date|sent|le|datum|gesendet|envoyé|envoyé le|enviado|enviado el|enviada em|enviado em|enviada|data|"+
		"inviato|verzonden|dato|sendt|skickat|wysłano|отправлено|дата|发送时间|日期|傳送時間|寄件日期|送信日時|"+
		"lähetetty|päivämäärä|tarih|gönderildi|fecha|message du|dátum|elküldve")
	add(fieldSubject, "subject|betreff|objet|sujet|asunto|assunto|oggetto|onderwerp|emne|ämne|temat|тема|主题|主旨|件名|aihe|konu|tárgy")
}

// trimSignatureREs match the one-line signatures mail apps append ("Get
// Outlook for Android", "From my iPhone", "iPhoneから送信").
var trimSignatureREs = keyed([]string{"from my", "from mobile", "outlook", "從我的", "发自我的", "來自我的", "から送信"},
	`(?i:from my (?:iphone|ipad|ipod|android|mobile|phone|smartphone|cell|blackberry|galaxy|samsung|tablet|pixel)\b.*$)`,
	`(?i:\w+ from mobile$)`,
	`(?i:(?:get|obtenir|holen sie sich|obtener|scarica|download) outlook (?:for|pour|für|para|per) .+$)`,
	`(?:(?:從我的|发自我的|來自我的).+$)`,
	`(?:.+から送信$)`,
)

// trimSentFromREs match "Sent from …" in the languages we have seen ("Sent
// from my iPhone", "Von meinem iPhone gesendet", "Envoyé de mon iPhone").
// Such a line is a signature only when it also names a device or an app, or
// says "my" (trimSentFromWords), so "Sent from a magnificent torch of
// pixels" and "Enviado de vuelta al cliente" stay text.
var trimSentFromREs = keyed([]string{"sent ", "envoyé", "von meinem", "gesendet", "inviato da", "sendt fra", "skickat från",
	"från min", "enviado", "verzonden", "verstuurd", "wysłane z", "отправлено"},
	`(?i:[(<]*sent (?:from|via|with|by|using) .+$)`,
	`(?i:envoyé (?:depuis|de|à partir de|avec|par) .+$)`,
	`(?i:von meinem .+ gesendet.*$)`,
	`(?i:gesendet (?:von|mit|vom|über) .+$)`,
	`(?i:diese nachricht wurde von .+ gesendet.*$)`,
	`(?i:inviato da .+$)`,
	`(?i:sendt fra .+$)`,
	`(?i:(?:skickat från|från min) .+$)`,
	`(?i:enviado (?:do|desde|de|a partir do|a partir de|com|con|pelo) .+$)`,
	`(?i:(?:verzonden (?:met|vanaf|van)|verstuurd (?:vanaf|met)) .+$)`,
	`(?i:wysłane z .+$)`,
	`(?i:отправлено (?:с|из) .+$)`,
)

// trimSentFromWords are the lower-cased words of which a "Sent from" line
// must hold one: "my" in several languages, devices and mail apps.
var trimSentFromWords = []string{
	" my ", " mi ", " meu ", " mon ", " ma ", "meinem", " min ", " mijn ", " mio ", " mój ", " moim ", " моего ", " мой ",
	"iphone", "ipad", "ipod", "android", "outlook", "gmail", "yahoo", "aol", "icloud", "zoho", "mail.ru",
	"samsung", "galaxy", "blackberry", "mobile", "phone", "handy", "móvil", "movil", "celular", "telefon",
	"телефон", "tablet", "windows", " ios",
	"airmail", "sparrow", "proton", "tutanota", "superhuman", "spark", "k-9", "fairemail", "bluemail", "newton",
	"hey.com", "fastmail", "thunderbird", "web.de", "gmx", "t-online", "mobilgerät", "smartphone", "device",
}

// trimMarkdownLinkRE finds markdown links, whose text alone is kept when a
// line is tested for a signature ("Sent from [Outlook](https://…)").
var trimMarkdownLinkRE = regexp.MustCompile(`\[([^\]]+)\]\([^)]+\)`)

// trimFooterREs match the first line of a mailing list or notification
// footer; everything from there on is dropped.
var trimFooterREs = keyed([]string{"you received this", "to unsubscribe from this", "to post to this group",
	"you are receiving this", "reply to this email directly", "mailing list"},
	`(?i:you received this (?:message|email) because you are subscribed to)`,
	`(?i:to unsubscribe from this (?:group|list))`,
	`(?i:to post to this group, send)`,
	`(?i:you are receiving this because you)`,
	`(?i:reply to this email directly(?:,)? or view it on)`,
	`(?i:[\w.-]+ mailing list$)`,
)

// trimClosings are the complimentary closes (lower case) that may stand
// alone on their line, followed only by blanks and punctuation.
var trimClosings = map[string]bool{}

func init() {
	for _, c := range []string{
		"thanks", "thank you", "many thanks", "thanks again", "thanks a lot", "thx", "ty", "cheers", "regards",
		"best regards", "kind regards", "warm regards", "warmest regards", "best", "all the best", "best wishes",
		"sincerely", "yours sincerely", "yours truly", "yours", "cordially", "respectfully", "take care", "br",
		"rgds", "merci", "cordialement", "bien cordialement", "bien à vous", "amicalement", "gruß", "grüße",
		"viele grüße", "beste grüße", "liebe grüße", "freundliche grüße", "mit freundlichen grüßen", "lg", "vg",
		"mfg", "saludos", "un saludo", "atentamente", "cumprimentos", "abraços", "atenciosamente", "obrigado",
		"obrigada", "groeten", "met vriendelijke groet", "saluti", "cordiali saluti", "distinti saluti", "grazie",
		"pozdrawiam", "mvh", "med vänlig hälsning", "vänliga hälsningar", "hälsningar", "ystävällisin terveisin",
		"с уважением", "спасибо",
	} {
		trimClosings[c] = true
	}
}

// trimIsClosing reports a line that is a complimentary close alone.
func trimIsClosing(s string) bool {
	return trimClosings[strings.ToLower(strings.TrimRight(s, " \t\n\f\r,.!"))]
}

// Lines of a contact block: an address, a link or a phone number, perhaps
// after a short label ("t. 555-931-0702", "Mobile: +44 …").
var (
	trimContactLabel = `(?:(?:e|email|e-mail|mail|t|tel|phone|p|m|mob|mobile|cell|f|fax|w|web|o|office|d|direct)\s*[.:]\s*)?`
	trimEmailLineRE  = regexp.MustCompile(`(?i)^` + trimContactLabel + `<?\S*[\w.+-]@[\w-]+(?:\.[\w-]+)+>?$`)
	trimPhoneLineRE  = regexp.MustCompile(`(?i)^` + trimContactLabel + `[+(]?\d[\d\s().\-/]{6,}\d(?:\s*(?:x|ext\.?)\s*\d+)?$`)
	trimURLLineRE    = regexp.MustCompile(`(?i)^` + trimContactLabel + `<?\S*(?:https?://|www\.)\S+>?$`)
)

// trimHeaderTailRE matches the remnant of a wrapped quote header: "wrote:",
// "info@example.com>:", "> wrote:".
var trimHeaderTailRE = regexp.MustCompile(`(?i)^(?:<?\S*@\S*>?)?\s*(?:wrote|schrieb|a écrit|escribió|escreveu|ha scritto|napisał\(a\)|napisał|skrev|написал|写道)?\s*[:：]?$`)

// trimEndsHeader reports whether c ends the way the last line of a quote
// header does: with a colon or a verb for "wrote".
func trimEndsHeader(c string) bool {
	c = strings.TrimRight(c, " \t*-")
	if strings.HasSuffix(c, ":") || strings.HasSuffix(c, "：") {
		return true
	}
	c = strings.ToLower(c)
	for _, w := range []string{"wrote", "writes", "escreveu", "escribió", "scritto", "écrit", "geschreven", "schrieb"} {
		if strings.HasSuffix(c, w) {
			return true
		}
	}
	return false
}

// trimIsHeaderTail reports whether l is the remnant of a wrapped quote
// header (an address, the verb, a colon), to be joined to the header line
// above it.
func trimIsHeaderTail(l string) bool {
	c := trimCore(l)
	return c != "" && len(c) <= 100 && trimHeaderTailRE.MatchString(c)
}

// trimMayStartHeader is a cheap test for the first line of a wrapped quote
// header: every pattern wants a digit, an address or one of these openers.
func trimMayStartHeader(core string) bool {
	if len(core) > 200 {
		return false
	}
	if strings.ContainsAny(core, "0123456789@") || strings.Contains(core, " via ") {
		return true
	}
	for _, p := range []string{"On ", "In message", "In article", "在"} {
		if strings.HasPrefix(core, p) {
			return true
		}
	}
	return false
}

// trimIsQuoteHeader reports whether core is an "On … wrote:" line.
func trimIsQuoteHeader(core string) bool {
	if !trimMayStartHeader(core) {
		return false
	}
	lower := strings.ToLower(core)
	for _, h := range trimQuoteHeaders {
		for _, w := range h.words {
			if strings.Contains(lower, w) {
				if h.re.MatchString(core) {
					return true
				}
				break
			}
		}
	}
	if strings.Contains(core, "@") && strings.Contains(core, ">") && trimDateEmailRE.MatchString(core) {
		return strings.HasSuffix(core, ":") || strings.HasSuffix(core, "：") || trimTimeRE.MatchString(core)
	}
	return false
}

// trimIsForward reports whether core introduces a forwarded or original
// message.
func trimIsForward(core string) bool {
	if len(core) > 120 {
		return false
	}
	return trimForwardREs.MatchString(core)
}

// trimIsQuoted reports a quoted line: "> x", or usenet's "AB> x".
func trimIsQuoted(l string) bool {
	l = strings.TrimLeft(l, " \t")
	if strings.HasPrefix(l, ">") {
		return true
	}
	for i := 0; i < len(l) && i < 3; i++ {
		switch c := l[i]; {
		case c == '>':
			return i > 0
		case c < 'A' || c > 'Z':
			return false
		}
	}
	return false
}

// trimIsDelimiter reports a line made only of delimiter characters.
func trimIsDelimiter(s string) bool {
	return strings.Trim(s, "-_,=+~#*ᐧ—–") == ""
}

// trimIsSignature reports a one-line mobile or mail-app signature.
func trimIsSignature(s string) bool {
	if len(s) > 160 {
		return false
	}
	if strings.Contains(s, "](") {
		s = trimMarkdownLinkRE.ReplaceAllString(s, "$1")
	}
	// "Sent from my desk, is much easier than my phone." is a sentence.
	if len(strings.Fields(s)) > 10 || strings.Contains(s, ",") {
		return false
	}
	if trimSignatureREs.MatchString(s) {
		return true
	}
	if !trimSentFromREs.MatchString(s) {
		return false
	}
	lower := " " + strings.ToLower(s) + " "
	for _, w := range trimSentFromWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// trimHeaderField reports whether s is a field of a header block and the
// field's role. A date field must hold a digit; From and Date need a value.
func trimHeaderField(s string) (role byte, ok bool) {
	i := strings.IndexAny(s, ":：")
	if i < 0 || len(s) > 300 {
		return 0, false
	}
	// The name is what precedes the first colon; most lines with a colon
	// ("Today: …") name no header field, and a map lookup is cheap.
	if _, known := trimHeaderFields[trimFieldName(s[:i])]; !known {
		return 0, false
	}
	m := trimHeaderFieldRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	role, ok = trimHeaderFields[trimFieldName(m[1])]
	switch {
	case !ok:
		return 0, false
	case role == fieldDate:
		ok = strings.ContainsAny(m[2], "0123456789")
	case role == fieldFrom:
		ok = m[2] != ""
	}
	return role, ok
}

// trimFieldName is a field name as trimHeaderFields has it: lower case,
// single spaces, without the stars of bold text around it.
func trimFieldName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.Trim(s, " \t*")), " "))
}

// keyedRE is a regexp over a line with the words (lower case) of which the
// line must hold one for it to match: a cheap test first, as most lines
// hold none. Each pattern's comment or literal text shows its word.
type keyedRE struct {
	words []string
	re    *regexp.Regexp
}

// keyed joins line patterns (see anyLine) under their words.
func keyed(words []string, patterns ...string) keyedRE {
	return keyedRE{words: words, re: anyLine(patterns...)}
}

// MatchString reports whether s matches one of the patterns.
func (k keyedRE) MatchString(s string) bool {
	lower := strings.ToLower(s)
	for _, w := range k.words {
		if strings.Contains(lower, w) {
			return k.re.MatchString(s)
		}
	}
	return false
}

// literalPrefixes are the patterns' texts up to their first group or
// class: words every match of the pattern holds.
func literalPrefixes(patterns []string) []string {
	out := make([]string, len(patterns))
	for i, p := range patterns {
		if j := strings.IndexAny(p, "([\\?*+.|"); j >= 0 {
			p = p[:j]
		}
		out[i] = strings.TrimSpace(p)
	}
	return out
}

// anyLine compiles line patterns, each anchored at the start of the line,
// into one regexp that matches what any of them matches: one pass over a
// line instead of one per pattern.
func anyLine(patterns ...string) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + strings.Join(patterns, `|`) + `)`)
}
