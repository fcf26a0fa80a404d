package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrim(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Normalising.
		{"empty", " \n\t\n", ""},
		{"crlf", "Email with\r\nwindows\r\nline endings\r\n", "Email with\nwindows\nline endings"},
		{"blank lines around", "\n\n\nJust this.\n\n\n", "Just this."},
		{"indent kept", "    code first\n\nthen text", "    code first\n\nthen text"},
		{"pgp armour", "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nSigned text.\n-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n-----END PGP SIGNATURE-----\n",
			"Signed text."},
		{"pgp dash-escaped signature", "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nAll good here.\n\n- -- \nAlice\n-----BEGIN PGP SIGNATURE-----\n\niQIz\n-----END PGP SIGNATURE-----\n",
			"All good here."},
		{"enclosed quote", "Agreed.\n\n>>>\nthe old text\nmore of it\n>>>\n", "Agreed."},
		{"fenced code kept", "Try this:\n\n```\n> not a quote\n-- \nSent from my iPhone\n```\n\nThanks",
			"Try this:\n\n```\n> not a quote\n--\nSent from my iPhone\n```\n\nThanks"},

		// Quotes and quote headers.
		{"english header", "Looks good.\n\nOn Tue, Mar 5, 2024 at 9:14 AM Bob <bob@example.com> wrote:\n> Can you review?\n",
			"Looks good."},
		{"gmail header wrapped over two lines", "Yes.\n\nOn Tue, Mar 5, 2024 at 9:14 AM Bob Builder <\nbob@example.com> wrote:\n\n> Ready?\n",
			"Yes."},
		{"header wrapped over three lines", "Fine here.\n\nOn Dec 16, 2011, at 12:47 PM, Corey Donohoe\n<reply@reply.github.com>\nwrote:\n\n> Was this caching related?\n",
			"Fine here."},
		{"german header", "Passt.\n\nAm 05.03.2024 um 09:14 schrieb Bob <bob@example.com>:\n> Alter Text\n", "Passt."},
		{"german gmail header wrapped", "Passt.\n\nAm Di., 5. März 2024 um 09:14 Uhr schrieb Bob Builder <\nbob@example.com>:\n\n> Alter Text\n", "Passt."},
		{"german inbox header", "Passt.\n\nBob <bob@example.com> schrieb am Di., 5. März 2024\num 09:14 Uhr:\n\n> Alter Text\n", "Passt."},
		{"french header", "D'accord.\n\nLe 5 mars 2024 à 09:14, Bob <bob@example.com> a écrit :\n> Ancien texte\n", "D'accord."},
		{"french header wrapped in verb", "D'accord.\n\nLe mar. 5 mars 2024 à 09:14, Bob <bob@example.com> a\nécrit :\n\n> Ancien texte\n", "D'accord."},
		{"spanish header", "Vale.\n\nEl mar, 5 mar 2024 a las 9:14, Bob (<bob@example.com>) escribió:\n> Texto\n", "Vale."},
		{"portuguese header", "Certo.\n\nEm ter., 5 de mar. de 2024 às 09:14, Bob <bob@example.com> escreveu:\n> Texto\n", "Certo."},
		{"dutch header", "Prima.\n\nOp di 5 mrt 2024 om 09:14 schreef Bob <bob@example.com>:\n> Tekst\n", "Prima."},
		{"italian header", "Va bene.\n\nIl giorno mar 5 mar 2024 alle ore 09:14 Bob <bob@example.com> ha scritto:\n> Testo\n", "Va bene."},
		{"swedish header", "Bra.\n\nDen tis 5 mars 2024 kl 09:14 skrev Bob <bob@example.com>:\n> Text\n", "Bra."},
		{"norwegian header", "Bra.\n\ntir. 5. mar. 2024 kl. 09:14 skrev Bob <bob@example.com>:\n> Tekst\n", "Bra."},
		{"polish header", "Dobrze.\n\nwt., 5 mar 2024 o 09:14 Bob <bob@example.com> napisał(a):\n> Tekst\n", "Dobrze."},
		{"russian header", "Хорошо.\n\nвт, 5 мар. 2024 г. в 09:14, Bob <bob@example.com>:\n> Текст\n", "Хорошо."},
		{"japanese header", "了解です。\n\n2024年3月5日(火) 9:14 Bob <bob@example.com>:\n> 本文\n", "了解です。"},
		{"chinese header", "好的。\n\nBob <bob@example.com> 于2024年3月5日周二 上午9:14写道：\n> 正文\n", "好的。"},
		{"apple mail quoted header", "Sure.\n\n> On 5 Mar 2024, at 09:14, Bob <bob@example.com> wrote:\n>\n> Lunch?\n", "Sure."},
		{"unquoted original", "This is my reply.\n\nOn Nov 26, 2013 you wrote:\n\nThis is my quote.\n", "This is my reply."},
		{"sentence starting with On", "On Monday we shipped the importer.\nOn 3 May we start the exporter.\n", "On Monday we shipped the importer.\nOn 3 May we start the exporter."},
		{"sentence starting with One", "One question:\n\nwhere is the config?\n", "One question:\n\nwhere is the config?"},
		{"reply below the quote", "On Tue, Mar 5, 2024 at 9:14 AM Bob <bob@example.com> wrote:\n> Lunch?\n\nYes, at noon.\n", "Yes, at noon."},
		{"only a quote", "> Email with only quote.\n", "> Email with only quote."},
		{"inline replies", "On Tue, Mar 5, 2024 at 9:14 AM Bob <bob@example.com> wrote:\n\n> First question?\n\nFirst answer.\n\n> Second question?\n\nSecond answer.\n\n> Thanks,\n> Bob\n",
			"> First question?\n\nFirst answer.\n\n> Second question?\n\nSecond answer."},
		{"quote wrapped without marks", "Noted.\n\nOn Tue, Mar 5, 2024 at 9:14 AM Bob <bob@example.com> wrote:\n> a long line that the client\nwrapped here\n> and more\n",
			"Noted."},

		// Header blocks.
		{"outlook block", "Agreed.\n\n________________________________\nFrom: Bob <bob@example.com>\nSent: Tuesday, March 5, 2024 9:14 AM\nTo: Alice <alice@example.com>\nSubject: Plan\n\nOld text\n",
			"Agreed."},
		{"outlook block without delimiter", "Agreed.\n\nFrom: Bob <bob@example.com>\nSent: Tuesday, March 5, 2024 9:14 AM\nTo: Alice\nSubject: Plan\n\nOld text\n", "Agreed."},
		{"german outlook block", "Passt.\n\nVon: Bob <bob@example.com>\nGesendet: Dienstag, 5. März 2024 09:14\nAn: Alice <alice@example.com>\nBetreff: Plan\n\nAlter Text\n",
			"Passt."},
		{"french outlook block", "D'accord.\n\nDe : Bob <bob@example.com>\nEnvoyé : mardi 5 mars 2024 09:14\nÀ : Alice\nObjet : Plan\n\nAncien texte\n", "D'accord."},
		{"spanish outlook block", "Vale.\n\nDe: Bob <bob@example.com>\nEnviado: martes, 5 de marzo de 2024 9:14\nPara: Alice\nAsunto: Plan\n\nTexto\n", "Vale."},
		{"bold outlook block", "Reply.\n\n*From:* Bob [mailto:bob@example.com]\n*Sent:* Tuesday, March 5, 2024 9:14 AM\n*To:* Alice\n*Subject:* Plan\n\nOld\n", "Reply."},
		{"from with mailto alone", "Yes.\n\nFrom: Bob [mailto:bob@example.com]\nOld text\n", "Yes."},
		{"original message", "Agreed.\n\n-----Original Message-----\nFrom: Bob\nSent: Tuesday, March 5, 2024 9:14 AM\nTo: Alice\nSubject: Plan\n\nOld text\n", "Agreed."},
		{"spanish gmail forward", "Mira esto.\n\n---------- Mensaje reenviado ---------\nDe: Bob <bob@example.com>\nDate: mar, 5 mar 2024 a las 9:14\nSubject: Plan\nTo: Alice\n\nTexto\n",
			"Mira esto."},
		{"japanese gmail forward", "確認お願いします。\n\n---------- 転送メッセージ ---------\nFrom: Bob <bob@example.com>\nDate: 2024年3月5日(火) 9:14\nSubject: 計画\nTo: Alice\n\n本文\n",
			"確認お願いします。"},
		{"german original message", "Passt.\n\n-----Ursprüngliche Nachricht-----\nVon: Bob\nDatum: 05.03.2024\n\nAlter Text\n", "Passt."},
		{"forward below a note", "FYI\n\n---------- Forwarded message ---------\nFrom: Bob <bob@example.com>\nDate: Tue, Mar 5, 2024 at 9:14 AM\nSubject: Plan\nTo: Alice\n\nThe plan.\n",
			"FYI"},
		{"header-like lines in a status are text", "Migration plan\nFrom: the old billing system\nTo: the new one\nSubject: invoices first\n",
			"Migration plan\nFrom: the old billing system\nTo: the new one\nSubject: invoices first"},
		{"lone header-like lines are text", "Date: Friday 3pm\nSubject: the new importer\n", "Date: Friday 3pm\nSubject: the new importer"},

		// Signatures and footers.
		{"dash dash space", "Ship it.\n\n-- \nAlice\nStaff Engineer\n", "Ship it."},
		{"dash dash without space", "Ship it.\n--\nrick\n", "Ship it."},
		{"dash dash inside a line", "And here is a fix -- this is not a signature.\n\nkthxbai\n", "And here is a fix -- this is not a signature.\n\nkthxbai"},
		{"dash dash bullets", "Points:\n-- first\n-- second\n", "Points:\n-- first\n-- second"},
		{"sent from my iphone", "Done with the migration.\n\nSent from my iPhone\n", "Done with the migration."},
		{"sent from and a quote", "Done.\n\nSent from my iPhone\n\n> On Mar 5, 2024, at 9:14 AM, Bob <bob@example.com> wrote:\n> Status?\n", "Done."},
		{"get outlook", "Done.\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n", "Done."},
		{"sent from mail for windows", "Done.\n\nSent from Mail for Windows 10\n", "Done."},
		{"envoye de mon iphone", "Fait.\n\nEnvoyé de mon iPhone\n", "Fait."},
		{"von meinem iphone gesendet", "Erledigt.\n\nVon meinem iPhone gesendet\n", "Erledigt."},
		{"sent from in a sentence", "The alert was sent from my laptop.\nSent with care, as always, by the team that wrote it and tested it twice over the weekend.\n",
			"The alert was sent from my laptop.\nSent with care, as always, by the team that wrote it and tested it twice over the weekend."},
		{"google groups footer", "Thanks!\n\nYou received this message because you are subscribed to the Google Groups \"team\" group.\nTo unsubscribe from this group and stop receiving emails from it, send an email to team+unsubscribe@googlegroups.com.\n",
			"Thanks!"},
		{"mailman footer", "Thanks!\n\n_______________________________________________\nteam mailing list\nteam@lists.example.com\nhttps://lists.example.com/listinfo/team\n", "Thanks!"},
		{"closing name and title", "Shipped.\n\nThanks,\nAlice\nStaff Engineer | Corp\n", "Shipped."},
		{"closing name and contacts", "Shipped.\n\nBest regards,\n\nAlice Smith\nStaff Engineer\nalice@example.com\n+1 555 123 4567\n", "Shipped."},
		{"closing and name kept", "Shipped.\n\nThanks,\nAlice\n", "Shipped.\n\nThanks,\nAlice"},
		{"only a closing and a signature", "Thanks,\nAlice\nStaff Engineer\n", "Thanks,\nAlice"},
		{"closing then a list", "Shipped.\n\nThanks,\nAlice\n\n- one\n- two\n", "Shipped.\n\nThanks,\nAlice\n\n- one\n- two"},
		{"contact block with separators", "Status: green.\n\nAlice Smith | Staff Engineer | Corp\nalice@corp.example | +1 555 010 2000\n", "Status: green."},
		{"contact block", "Shipped.\n\nAlice Smith\nalice@example.com\n+1 555 123 4567\n", "Shipped."},
		{"a link under text stays", "Deployed to staging.\nhttps://ci.example.com/builds/42\n", "Deployed to staging.\nhttps://ci.example.com/builds/42"},
		{"links under a heading stay", "Done.\n\nPRs\nhttps://git.example.com/pr/1\nhttps://git.example.com/pr/2\n",
			"Done.\n\nPRs\nhttps://git.example.com/pr/1\nhttps://git.example.com/pr/2"},
		{"an address in a sentence stays", "Done.\n\nEscalated to the vendor\nsupport@vendor.example.com\n",
			"Done.\n\nEscalated to the vendor\nsupport@vendor.example.com"},
		{"sent from without a device", "I get proper rendering as well.\n\nSent from a magnificent torch of pixels\n",
			"I get proper rendering as well.\n\nSent from a magnificent torch of pixels"},
		{"enviado in a sentence", "Listo.\nEnviado de vuelta al cliente.\nMañana reviso el resto.\n", "Listo.\nEnviado de vuelta al cliente.\nMañana reviso el resto."},
		{"sent via email in a sentence", "Done.\nSent via email to the client\nand filed the ticket.\n", "Done.\nSent via email to the client\nand filed the ticket."},
		{"sent via mobile", "Ok.\n\nSent via mobile\n", "Ok."},
		{"sent from my ti-85", "Ok.\n\nSent from my TI-85\n", "Ok."},
		{"sent from in a sentence with a comma", "Here is another email\n\nSent from my desk, is much easier than my mobile phone.\n",
			"Here is another email\n\nSent from my desk, is much easier than my mobile phone."},
		{"header without a date", "Sure.\n\nOn Tuesday, Bob Builder wrote:\n> Lunch?\n", "Sure."},
		{"rule then signature", "Update done.\n\n----\nAlice Smith\nalice@example.com\n", "Update done."},
		{"markdown rules stay", "Done\n---\n- importer\n\n---\n\nNext week we start the exporter, then we review the schema with the data team.\nAfter that we plan the migration and the rollout.\n",
			"Done\n---\n- importer\n\n---\n\nNext week we start the exporter, then we review the schema with the data team.\nAfter that we plan the migration and the rollout."},
		{"rule under a heading", "Key Points\n====\n\n1. faster\n", "Key Points\n====\n\n1. faster"},
		{"delimiters only", "Text.\n\n--\n***\n====\n", "Text."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Trim(tt.in); got != tt.want {
				t.Errorf("Trim(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTrimClassify checks the kind given to each line of a small reply.
func TestTrimClassify(t *testing.T) {
	in := "Hi\n\n-- \nSent from my iPhone\nOn Tue, Mar 5, 2024 at 9:14 AM Bob <bob@example.com> wrote:\n> q\nFrom: a\nSent: 5 March 2024\nTo: b\n-----Original Message-----\n```\n> code\n```"
	if got, want := string(scan(in).kinds), "tedsbqhhhfccc"; got != want {
		t.Errorf("scan(%q).kinds = %q, want %q", in, got, want)
	}
}

// FuzzTrim checks that Trim never panics and only returns lines of its
// input.
func FuzzTrim(f *testing.F) {
	for _, s := range []string{
		"Hi\n\nOn Tue, Mar 5, 2024 at 9:14 AM Bob <bob@example.com>\nwrote:\n> q\n",
		"a\r\n-- \r\nsig",
		"```\n> x\n```\n>>>\ny\n>>>\n",
		"From: a\nSent: 5 May 2024\nTo: b\nSubject: c\n\nd",
		"Thanks,\nAlice\nCEO\nalice@example.com",
		"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\nx\n-----BEGIN PGP SIGNATURE-----\ny\n-----END PGP SIGNATURE-----",
		"Ja.\n\nAm 03.07.2025 um 16:05 schrieb\nMira <mira@example.net>:\n> x\n",
		"Done\n\nBest,\nPriya | SRE\n+49 151 2345 6789\n\nSent from my iPhone\n\nPriya",
		"好的\n\n\u202bMira <mira@example.net> 于2025年7月3日周四 下午4:05写道：\u202c\n> 正文",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Trim(in)
		for _, l := range strings.Split(got, "\n") {
			if !strings.Contains(in, l) {
				t.Fatalf("Trim(%q) = %q: line %q is not in the input", in, got, l)
			}
		}
	})
}

// corpusFile reads a fixture of the shared corpus, or returns "".
func corpusFile(parts ...string) string {
	b, err := os.ReadFile(filepath.Join(append([]string{"..", "..", "..", "shared", "corpus"}, parts...)...))
	if err != nil {
		return ""
	}
	return string(b)
}

// BenchmarkTrimLongQuote trims github's ~750 KB quote (or a body like it
// when the corpus is not there).
func BenchmarkTrimLongQuote(b *testing.B) {
	body := corpusFile("email_reply_parser", "emails", "email_long_quote.txt")
	if body == "" {
		body = "Hi folks\n\nWhat is the best way?\n" + strings.Repeat(">", 750_000) + "\nasdf\n"
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Trim(body)
	}
}

// BenchmarkTrimManyLines trims a reply above a quote of 20,000 lines.
func BenchmarkTrimManyLines(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Looks good.\n\nOn Tue, Mar 5, 2024 at 9:14 AM Bob <bob@example.com> wrote:\n")
	for i := range 20_000 {
		sb.WriteString("> line 12:30 of the quote, Bob <bob@example.com> said:\n")
		if i%7 == 0 {
			sb.WriteString("-----\nOn 5 May\n")
		}
	}
	body := sb.String()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Trim(body)
	}
}

func TestWrittenDropsAQuoteSentBack(t *testing.T) {
	cases := []struct{ in, want string }{
		{"On Tue, Nov 24, 2026 at 9:00 AM preread <preread@corp.example> wrote:\n> What are you working on?\n", ""},
		{"> Yesterday:\n> Today:\n\nSent from my iPhone\n", ""},
		{"Today: the cache\n\n> What are you working on?\n", "Today: the cache"},
	}
	for _, tc := range cases {
		if got := Written(tc.in); got != tc.want {
			t.Errorf("Written(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOnlyQuoted(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"On Thu, Jul 3, 2025 at 4:05 PM preread <preread@corp.example> wrote:\n> What did you do yesterday?\n", true},
		{"\n\n> Yesterday:\n> Today:\n> Blockers:\n", true},
		{"> What did you do yesterday?\n\nSent from my iPhone\n", true},
		{"Am 03.07.2025 um 16:05 schrieb preread <preread@corp.example>:\n\n> Was hast du gestern gemacht?\n", true},
		{"\n-----Original Message-----\nFrom: preread <preread@corp.example>\nSent: Thursday, July 3, 2025 4:05 PM\nTo: Priya\nSubject: Status\n\n> What did you do yesterday?\n", true},
		{"On Thu, Jul 3, 2025 at 4:05 PM preread <preread@corp.example> wrote:\n\nDone.\n", false}, // a reply below
		{"Today: the backups\n\n> What did you do yesterday?\n", false},
		{"", false},
		{"Sent from my iPhone\n", false},
		{"Just text.\n", false},
	}
	for _, tt := range tests {
		if got := OnlyQuoted(tt.in); got != tt.want {
			t.Errorf("OnlyQuoted(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestTrimEmbeddedForwards keeps a reply's own text above a message it
// forwards, under the separators of several clients and languages, and
// SplitForward still finds the forward.
func TestTrimEmbeddedForwards(t *testing.T) {
	const own = "Yesterday: the billing export\nToday: the refund job"
	const original = "From: Kai Berg <kai@vendor.example>\nDate: Thu, 3 Jul 2025 16:05:00 +0200\nSubject: Refunds API\n" +
		"To: Priya <priya@corp.example>\n\nToday: the API is down for maintenance.\nBlockers: none\n"
	for _, sep := range []string{
		"---------- Forwarded message ---------", "-------- Forwarded Message --------", "----- Forwarded Message -----",
		"Begin forwarded message:", "________________________________", "-----Original Message-----",
		"---------- Weitergeleitete Nachricht ----------", "Anfang der weitergeleiteten Nachricht:",
		"-------- Message transféré --------", "Début du message réexpédié :", "---------- Mensaje reenviado ---------",
		"Inicio del mensaje reenviado:", "---------- Mensagem encaminhada ---------", "---------- Messaggio inoltrato ---------",
		"---------- Doorgestuurd bericht ---------", "Vidarebefordrat brev:", "Początek przekazywanej wiadomości:",
		"---------- 転送されたメッセージ ---------", "---------- 转发的邮件 ----------", "---------- Wiadomość przekazana dalej ---------",
		"---------- Προωθημένο μήνυμα ---------", "---------- Yönlendirilmiş ileti ----------", "-------- Mesaj redirecționat --------", "",
	} {
		in := own + "\n\n" + sep + "\n" + original
		if got := Trim(in); got != own {
			t.Errorf("Trim(%q) = %q, want %q", in, got, own)
		}
		if s, _ := SplitStatus(Written(in)); s.Today != "the refund job" || s.Blockers != "" {
			t.Errorf("SplitStatus(Written(%q)) = %+v, want the reply's own sections", in, s)
		}
		if sep == "" || sep[0] == '_' {
			continue // a reply quoting Outlook-style looks the same; the subject tells
		}
		if note, fwd, ok := SplitForward(in); !ok || note != own || fwd.From != "Kai Berg <kai@vendor.example>" {
			t.Errorf("SplitForward(%q) = %q, %+v, %v; want the note and Kai's message", in, note, fwd, ok)
		}
	}
}

// TestTrimHeaderBlocks cuts the header block that Outlook writes above the
// original, in the field names of more languages.
func TestTrimHeaderBlocks(t *testing.T) {
	const own = "The rollout is done."
	for _, block := range []string{
		"Od: Mira Okafor <mira@example.net>\nOdesláno: čtvrtek 3. července 2025 16:05\nKomu: Priya\nPředmět: Plán",
		"Από: Mira Okafor <mira@example.net>\nΣτάλθηκε: Πέμπτη, 3 Ιουλίου 2025 4:05 μμ\nΠρος: Priya\nΘέμα: Σχέδιο",
		"De la: Mira Okafor <mira@example.net>\nTrimis: joi, 3 iulie 2025 16:05\nCătre: Priya\nSubiect: Plan",
		"보낸 사람: Mira Okafor <mira@example.net>\n보낸 날짜: 2025년 7월 3일 목요일 오후 4:05\n받는 사람: Priya\n제목: 계획",
		"מאת: Mira Okafor <mira@example.net>\nנשלח: יום חמישי 03 יולי 2025 16:05\nאל: Priya\nנושא: תוכנית",
		"Từ: Mira Okafor <mira@example.net>\nĐã gửi: Thứ Năm, ngày 3 tháng 7 năm 2025 16:05\nĐến: Priya\nChủ đề: Kế hoạch",
		"Dari: Mira Okafor <mira@example.net>\nDikirim: Kamis, 03 Juli 2025 16.05\nKepada: Priya\nPerihal: Rencana",
		"Від: Mira Okafor <mira@example.net>\nНадіслано: 3 липня 2025 р. 16:05\nКому: Priya\nТема: План",
		"De: Mira Okafor <mira@example.net>\nEnviat el: dijous, 3 de juliol de 2025 16:05\nPer a: Priya\nAssumpte: Pla",
	} {
		in := own + "\n\n" + block + "\n\nThe original text.\n"
		if got := Trim(in); got != own {
			t.Errorf("Trim(%q) = %q, want %q", in, got, own)
		}
	}
}
