package digest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Tags an email's HTML must not have: they run code, load something or
// restyle the page, and some clients strip them anyway.
var forbiddenTags = map[string]bool{
	"script": true, "style": true, "link": true, "img": true, "iframe": true,
	"object": true, "embed": true, "base": true, "form": true, "video": true,
	"audio": true, "source": true, "svg": true, "frame": true, "frameset": true,
	"input": true, "button": true, "a": true,
}

// Attributes that load or link to something.
var forbiddenAttrs = map[string]bool{
	"src": true, "href": true, "srcset": true, "action": true, "formaction": true,
	"background": true, "poster": true, "data": true, "cite": true, "longdesc": true,
	"manifest": true, "ping": true, "xlink:href": true,
}

// selfContainedProblems lists what in page could reach outside or run
// code: forbidden tags and attributes, event handlers, url(…) or @import in
// inline styles, and http(s):// or protocol-relative references in any
// attribute. Text is not looked at: escaped user text may say anything.
func selfContainedProblems(page string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if forbiddenTags[tok.Data] {
			out = append(out, "tag <"+tok.Data+">")
		}
		if tok.Data == "meta" {
			for _, a := range tok.Attr {
				if strings.EqualFold(a.Key, "http-equiv") {
					out = append(out, "meta http-equiv="+a.Val)
				}
			}
		}
		for _, a := range tok.Attr {
			key, val := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case forbiddenAttrs[key]:
				out = append(out, "<"+tok.Data+" "+key+"="+a.Val+">")
			case strings.HasPrefix(key, "on"):
				out = append(out, "event handler <"+tok.Data+" "+key+">")
			case strings.HasPrefix(val, "http://"), strings.HasPrefix(val, "https://"), strings.HasPrefix(val, "//"):
				out = append(out, "<"+tok.Data+" "+key+"="+a.Val+">")
			case key == "style" && (strings.Contains(val, "url(") || strings.Contains(val, "@import") || strings.Contains(val, "expression(")):
				out = append(out, "<"+tok.Data+" style="+a.Val+">")
			}
		}
	}
}

// pageText is the text a page shows, tags removed and entities decoded,
// with white space collapsed.
func pageText(page string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); string(name) == "br" {
				b.WriteByte(' ')
			}
		}
	}
}

func TestHTMLSelfContained(t *testing.T) {
	for _, c := range goldenCases() {
		page := c.render().HTML
		if p := selfContainedProblems(page); len(p) > 0 {
			t.Errorf("%s: the HTML reaches outside or runs code: %q", c.name, p)
		}
		if strings.Contains(strings.ToLower(page), "<script") {
			t.Errorf("%s: the HTML contains a raw <script", c.name)
		}
		for _, want := range []string{`<meta charset="utf-8">`, "<title>", `role="presentation"`, `width="600"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the HTML lacks %s", c.name, want)
			}
		}
		text := pageText(page)
		for _, want := range c.shows {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the page does not show %q", c.name, want)
			}
		}
	}
}

// The check itself must catch what it is for.
func TestSelfContainedProblems(t *testing.T) {
	bad := []string{
		`<img src="http://canary.invalid/x.png">`,
		`<div style="background:url(https://canary.invalid/y.png)">x</div>`,
		`<a href="//canary.invalid/">x</a>`,
		`<div onclick="alert(1)">x</div>`,
		`<link rel="stylesheet" href="https://canary.invalid/s.css">`,
		`<table background="https://canary.invalid/b.png"></table>`,
		`<meta http-equiv="refresh" content="0;url=https://canary.invalid/">`,
	}
	for _, page := range bad {
		if p := selfContainedProblems(page); len(p) == 0 {
			t.Errorf("selfContainedProblems(%q) found nothing", page)
		}
	}
	good := `<div dir="auto">&lt;img src="http://canary.invalid/x.png"&gt; url(https://x) //x</div>`
	if p := selfContainedProblems(good); len(p) > 0 {
		t.Errorf("selfContainedProblems(%q) = %q, want nothing: it is text", good, p)
	}
}
