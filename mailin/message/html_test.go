package message

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

const talonCorpusDir = parseCorpusDir + "/talon"

// squashSpace removes all whitespace, as talon's tests compare.
func squashSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}

func TestHTMLToTextTalonReplies(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(talonCorpusDir, "html_replies", "*.html"))
	if err != nil || len(files) == 0 {
		t.Skipf("no talon corpus: %v", err)
	}
	const want = "Hi.Iamfine.Thanks,Alex"
	pass := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got := HTMLToText(string(raw))
		if squashSpace(got) != want {
			t.Errorf("HTMLToText(%s) = %q, want %q (whitespace removed)", filepath.Base(f), got, want)
			continue
		}
		pass++
	}
	t.Logf("talon html_replies: %d/%d", pass, len(files))
}

func TestHTMLToTextTalonSeparators(t *testing.T) {
	tests := []struct{ file, want string }{
		{"OLK_SRC_BODY_SECTION.html", "Reply"},
		{"reply-separated-by-hr.html", "Hi there"},
	}
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join(talonCorpusDir, tt.file))
		if err != nil {
			t.Skipf("no talon corpus: %v", err)
		}
		got := HTMLToText(string(raw))
		if strings.Join(strings.Fields(got), " ") != tt.want {
			t.Errorf("HTMLToText(%s) = %q, want %q (whitespace normalised)", tt.file, got, tt.want)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{
			"paragraphs and breaks",
			"<p>One<br>two</p><p>three &amp; four&nbsp;five</p><div>six</div><div><br></div><div>seven</div>",
			"One\ntwo\n\nthree & four five\n\nsix\n\nseven",
		},
		{
			"lists",
			"<p>Topics:</p><ul><li>growth</li><li>help<ul><li>nested</li></ul></li></ul><ol><li>first</li><li>second</li></ol>",
			"Topics:\n\n- growth\n- help\n  - nested\n\n1. first\n2. second",
		},
		{
			"links, images, style and script",
			`<style>p{color:red}</style><script>var x = "<p>no</p>";</script><p>See <a href="https://x.example/doc">the doc</a> <img src="cid:x" alt="logo"></p><!-- comment -->`,
			"See the doc",
		},
		{
			"whitespace collapses, pre keeps it",
			"<div>a\n   b\tc</div><pre>x  y\n  z</pre>",
			"a b c\n\nx  y\n  z",
		},
		{
			"table cells and headings",
			"<h2>Week</h2><table><tr><td>Mon</td><td>ship</td></tr><tr><td>Tue</td><td>test</td></tr></table>",
			"Week\n\nMon ship\nTue test",
		},
		{
			"Word's empty paragraph is a blank line",
			`<p class=MsoNormal>Hi<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Bye</p>`,
			"Hi\n\nBye",
		},
		{
			"a quote with text after it is kept as > lines",
			"<div>See:</div><blockquote>their point<br>line two</blockquote><div>My answer.</div>",
			"See:\n\n> their point\n> line two\n\nMy answer.",
		},
		{
			"Gmail reply",
			`<div dir="ltr">Done today.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Nov 23, 2026 at 9:00 AM Bob &lt;<a href="mailto:bob@x.example">bob@x.example</a>&gt; wrote:<br></div><blockquote class="gmail_quote">Status?</blockquote></div>`,
			"Done today.",
		},
		{
			"old Gmail reply with the attribution as text",
			`<div>Done.</div><div class="gmail_extra"><br><div class="gmail_quote">On Mon, Nov 23, 2026 at 9:00 AM, Bob <span>&lt;bob@x.example&gt;</span> wrote:<br><blockquote class="gmail_quote">Status?</blockquote></div></div>`,
			"Done.",
		},
		{
			"Gmail forward is kept",
			`<div dir="ltr">FYI</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <b>Ann</b> &lt;ann@x.example&gt;<br>Date: Mon, Nov 23, 2026 at 9:00 AM<br>Subject: Plan<br></div><br><div dir="ltr">The plan.</div></div>`,
			"FYI\n\n---------- Forwarded message ---------\nFrom: Ann <ann@x.example>\nDate: Mon, Nov 23, 2026 at 9:00 AM\nSubject: Plan\n\nThe plan.",
		},
		{
			"Apple Mail reply",
			`<html><body><div>Sounds good.</div><div><br><blockquote type="cite"><div>On Nov 23, 2026, at 09:00, Bob &lt;bob@x.example&gt; wrote:</div><div>Status?</div></blockquote></div></body></html>`,
			"Sounds good.",
		},
		{
			"Apple Mail reply with the attribution outside the quote",
			`<div>Sounds good.</div><div><br><div>On Nov 23, 2026, at 09:00, Bob &lt;bob@x.example&gt; wrote:</div><br><blockquote type="cite"><div>Status?</div></blockquote></div>`,
			"Sounds good.",
		},
		{
			"Gmail forward keeps the quote it carries",
			`<div>FYI</div><div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message ---------<br>From: Ann<br>Subject: Re: Plan<br></div><div>Agreed.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, Bob wrote:</div><blockquote class="gmail_quote">The plan.</blockquote></div></div>`,
			"FYI\n---------- Forwarded message ---------\nFrom: Ann\nSubject: Re: Plan\nAgreed.\nOn Mon, Bob wrote:\n\n> The plan.",
		},
		{
			"Apple Mail forward is kept, not quoted",
			`<div>Look at this.</div><div><br><blockquote type="cite"><div>Begin forwarded message:</div><br><div><b>From: </b>Ann &lt;ann@x.example&gt;</div><div><b>Subject: </b>Plan</div><br><div>The plan.</div></blockquote></div>`,
			"Look at this.\n\nBegin forwarded message:\n\nFrom: Ann <ann@x.example>\nSubject: Plan\n\nThe plan.",
		},
		{
			"Outlook on the web reply",
			`<div>Agreed.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>From:</b> Bob<br><b>Sent:</b> Monday<br><b>Subject:</b> Re: plan</div><div>Old text.</div>`,
			"Agreed.",
		},
		{
			"Outlook on the web forward is kept",
			`<div>Please read.</div><hr><div id="divRplyFwdMsg"><b>From:</b> Bob<br><b>Sent:</b> Monday<br><b>Subject:</b> FW: plan</div><div>The plan.</div>`,
			"Please read.\nFrom: Bob\nSent: Monday\nSubject: FW: plan\nThe plan.",
		},
		{
			"Outlook 2003 OutlookMessageHeader",
			`<div><font face="Arial">Fine.</font></div><br><div class="OutlookMessageHeader" lang="ru"><hr tabindex="-1"><font face="Tahoma"><b>From:</b> Ann [mailto:ann@x.example]<br><b>Sent:</b> Thursday, July 03, 2014 3:50 PM<br><b>To:</b> bob@x.example<br><b>Subject:</b> Test</font><br></div><div>Hello! How are you?</div>`,
			"Fine.",
		},
		{
			"Czech Outlook header block after an hr",
			`<div>Hotovo.</div><hr><div><b>Od:</b> Mira &lt;mira@x.example&gt;<br><b>Odesláno:</b> čtvrtek 3. července 2025 16:05<br><b>Komu:</b> Priya<br><b>Předmět:</b> Plán</div><div>Původní text.</div>`,
			"Hotovo.",
		},
		{
			"Greek Outlook header block after an hr",
			`<div>Έγινε.</div><hr><div><b>Από:</b> Mira &lt;mira@x.example&gt;<br><b>Στάλθηκε:</b> Πέμπτη, 3 Ιουλίου 2025 4:05 μμ<br><b>Θέμα:</b> Σχέδιο</div><div>Κείμενο.</div>`,
			"Έγινε.",
		},
		{
			"Hotmail reply after an hr",
			`<div dir='ltr'>Fine.<div>Alex<br><br><div><hr id="stopSpelling">Date: Thu, 26 Jun 2014 13:53:24 +0400<br>From: ann@x.example<br>To: alex@x.example<br>Subject: Test<br><br><div>Hello!</div></div></div></div>`,
			"Fine.\nAlex",
		},
		{
			"Outlook with an Original Message line",
			`<div>Yes.</div><div>-----Original Message-----<br>From: Ann<br>Sent: Monday<br>To: Bob<br>Subject: Q</div><div>Question?</div>`,
			"Yes.",
		},
		{
			"Yahoo reply",
			`<div>Sure.</div><div class="yahoo_quoted"><div>On Monday, Bob wrote:</div><div>Status?</div></div>`,
			"Sure.",
		},
		{
			"Thunderbird forward is kept",
			`<p>Have a look.</p><div class="moz-forward-container">-------- Forwarded Message --------<table class="moz-email-headers-table"><tr><th>Subject:</th><td>Plan</td></tr><tr><th>From:</th><td>Ann</td></tr></table><p>The plan.</p></div>`,
			"Have a look.\n\n-------- Forwarded Message --------\n\nSubject: Plan\nFrom: Ann\n\nThe plan.",
		},
		{
			"a quote that is all there is stays",
			`<blockquote type="cite">Only a quote.</blockquote>`,
			"> Only a quote.",
		},
	}
	for _, tt := range tests {
		if got := HTMLToText(tt.html); got != tt.want {
			t.Errorf("HTMLToText(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// FuzzHTMLToText checks that HTMLToText never panics and returns valid
// UTF-8 without the private quote mark.
func FuzzHTMLToText(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(talonCorpusDir, "*", "*.html"))
	more, _ := filepath.Glob(filepath.Join(talonCorpusDir, "*.html"))
	for _, s := range append(seeds, more...) {
		raw, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(raw))
	}
	f.Add(`<div>a</div><blockquote type="cite">q</blockquote><hr><b>From:</b> x<br><b>Sent:</b> y`)
	f.Fuzz(func(t *testing.T, s string) {
		got := HTMLToText(s)
		if !utf8.ValidString(got) || strings.Contains(got, quoteMark) {
			t.Fatalf("HTMLToText(%q) = %q: invalid UTF-8 or a quote mark left", s, got)
		}
	})
}
