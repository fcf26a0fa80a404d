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

// maxClassified is the longest line the pattern tables are tried on:
// quote headers, header fields and signatures are short, and skipping longer
// lines keeps a 750 KB single-line quote cheap.
const maxClassified = 1000

// quoteHeaders match the line a client writes above the message it
// quotes ("On <date>, <someone> wrote:") in the languages we have seen. All
// want the line to end with the verb (and a colon), and most a digit, so
// that a sentence such as "On Monday we shipped" or "One question:" stays
// text. A pattern is tried only on a line that holds
// one of its words (lower-cased), which keeps classification linear and
// cheap on long quotes.
var quoteHeaders = []struct {
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
	{otherWrote, regexp.MustCompile(`^.*\d.*\s(?:` + strings.Join(otherWrote, "|") + `)\s*:$`)},
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

// otherWrote is "wrote" in Finnish, Hungarian, Turkish, Greek,
// Croatian, Slovenian, Romanian, Catalan, Galician, Lithuanian, Latvian,
// Estonian, Indonesian, Vietnamese, Arabic and Hebrew.
var otherWrote = []string{"kirjoitti", "írta", "yazdı", "έγραψε", "napisao", "napisala", "napisal", "a scris",
	"va escriure", "escribiu", "rašė", "rakstīja", "kirjutas", "menulis", "đã viết", "كتب", "כתב", "כתבה"}

// dateEmailRE matches "<date> <someone> <address>:" headers such as
// "2015-10-18 0:17 GMT+03:00 Matt <info@discourse.org>:" or
// "вт, 5 янв. 2016 г. в 23:39, Erlend <info@discourse.org>:".
// isHeader also wants a colon, a time or a leading date, so that a
// sentence ending in an address is not taken for one.
var (
	dateEmailRE = regexp.MustCompile(`^.*\d{4}.*<\s*[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+\s*>\s*[:：]?$`)
	timeRE      = regexp.MustCompile(`\d{1,2}[:.]\d{2}|^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}`)
)

// forwardREs match the line above a forwarded or original message in
// Gmail, Apple Mail, Outlook, Thunderbird and their translations.
var forwardREs = keyed(append([]string{"--"}, literalPrefixes(forwardIntros)...),
	// Apple Mail: "Begin forwarded message:", "Début du message réexpédié :".
	`(?i:(?:`+strings.Join(forwardIntros, "|")+`)\s*[:：]?$)`,
	// Gmail, Outlook, Thunderbird: "---------- Forwarded message ---------".
	`(?i:\**-{2,}\s*(?:`+strings.Join(forwardCaptions, "|")+`)\s*-{2,}\**$)`,
)

// forwardIntros are the lines Apple Mail and others write above a
// forwarded message.
var forwardIntros = []string{
	"begin forwarded message", "reply message", "début du message (?:réexpédié|transféré)",
	"inicio del mensaje reenviado", "anfang der weitergeleiteten (?:nachricht|e-?mail)",
	"início da mensagem (?:reencaminhada|encaminhada)", "inizio messaggio inoltrato",
	"begin doorgestuurd bericht", "vidarebefordrat brev", "转发的邮件", "転送されたメッセージ",
}

// forwardCaptions are the captions between the dashes of a forward or
// "original message" separator line.
var forwardCaptions = []string{
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

// signatureREs match the one-line signatures mail apps append ("Get
// Outlook for Android", "From my iPhone", "iPhoneから送信").
var signatureREs = keyed([]string{"from my", "from mobile", "outlook", "從我的", "发自我的", "來自我的", "から送信"},
	`(?i:from my (?:iphone|ipad|ipod|android|mobile|phone|smartphone|cell|blackberry|galaxy|samsung|tablet|pixel)\b.*$)`,
	`(?i:\w+ from mobile$)`,
	`(?i:(?:get|obtenir|holen sie sich|obtener|scarica|download) outlook (?:for|pour|für|para|per) .+$)`,
	`(?:(?:從我的|发自我的|來自我的).+$)`,
	`(?:.+から送信$)`,
)

// sentFromREs match "Sent from …" in the languages we have seen ("Sent
// from my iPhone", "Von meinem iPhone gesendet", "Envoyé de mon iPhone").
// Such a line is a signature only when it also names a device or an app, or
// says "my" (sentFromWords), so "Sent from a magnificent torch of
// pixels" and "Enviado de vuelta al cliente" stay text.
var sentFromREs = keyed([]string{"sent ", "envoyé", "von meinem", "gesendet", "inviato da", "sendt fra", "skickat från",
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

// sentFromWords are the lower-cased words of which a "Sent from" line
// must hold one: "my" in several languages, devices and mail apps.
var sentFromWords = []string{
	" my ", " mi ", " meu ", " mon ", " ma ", "meinem", " min ", " mijn ", " mio ", " mój ", " moim ", " моего ", " мой ",
	"iphone", "ipad", "ipod", "android", "outlook", "gmail", "yahoo", "aol", "icloud", "zoho", "mail.ru",
	"samsung", "galaxy", "blackberry", "mobile", "phone", "handy", "móvil", "movil", "celular", "telefon",
	"телефон", "tablet", "windows", " ios",
	"airmail", "sparrow", "proton", "tutanota", "superhuman", "spark", "k-9", "fairemail", "bluemail", "newton",
	"hey.com", "fastmail", "thunderbird", "web.de", "gmx", "t-online", "mobilgerät", "smartphone", "device",
}

// markdownLinkRE finds markdown links, whose text alone is kept when a
// line is tested for a signature ("Sent from [Outlook](https://…)").
var markdownLinkRE = regexp.MustCompile(`\[([^\]]+)\]\([^)]+\)`)

// footerREs match the first line of a mailing list or notification
// footer; everything from there on is dropped.
var footerREs = keyed([]string{"you received this", "to unsubscribe from this", "to post to this group",
	"you are receiving this", "reply to this email directly", "mailing list"},
	`(?i:you received this (?:message|email) because you are subscribed to)`,
	`(?i:to unsubscribe from this (?:group|list))`,
	`(?i:to post to this group, send)`,
	`(?i:you are receiving this because you)`,
	`(?i:reply to this email directly(?:,)? or view it on)`,
	`(?i:[\w.-]+ mailing list$)`,
)

// headerTailRE matches the remnant of a wrapped quote header: "wrote:",
// "info@example.com>:", "> wrote:".
var headerTailRE = regexp.MustCompile(`(?i)^(?:<?\S*@\S*>?)?\s*(?:wrote|schrieb|a écrit|escribió|escreveu|ha scritto|napisał\(a\)|napisał|skrev|написал|写道)?\s*[:：]?$`)

// endsHeader reports whether c ends the way the last line of a quote
// header does: with a colon or a verb for "wrote".
func endsHeader(c string) bool {
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

// isHeaderTail reports whether l is the remnant of a wrapped quote
// header (an address, the verb, a colon), to be joined to the header line
// above it.
func isHeaderTail(l string) bool {
	c := lineCore(l)
	return c != "" && len(c) <= 100 && headerTailRE.MatchString(c)
}

// mayStartHeader is a cheap test for the first line of a wrapped quote
// header: every pattern wants a digit, an address or one of these openers.
func mayStartHeader(core string) bool {
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

// isHeader reports whether core is an "On … wrote:" line.
func isHeader(core string) bool {
	if !mayStartHeader(core) {
		return false
	}
	lower := strings.ToLower(core)
	for _, h := range quoteHeaders {
		for _, w := range h.words {
			if strings.Contains(lower, w) {
				if h.re.MatchString(core) {
					return true
				}
				break
			}
		}
	}
	if strings.Contains(core, "@") && strings.Contains(core, ">") && dateEmailRE.MatchString(core) {
		return strings.HasSuffix(core, ":") || strings.HasSuffix(core, "：") || timeRE.MatchString(core)
	}
	return false
}

// isForward reports whether core introduces a forwarded or original
// message.
func isForward(core string) bool {
	if len(core) > 120 {
		return false
	}
	return forwardREs.MatchString(core)
}

// isQuoted reports a quoted line: "> x", or usenet's "AB> x".
func isQuoted(l string) bool {
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

// isDelimiter reports a line made only of delimiter characters.
func isDelimiter(s string) bool {
	return strings.Trim(s, "-_,=+~#*ᐧ—–") == ""
}

// isSignature reports a one-line mobile or mail-app signature.
func isSignature(s string) bool {
	if len(s) > 160 {
		return false
	}
	if strings.Contains(s, "](") {
		s = markdownLinkRE.ReplaceAllString(s, "$1")
	}
	// "Sent from my desk, is much easier than my phone." is a sentence.
	if len(strings.Fields(s)) > 10 || strings.Contains(s, ",") {
		return false
	}
	if signatureREs.MatchString(s) {
		return true
	}
	if !sentFromREs.MatchString(s) {
		return false
	}
	lower := " " + strings.ToLower(s) + " "
	for _, w := range sentFromWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
