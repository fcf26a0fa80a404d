package quote

import (
	"regexp"
	"strings"
)

// clientSignatures are the one-line footers that mail apps put under what
// the author wrote, lower case: "…" stands for any words, "{app}" for words
// that name a device or a mail app (clientWords), so that "Sent from my
// iPhone" and "Sent from TypeApp" are signatures and "Sent from a
// magnificent torch of pixels" or "Enviado de vuelta al cliente" are not.
// Trim drops them, and so does SplitStatus at the end of a status.
var clientSignatures = []string{
	// English
	"sent from my …", "sent from {app}", "sent with {app}", "sent via {app}", "sent using {app}", "sent by {app}",
	"from my {app}", "… from mobile", "get outlook for …", "download outlook for …",
	// French
	"envoyé de mon …", "envoyé depuis mon …", "envoyé de {app}", "envoyé depuis {app}", "envoyé avec {app}",
	"envoyé à partir de {app}", "obtenir outlook pour …",
	// German
	"von meinem … gesendet", "gesendet von meinem …", "gesendet von {app}", "gesendet mit {app}",
	"gesendet vom {app}", "gesendet über {app}", "diese nachricht wurde von … gesendet", "holen sie sich outlook für …",
	// Spanish
	"enviado desde mi …", "enviado de mi …", "enviado desde {app}", "enviado con {app}", "obtener outlook para …",
	// Portuguese
	"enviado do meu …", "enviado de meu …", "enviado do {app}", "enviado a partir do meu …", "enviado a partir do {app}",
	"enviado pelo {app}", "enviado com {app}", "obter o outlook para …",
	// Italian
	"inviato da {app}", "inviato dal mio …", "scarica outlook per …",
	// Dutch
	"verzonden vanaf mijn …", "verzonden van mijn …", "verstuurd vanaf mijn …", "verzonden vanaf {app}",
	"verzonden met {app}", "verstuurd vanaf {app}", "verstuurd met {app}",
	// Swedish, Danish, Norwegian
	"skickat från min …", "skickat från {app}", "från min …", "sendt fra min …", "sendt fra {app}",
	// Polish, Czech, Finnish, Turkish, Russian
	"wysłane z mojego …", "wysłane z {app}", "odesláno z {app}", "lähetetty {app}", "{app} gönderildi",
	"отправлено с моего …", "отправлено с {app}", "отправлено из {app}",
	// Japanese, Chinese, Korean
	"…から送信", "发自我的…", "从我的…", "從我的…", "來自我的…", "{app}에서 보냄",
}

// clientWords are the lower-case words of which the {app} of a client
// signature must hold one: devices and mail apps.
var clientWords = []string{
	"iphon", "ipad", "ipod", "android", "outlook", "gmail", "yahoo", "aol", "icloud", "zoho", "mail.ru", "yandex",
	"samsung", "galaxy", "blackberry", "huawei", "xiaomi", "oneplus", "nokia", "lumia", "xperia", "motorola",
	"mobile", "phone", "handy", "móvil", "movil", "celular", "telefon", "телефон", "tablet", "windows", "ios",
	"typeapp", "airmail", "sparrow", "proton", "tutanota", "superhuman", "spark", "k-9", "fairemail", "bluemail",
	"blue mail", "newton", "hey.com", "fastmail", "thunderbird", "web.de", "gmx", "t-online", "mobilgerät",
	"smartphone", "device", "mailbird", "mailspring", "aquamail",
}

// clientSignature is one of clientSignatures, compiled.
type clientSignature struct {
	key string         // a literal part every match holds, lower case
	re  *regexp.Regexp // submatch 1 is the {app}, if any
	app bool
}

// clientREs are clientSignatures compiled, by the first word of the
// pattern ("sent"), or under "" when the pattern has no blank after its
// first word ("…から送信", "发自我的…"): a line is tried only against the
// patterns of its own first word and those.
var clientREs = func() map[string][]clientSignature {
	out := map[string][]clientSignature{}
	for _, p := range clientSignatures {
		first := clientFirstWord(p)
		if !strings.HasPrefix(p[len(first):], " ") {
			first = ""
		}
		out[first] = append(out[first], compileClient(p))
	}
	return out
}()

// clientKeys are the keys of the clientREs that have no first word.
var clientKeys = func() *phrases {
	var keys []string
	for _, c := range clientREs[""] {
		keys = append(keys, c.key)
	}
	return newPhrases(keys)
}()

// clientFirstWord is the first word of s, lower case, up to a blank or
// a placeholder.
func clientFirstWord(s string) string {
	return toLower(firstClientWord(s))
}

// firstClientWord is the first word of s up to a blank or a placeholder,
// as it is written.
func firstClientWord(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == '\t' || c == '{' {
			s = s[:i]
			break
		}
	}
	if i := strings.Index(s, "…"); i >= 0 {
		s = s[:i]
	}
	return s
}

// compileClient compiles a pattern of clientSignatures: anchored at the
// start of the line, blanks standing for any blanks, and anything but
// punctuation after a literal end ("Sent from my iPhone." matches).
func compileClient(p string) clientSignature {
	c := clientSignature{app: strings.Contains(p, "{app}")}
	var re strings.Builder
	re.WriteString(`(?i)^`)
	rest := p
	for rest != "" {
		i := strings.IndexAny(rest, "…{")
		lit := rest
		if i >= 0 {
			lit = rest[:i]
		}
		if len(strings.TrimSpace(lit)) > len(c.key) {
			c.key = strings.TrimSpace(lit)
		}
		re.WriteString(strings.ReplaceAll(regexp.QuoteMeta(lit), " ", `\s+`))
		if i < 0 {
			re.WriteString(`[^\pL\pN]*$`)
			break
		}
		if strings.HasPrefix(rest[i:], "{app}") {
			rest = rest[i+len("{app}"):]
		} else {
			rest = rest[i+len("…"):]
		}
		re.WriteString(`(.+?)`)
		if rest == "" {
			re.WriteString(`$`)
		}
	}
	c.re = regexp.MustCompile(re.String())
	return c
}

// markdownLinkRE finds markdown links, whose text alone is kept when a
// line is tested for a signature ("Sent from [Outlook](https://…)").
var markdownLinkRE = regexp.MustCompile(`\[([^\]]+)\]\([^)]+\)`)

// isSignature reports a one-line mobile or mail-app signature, one of
// clientSignatures.
func isSignature(s string) bool {
	if len(s) > 160 {
		return false
	}
	if strings.Contains(s, "](") {
		s = markdownLinkRE.ReplaceAllString(s, "$1")
	}
	// "Sent from my desk, is much easier than my phone." is a sentence.
	if strings.Contains(s, ",") || fieldCount(s, 10) > 10 {
		return false
	}
	s = strings.TrimLeft(s, "(<[*_ ")
	if first := firstClientWord(s); first != "" {
		for _, c := range lookupLower(clientREs, first) {
			if c.matches(s) {
				return true
			}
		}
	}
	// The patterns with no first word are tried on a line that holds
	// their key, and most lines hold none.
	if !clientKeys.inFold(s) {
		return false
	}
	lower := ""
	for _, c := range clientREs[""] {
		if lower == "" {
			lower = toLower(s)
		}
		if strings.Contains(lower, c.key) && c.matches(s) {
			return true
		}
	}
	return false
}

// matches reports whether s is the client signature c.
func (c clientSignature) matches(s string) bool {
	m := c.re.FindStringSubmatch(s)
	return m != nil && (!c.app || namesClient(m[1]))
}

// namesClient reports whether s holds one of clientWords.
func namesClient(s string) bool {
	lower := toLower(s)
	for _, w := range clientWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// cutClientSignatures drops client signatures and blank lines at the end
// of lines.
func cutClientSignatures(lines []string) []string {
	n := len(lines)
	for n > 0 && (strings.TrimSpace(lines[n-1]) == "" || isSignature(strings.TrimSpace(lines[n-1]))) {
		n--
	}
	return lines[:n]
}
