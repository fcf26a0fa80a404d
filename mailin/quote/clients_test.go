package quote

import (
	"strings"
	"testing"
)

// clientFooters are footers that mail apps write, as they write them.
var clientFooters = []string{
	"Sent from my iPhone", "Sent from my iPad", "Sent from my Android", "Sent from my Galaxy",
	"Sent from my BlackBerry 10 smartphone.", "Sent from my Samsung Galaxy smartphone.", "Sent from my Huawei phone",
	"Sent from Mail for Windows", "Sent from Mail for Windows 10", "Sent from Outlook for iOS", "Sent from Outlook for Android",
	"Get Outlook for iOS", "Get Outlook for Android<https://aka.ms/ghei36>", "Sent from TypeApp", "Sent with Sparrow",
	"Sent with Sparrow (http://www.sparrowmailapp.com/?sig)", "Sent from Yahoo Mail for iPhone", "Sent from Yahoo Mail on Android",
	"Sent from ProtonMail mobile", "Sent with ProtonMail Secure Email.", "Sent from [Proton Mail](https://proton.me/mail/home) for iOS",
	"Sent via mobile", "Sent from Samsung Mobile", "Sent using Zoho Mail mobile", "Sent from Gmail Mobile", "Sent with Airmail",
	"From my iPhone", "(Sent from my iPhone)",
	"Envoyé de mon iPhone", "Envoyé depuis mon appareil Galaxy", "Envoyé de Yahoo Mail pour Android", "Obtenir Outlook pour iOS",
	"Von meinem iPhone gesendet", "Von meinem Samsung Galaxy Smartphone gesendet.", "Gesendet von Mail für Windows",
	"Gesendet mit der WEB.DE Mail App", "Holen Sie sich Outlook für Android",
	"Enviado desde mi iPhone", "Enviado desde mi smartphone Samsung Galaxy.", "Enviado desde Outlook para Android", "Obtener Outlook para iOS",
	"Enviado do meu iPhone", "Enviado do Yahoo Mail para Android", "Obter o Outlook para Android",
	"Inviato da iPhone", "Inviato dal mio dispositivo Galaxy", "Scarica Outlook per Android",
	"Verzonden vanaf mijn iPhone", "Verstuurd vanaf mijn iPad", "Verzonden met BlueMail",
	"Skickat från min iPhone", "Skickat från Outlook för Android", "Sendt fra min iPhone", "Sendt fra Outlook for Android",
	"Wysłane z mojego iPhone'a", "Wysłane z aplikacji Poczta dla Windows 10", "Odesláno z iPhonu", "Lähetetty iPhonesta",
	"iPhone'umdan gönderildi", "Отправлено с моего iPhone", "Отправлено из мобильной Почты Mail.ru",
	"iPhoneから送信", "Galaxy スマートフォンから送信", "发自我的iPhone", "从我的 iPhone 发送", "從我的 iPhone 傳送", "來自我的 iPhone",
	"나의 iPhone에서 보냄",
}

// TestClientFooters checks that each footer is a signature that Trim and
// SplitStatus drop.
func TestClientFooters(t *testing.T) {
	for _, f := range clientFooters {
		checkClientFooter(t, f)
	}
}

// TestClientSignatures checks each entry of clientSignatures with a
// device in its blanks.
func TestClientSignatures(t *testing.T) {
	for _, p := range clientSignatures {
		f := []rune(strings.NewReplacer("…", "iPhone", "{app}", "iPhone").Replace(p))
		checkClientFooter(t, strings.ToUpper(string(f[:1]))+string(f[1:]))
	}
}

func checkClientFooter(t *testing.T, footer string) {
	t.Helper()
	in := "Moved the cron jobs to the new host.\n\n" + footer + "\n"
	if got, want := Trim(in), "Moved the cron jobs to the new host."; got != want {
		t.Errorf("Trim(%q) = %q, want %q", in, got, want)
	}
	in = "Yesterday: the cron jobs\nToday: the backups\n\n" + footer + "\n"
	if got, _ := SplitStatus(in); got.Today != "the backups" {
		t.Errorf("SplitStatus(%q).Today = %q, want %q", in, got.Today, "the backups")
	}
}

// TestClientSignaturesInSentences keeps sentences that start like a
// client signature.
func TestClientSignaturesInSentences(t *testing.T) {
	for _, in := range []string{
		"Sent from the office printer, as usual.",
		"Sent with the release notes attached",
		"Sent by the billing team yesterday",
		"From my perspective this is done.",
		"Envoyé de nouveau au client",
		"Enviado con retraso al proveedor",
		"Inviato da Marco ieri sera",
		"Gesendet mit Verspätung",
		"Sent from a magnificent torch of pixels",
	} {
		body := "Status is green.\n\n" + in
		if got := Trim(body); got != body {
			t.Errorf("Trim(%q) = %q, want it whole", body, got)
		}
	}
}
