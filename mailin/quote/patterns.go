package quote

import "strings"

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
	"begin doorgestuurd bericht", "vidarebefordrat brev", "videresendt (?:besked|melding)", "välitetty viesti alkaa",
	"początek przekazywanej wiadomości", "начало переадресованного сообщения", "转发的邮件", "転送されたメッセージ",
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
	"원본 메시지", "전달된 메시지", "전달된 메일",
	"wiadomość przekazana dalej", "pôvodná správa", "preposlaná správa", "yönlendirilmiş ileti",
	"αρχικό μήνυμα", "προωθημένο μήνυμα", "mesaj original", "mesajul original", "mesaj redirecționat",
	"missatge original", "missatge reenviat", "originalna poruka", "proslijeđena poruka", "izvirno sporočilo",
	"posredovano sporočilo", "pesan asli", "pesan terusan", "tin nhắn gốc", "thư đã chuyển tiếp",
	"הודעה מקורית", "הודעה שהועברה", "الرسالة الأصلية", "الرسالة المعاد توجيهها",
}

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

// isForward reports whether core introduces a forwarded or original
// message.
func isForward(core, lower string) bool {
	if len(core) > 120 {
		return false
	}
	return forwardREs.matchLower(core, lower)
}

// isQuoted reports a quoted line: "> x", or usenet's "AB> x".
func isQuoted(l string) bool {
	for l != "" && (l[0] == ' ' || l[0] == '\t') {
		l = l[1:]
	}
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
	if s != "" && !delimiterStarts[s[0]] {
		return false // most lines
	}
	return strings.Trim(s, delimiters) == ""
}

// delimiters are the characters of a delimiter line.
const delimiters = "-_,=+~#*ᐧ—–"

// delimiterStarts are the first bytes of delimiters.
var delimiterStarts = func() *byteSet {
	var firsts []byte
	for _, r := range delimiters {
		firsts = append(firsts, string(r)[0])
	}
	return newByteSet(string(firsts))
}()
