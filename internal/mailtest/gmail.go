package mailtest

import (
	"bytes"
	"fmt"
	"mime/quotedprintable"
	"strings"
)

// GmailReply is a reply as Gmail writes one, for load tests of another
// shape than Reply's: a header with Gmail's DKIM and routing fields,
// multipart/alternative with quoted-printable text (the answer, a
// signature, then the 8-line quote of the email it answers) and an HTML
// part with the same in Gmail's markup (gmail_signature, gmail_quote).
// inReplyTo is the Message-ID of the email answered ("" for a new one);
// agenda makes it a new agenda item instead of a status. Message-IDs are
// unique by i.
func GmailReply(i int, from, name, to, inReplyTo string, agenda bool) []byte {
	var text, html []string
	subject := "Re: [STATUS] What are you working on?"
	if agenda {
		subject = fmt.Sprintf("Career growth – stretch project %d", i)
		text = []string{"I’d like to talk about taking on the billing migration as a stretch project #growth.",
			"Could we also look at the on-call rota for December?"}
	} else {
		text = []string{
			fmt.Sprintf("Yesterday: reviewed PR #%d and fixed the flaky reconnect test – finally green", i),
			"Today: outbox retries with back-off, then the café offsite notes",
			"Blockers: none",
		}
	}
	sig := []string{"-- ", name, "Senior Engineer · Platform", "Corp Example GmbH · +49 30 1234567"}
	quoted := []string{"What are you working on?", "", "Reply above this line with three sections:", "",
		"Yesterday:", "Today:", "Blockers:", "", "Your team’s digest goes out at 17:00."}[:8]
	attr := fmt.Sprintf("On Tue, Nov 24, 2026 at 9:00 AM preread <%s> wrote:", to)

	var plain strings.Builder
	for _, l := range text {
		plain.WriteString(l + "\n")
	}
	plain.WriteString("\n")
	for _, l := range sig {
		plain.WriteString(l + "\n")
	}
	if inReplyTo != "" {
		plain.WriteString("\n" + attr + "\n\n")
		for _, l := range quoted {
			plain.WriteString(strings.TrimRight("> "+l, " ") + "\n")
		}
	}

	html = append(html, `<div dir="ltr">`)
	for _, l := range text {
		html = append(html, "<div>"+escapeHTML(l)+"</div>")
	}
	html = append(html, `<div><br></div><span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature"><div dir="ltr">`)
	for _, l := range sig[1:] {
		html = append(html, "<div>"+escapeHTML(l)+"</div>")
	}
	html = append(html, `</div></div></div><br>`)
	if inReplyTo != "" {
		html = append(html, `<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">`+escapeHTML(attr)+`<br></div>`,
			`<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">`)
		for _, l := range quoted {
			if l == "" {
				html = append(html, "<div><br></div>")
			} else {
				html = append(html, "<div>"+escapeHTML(l)+"</div>")
			}
		}
		html = append(html, `</blockquote></div>`)
	}

	boundary := fmt.Sprintf("000000000000%012x", 0x5e1f00000+i)
	var b bytes.Buffer
	fmt.Fprintf(&b, "Return-Path: <%s>\n", from)
	fmt.Fprintf(&b, "Delivered-To: preread@corp.example\n")
	fmt.Fprintf(&b, "Received: by 2002:a05:6a10:%x:b0:5e1:%x:%x with SMTP id q%dcsp%d;\n        Tue, 24 Nov 2026 00:%02d:%02d -0800 (PST)\n",
		i%0xffff, i%0xfff, i%0xff, i%97, 100000+i, i%60, i%59)
	fmt.Fprintf(&b, "X-Received: by 2002:a17:907:%x:b0:a9e:%x:%x with SMTP id a640c23a62f3a-a9e%06xmr%dbb.%d.%d;\n        Tue, 24 Nov 2026 00:%02d:%02d -0800 (PST)\n",
		i%0xfff, i%0xff, i%0xf, i, 1000+i, i%17, 1764000000+i, i%60, i%59)
	fmt.Fprintf(&b, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n        d=corp.example; s=google; t=%d; x=%d; darn=corp.example;\n"+
		"        h=to:subject:message-id:date:from:in-reply-to:references:mime-version\n         :from:to:cc:subject:date:message-id:reply-to;\n"+
		"        bh=%s;\n        b=%s\n         %s\n         %s\n         %s\n",
		1764000000+i, 1764600000+i, fakeB64(i, 44), fakeB64(i+1, 70), fakeB64(i+2, 70), fakeB64(i+3, 70), fakeB64(i+4, 60))
	fmt.Fprintf(&b, "X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n        d=1e100.net; s=20230601; t=%d; x=%d;\n"+
		"        h=to:subject:message-id:date:from:in-reply-to:references:mime-version;\n        bh=%s;\n        b=%s\n         %s\n",
		1764000000+i, 1764600000+i, fakeB64(i+5, 44), fakeB64(i+6, 70), fakeB64(i+7, 70))
	fmt.Fprintf(&b, "X-Gm-Message-State: AOJu0Y%s\n\t%s\n", fakeB64(i+8, 60), fakeB64(i+9, 60))
	fmt.Fprintf(&b, "X-Google-Smtp-Source: AGHT+I%s\n", fakeB64(i+10, 60))
	b.WriteString("MIME-Version: 1.0\n")
	if inReplyTo != "" {
		fmt.Fprintf(&b, "References: %s\nIn-Reply-To: %s\n", inReplyTo, inReplyTo)
	}
	fmt.Fprintf(&b, "From: %s <%s>\nDate: Tue, 24 Nov 2026 09:%02d:%02d +0100\n", name, from, i%60, i%59)
	fmt.Fprintf(&b, "Message-ID: <CAF%s+%d@mail.gmail.com>\n", fakeB64(i+11, 20), i)
	fmt.Fprintf(&b, "Subject: %s\nTo: preread <%s>\n", encodeSubject(subject), to)
	fmt.Fprintf(&b, "Content-Type: multipart/alternative; boundary=\"%s\"\n\n", boundary)
	fmt.Fprintf(&b, "--%s\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n", boundary)
	writeQP(&b, plain.String())
	fmt.Fprintf(&b, "\n--%s\nContent-Type: text/html; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n", boundary)
	writeQP(&b, strings.Join(html, ""))
	fmt.Fprintf(&b, "\n--%s--\n", boundary)
	return bytes.ReplaceAll(b.Bytes(), []byte("\n"), []byte("\r\n"))
}

func writeQP(b *bytes.Buffer, s string) {
	w := quotedprintable.NewWriter(b)
	w.Write([]byte(s))
	w.Close()
}

// encodeSubject writes a subject with non-ASCII letters as an RFC 2047
// word, as Gmail does.
func encodeSubject(s string) string {
	for _, r := range s {
		if r > 127 {
			var b bytes.Buffer
			writeQP(&b, s)
			q := strings.NewReplacer(" ", "_", "?", "=3F", "=\r\n", "", "=\n", "").Replace(b.String())
			return "=?UTF-8?Q?" + q + "?="
		}
	}
	return s
}

func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

// fakeB64 is n characters that look like base64, different for each seed.
func fakeB64(seed, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	out := make([]byte, n)
	x := uint32(seed)*2654435761 + 12345
	for i := range out {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		out[i] = alphabet[x%64]
	}
	return string(out)
}
