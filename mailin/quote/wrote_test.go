package quote

import (
	"strings"
	"testing"
)

// wroteHeaders are quote headers as mail clients write them, per language,
// in both orders ("On DATE, NAME wrote:" and "NAME wrote on DATE:") and
// with dates in several formats.
var wroteHeaders = []struct{ lang, header string }{
	{"en", "On Thu, Jul 3, 2025 at 4:05 PM Mira Okafor <mira@example.net> wrote:"},
	{"en", "On 2025-07-03 16:05, Mira Okafor wrote:"},
	{"en", "On 03/07/2025 16:05, Mira Okafor wrote:"},
	{"en", "On 3 Jul 2025, at 16:05, Mira Okafor <mira@example.net> wrote:"},
	{"en", "On Thursday, July 3, 2025, 4:05:12 PM GMT+2, Mira Okafor <mira@example.net> wrote:"},
	{"en", "Mira Okafor <mira@example.net> wrote on Thu, 3 Jul 2025 16:05:"},
	{"en", "Mira Okafor wrote on 2025-07-03 16:05:"},
	{"en", "---- On Thu, 03 Jul 2025 16:05:00 +0200 Mira Okafor <mira@example.net> wrote ----"},
	{"fr", "Le 2025-07-03 16:05, Mira Okafor a écrit :"},
	{"fr", "Le jeu. 3 juil. 2025 à 16:05, Mira Okafor <mira@example.net> a écrit :"},
	{"fr", "Mira Okafor <mira@example.net> a écrit le 03/07/2025 à 16:05 :"},
	{"de", "Am 03.07.2025 um 16:05 schrieb Mira Okafor <mira@example.net>:"},
	{"de", "Am Do., 3. Juli 2025 um 16:05 Uhr schrieb Mira Okafor <mira@example.net>:"},
	{"de", "Mira Okafor <mira@example.net> schrieb am Do., 3. Juli 2025, 16:05:"},
	{"de", "Am 03.07.2025 16:05, schrieb Mira Okafor:"},
	{"es", "El jue, 3 jul 2025 a las 16:05, Mira Okafor (<mira@example.net>) escribió:"},
	{"es", "El 03/07/2025 a las 16:05, Mira Okafor escribió:"},
	{"es", "Mira Okafor <mira@example.net> escribió el 3 jul 2025 a las 16:05:"},
	{"pt", "Em qui., 3 de jul. de 2025 às 16:05, Mira Okafor <mira@example.net> escreveu:"},
	{"pt", "Mira Okafor <mira@example.net> escreveu no dia quinta, 3/07/2025 à(s) 16:05:"},
	{"pt", "Mira Okafor <mira@example.net> escreveu em 03/07/2025 16:05:"},
	{"nl", "Op do 3 jul 2025 om 16:05 schreef Mira Okafor <mira@example.net>:"},
	{"nl", "Op 03-07-2025 16:05 heeft Mira Okafor <mira@example.net> het volgende geschreven:"},
	{"nl", "Mira Okafor <mira@example.net> schreef op 3 jul. 2025 16:05:"},
	{"it", "Il giorno gio 3 lug 2025 alle ore 16:05 Mira Okafor <mira@example.net> ha scritto:"},
	{"it", "Il 03/07/2025 16:05, Mira Okafor ha scritto:"},
	{"it", "Mira Okafor <mira@example.net> ha scritto il 03/07/2025 alle 16:05:"},
	{"sv", "Den tors 3 juli 2025 kl 16:05 skrev Mira Okafor <mira@example.net>:"},
	{"sv", "tors 3 juli 2025 kl. 16:05 skrev Mira Okafor <mira@example.net>:"},
	{"sv", "Mira Okafor <mira@example.net> skrev den 3 juli 2025 16:05:"},
	{"da", "Den 3. jul. 2025 kl. 16.05 skrev Mira Okafor <mira@example.net>:"},
	{"pl", "czw., 3 lip 2025 o 16:05 Mira Okafor <mira@example.net> napisał(a):"},
	{"pl", "W dniu 3.07.2025 o 16:05, Mira Okafor pisze:"},
	{"pl", "Dnia 3 lip 2025 o godz. 16:05 Mira Okafor <mira@example.net> napisała:"},
	{"cs", "čt 3. 7. 2025 v 16:05 odesílatel Mira Okafor <mira@example.net> napsal:"},
	{"fi", "to 3. heinäk. 2025 klo 16.05 Mira Okafor (mira@example.net) kirjoitti:"},
	{"ru", "3 июл. 2025 г., в 16:05, Mira Okafor <mira@example.net> написал(а):"},
	{"ja", "2025年7月3日(木) 16:05 Mira Okafor <mira@example.net>:"},
	{"ja", "2025/07/03 16:05、Mira Okafor <mira@example.net> のメッセージ:"},
	{"ja", "2025年7月3日 16:05 Mira Okafor <mira@example.net> のメッセージ："},
	{"ja", "2025/07/03 16:05 に Mira Okafor さんは書きました:"},
	{"zh", "Mira Okafor <mira@example.net> 于2025年7月3日周四 下午4:05写道："},
	{"zh", "在 2025年7月3日，下午4:05，Mira Okafor <mira@example.net> 写道："},
	{"zh", "Mira Okafor <mira@example.net> 於 2025年7月3日 週四 下午4:05 寫道："},
	{"ko", "2025년 7월 3일 (목) 오후 4:05, Mira Okafor <mira@example.net>님이 작성:"},
	{"tr", "Mira Okafor <mira@example.net>, 3 Tem 2025 Per, 16:05 tarihinde şunu yazdı:"},
	{"hu", "Mira Okafor <mira@example.net> ezt írta (időpont: 2025. júl. 3., Cs 16:05):"},
	{"el", "Στις Πέμ 3 Ιουλ 2025 στις 4:05 μ.μ., ο/η Mira Okafor <mira@example.net> έγραψε:"},
	{"vi", "Vào Th 5, 3 thg 7, 2025 vào lúc 16:05 Mira Okafor <mira@example.net> đã viết:"},
	{"he", "\u202bבתאריך יום ה׳, 3 ביולי 2025 ב-16:05 מאת \u202aMira Okafor\u202c\u200f <\u202amira@example.net\u202c\u200f>:\u202c"},
	{"horde", "Quoting Mira Okafor <mira@example.net>:"},
	{"sv", "Den 3 juli 2025 kl. 16:05 skrev Vi Tran <vi@example.net>:"},
	{"lotus", "-----Mira Okafor <mira@example.net> wrote: -----"},
	{"it", "Il giorno 3 lug 2025, alle ore 16:05, Mira Okafor <mira@example.net> ha scritto:"},
	{"es", "El 3 jul 2025, a las 16:05, Mira Okafor <mira@example.net> escribió:"},
	{"pt", "Em 3 de jul. de 2025, à(s) 16:05, Mira Okafor <mira@example.net> escreveu:"},
	{"pl", "Wiadomość napisana przez Mira Okafor <mira@example.net> w dniu 3.07.2025, o godz. 16:05:"},
	{"fi", "Mira Okafor <mira@example.net> kirjoitti 3.7.2025 kello 16.05:"},
	{"tr", "3 Tem 2025 tarihinde 16:05 saatinde, Mira Okafor <mira@example.net> şunları yazdı:"},
	{"he", "ב-3 ביולי 2025, בשעה 16:05, Mira Okafor <mira@example.net> כתב/ה:"},
	{"hu", "2025. júl. 3. dátummal, 16:05 időpontban Mira Okafor <mira@example.net> írta:"},
	{"ar", "في 3 يوليو 2025، الساعة 4:05 م، كتب Mira Okafor <mira@example.net>:"},
	{"uk", "чт, 3 лип. 2025 р. о 16:05 Mira Okafor <mira@example.net> пише:"},
	{"ca", "El dj., 3 de jul. 2025, 16:05, Mira Okafor (<mira@example.net>) va escriure:"},
	{"ko", "2025. 7. 3. 오후 4:05, Mira Okafor <mira@example.net> 작성:"},
	{"cs", "3. 7. 2025 v 16:05, Mira Okafor <mira@example.net>:"},
}

// TestWroteHeaders trims each header of wroteHeaders on one line, wrapped
// over two lines as Gmail and Apple Mail wrap long attributions, and with
// the original unquoted under it.
func TestWroteHeaders(t *testing.T) {
	const reply = "Thursday works for me."
	for _, h := range wroteHeaders {
		shapes := map[string]string{
			"one line": h.header,
			"wrapped":  wrapHeader(h.header),
		}
		if i := strings.Index(h.header, "<"); i > 0 {
			shapes["wrapped after <"] = h.header[:i+1] + "\n" + h.header[i+1:]
		}
		for shape, header := range shapes {
			for _, below := range []string{"> Can we meet?\n> Mira\n", "Can we meet?\nMira\n"} {
				in := reply + "\n\n" + header + "\n\n" + below
				if got := Trim(in); got != reply {
					t.Errorf("%s, %s: Trim(%q) = %q, want %q", h.lang, shape, in, got, reply)
				}
			}
		}
	}
}

// wrapHeader breaks a header at the space nearest its middle, as Gmail
// and Apple Mail do; Lotus Notes ("-----Mira <…> wrote: -----") does not.
func wrapHeader(h string) string {
	if strings.HasPrefix(h, "-----") {
		return h
	}
	mid, best := len(h)/2, -1
	for i, r := range h {
		if r == ' ' && (best < 0 || abs(i-mid) < abs(best-mid)) {
			best = i
		}
	}
	if best < 0 {
		return h
	}
	return h[:best] + "\n" + h[best+1:]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestWroteInSentences keeps text in which "wrote" and its translations
// are only words of a sentence.
func TestWroteInSentences(t *testing.T) {
	for _, in := range []string{
		"I wrote the migration guide on Monday and Tariq reviewed it.",
		"On Monday I wrote the importer; today I test it.",
		"On 4 July I rewrote what Tariq wrote\nand merged it.",
		"On Monday I wrote:\n- the importer\n- its tests",
		"Tariq <tariq@example.net> wrote the spec, I reviewed it.",
		"Am Montag schrieb ich die Doku, heute teste ich.",
		"Am 4.7. schrieb ich:\n- die Doku\n- die Tests",
		"Le client a écrit hier pour confirmer la date.",
		"El cliente escribió el 3 de julio:\nnecesitan la factura.",
		"Yesterday: answered what Tariq wrote on the ticket\nToday: the importer",
		"Op maandag schreef ik de tests.",
		"In the review Tariq wrote:\n\n> the cache is too small\n\nI doubled it.",
		"Am 3. Juli habe ich die Doku geschrieben:\n- Teil 1\n- Teil 2",
		"Yesterday (3 Jul 2025): Tariq wrote:\n- the plan",
		"I answered what Tariq <tariq@example.net> wrote:\n\n> is it done?\n\nYes, it is.",
		"Le 3 juillet, j'ai écrit :\n- la doc",
	} {
		if got, want := Trim(in), joinLines(strings.Split(in, "\n")); got != want {
			t.Errorf("Trim(%q) = %q, want %q", in, got, want)
		}
	}
}
