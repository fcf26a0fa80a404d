package quote

import (
	"regexp"
	"strings"

	"github.com/preread/preread/internal/ascii"
)

// headerFieldRE splits an Outlook-style header line ("*From:* x",
// "Envoyé le : y") into its field name and value.
var headerFieldRE = regexp.MustCompile(`^[\s*]*([^:：*]{1,30}?)[\s*]*[:：][\s*]*(.*?)\s*$`)

// Field roles in a quoted or forwarded header block.
const (
	fieldFrom    = 'f'
	fieldTo      = 't'
	fieldDate    = 'd'
	fieldSubject = 's'
)

// headerFields maps lower-cased field names of the header blocks that
// Outlook, Gmail and Apple Mail write above a quoted or forwarded message,
// in the languages we have seen, to their role.
var headerFields = func() map[string]byte {
	fields := map[string]byte{}
	add := func(role byte, names string) {
		for _, n := range strings.Split(names, "|") {
			fields[n] = role
		}
	}
	add(fieldFrom, "from|von|de|van|da|fra|från|od|от|发件人|寄件者|寄件人|差出人|expéditeur|lähettäjä|kimden|feladó|"+
		"de la|από|보낸 사람|מאת|من|từ|dari|від|šalje|nuo|saatja|no")
	add(fieldTo, "to|an|à|a|pour|para|aan|til|till|do|кому|收件人|收件者|宛先|destinataire|vastaanottaja|kime|címzett|"+
		"cc|bcc|cco|kopie|copie à|cc à|kopi|kopia|dw|копия|抄送|副本|kopio|másolat|"+
		"reply-to|répondre à|responder a|beantwoorden - aan|antwort an|risposta|svar til|"+
		"komu|către|προς|받는 사람|אל|إلى|đến|kepada|per a|prima|za|kam|adressaat|kopija|κοιν")
	add(fieldDate, "date|sent|le|datum|gesendet|envoyé|envoyé le|enviado|enviado el|enviada em|enviado em|enviada|data|"+
		"inviato|verzonden|dato|sendt|skickat|wysłano|отправлено|дата|发送时间|日期|傳送時間|寄件日期|送信日時|"+
		"lähetetty|päivämäärä|tarih|gönderildi|fecha|message du|dátum|elküldve|"+
		"odesláno|odoslané|trimis|στάλθηκε|ημερομηνία|보낸 날짜|날짜|נשלח|תאריך|تاريخ الإرسال|التاريخ|đã gửi|ngày|"+
		"dikirim|tanggal|надіслано|enviat|enviat el|poslano|išsiųsta|saadetud|nosūtīts")
	add(fieldSubject, "subject|betreff|objet|sujet|asunto|assunto|oggetto|onderwerp|emne|ämne|temat|тема|主题|主旨|件名|aihe|konu|tárgy|"+
		"předmět|predmet|subiect|θέμα|제목|נושא|الموضوع|chủ đề|subjek|perihal|assumpte|zadeva|tēma|teema")
	return fields
}()

// headerField reports whether s is a field of a header block and the
// field's role. A date field must hold a digit; From and Date need a value.
func headerField(s string) (role byte, ok bool) {
	i := strings.IndexByte(s, ':')
	if j := strings.Index(s, "："); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if i < 0 || len(s) > 300 {
		return 0, false
	}
	// The name is what precedes the first colon; most lines with a colon
	// ("Today: …") name no header field, and a map lookup is cheap.
	if !isFieldName(s[:i]) {
		return 0, false
	}
	m := headerFieldRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	role, ok = headerFields[fieldName(m[1])]
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

// isFieldName reports whether fieldName(s) is one of headerFields, without
// building it when s is ASCII with single blanks between its words.
func isFieldName(s string) bool {
	t := strings.Trim(s, " \t*")
	if !ascii.Is(t) || strings.Contains(t, "  ") || strings.ContainsAny(t, "\t\n\v\f\r") {
		_, known := headerFields[fieldName(s)]
		return known
	}
	return lookupLower(headerFields, t) != 0 // every role is a letter
}

// fieldName is a field name as headerFields has it: lower case,
// single spaces, without the stars of bold text around it.
func fieldName(s string) string {
	return toLower(strings.Join(strings.Fields(strings.Trim(s, " \t*")), " "))
}
