package mailout

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/preread/preread"
)

// An email with a file is multipart/mixed: the text and HTML as
// alternatives, then the file as an attachment with its name and type,
// its bytes as given.
func TestRenderAttachment(t *testing.T) {
	md := "# Notebook\n\n- [open] **A1** send the draft <b>now</b>\n"
	r, err := Renderer{From: "preread <preread@corp.example>"}.Render(preread.Email{
		Kind: preread.KindNotebook, To: "alice@corp.example", Subject: "Your 1:1 notebook", Date: time.Now(),
		Text: "text part", HTML: "<p>html part</p>",
		Files: []preread.Attachment{{Name: "preread-notebook-carol-2026-12-04.md", ContentType: "text/markdown; charset=utf-8", Data: []byte(md)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(r.Raw, []byte("multipart/mixed")) {
		t.Errorf("no multipart/mixed:\n%s", r.Raw)
	}
	mr, err := gomail.CreateReader(bytes.NewReader(r.Raw))
	if err != nil {
		t.Fatal(err)
	}
	var text, html, file, name, ctype string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p.Body)
		switch h := p.Header.(type) {
		case *gomail.InlineHeader:
			ct, _, _ := h.ContentType()
			if ct == "text/plain" {
				text = string(body)
			} else {
				html = string(body)
			}
		case *gomail.AttachmentHeader:
			name, _ = h.Filename()
			ctype, _, _ = h.ContentType()
			file = string(body)
		}
	}
	if strings.TrimSpace(text) != "text part" || html != "<p>html part</p>" {
		t.Errorf("text %q, html %q", text, html)
	}
	if name != "preread-notebook-carol-2026-12-04.md" || ctype != "text/markdown" || file != md {
		t.Errorf("attachment %q (%s) = %q, want %q", name, ctype, file, md)
	}
}
