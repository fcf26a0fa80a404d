package message

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// stripTags turns HTML into text without building a tree: the tokenizer's
// text, with line breaks where blocks and <br> are, and nothing of
// scripts, styles and titles. It is linear in the input, so it reads what
// is too big or too slow for the parser; it does not find quotes (the
// plain-text trimmer still does). It checks c as it reads and returns what
// it has when c runs out.
func stripTags(s string, c *clock) string {
	z := html.NewTokenizer(clockReader{r: strings.NewReader(s), c: c})
	var b strings.Builder
	b.Grow(min(len(s)/2, MaxText))
	hidden := false // the text token that follows is a script's or a style's
	space := false  // a space is owed before the next word
	for b.Len() <= MaxText {
		tt := z.Next()
		switch tt {
		case html.ErrorToken: // the end, or the clock ran out
			return normalizeText(b.String())
		case html.TextToken:
			if hidden {
				hidden = false
				continue
			}
			text := invisibleChars.Replace(string(z.Text()))
			for i, w := range strings.Fields(text) {
				if (i > 0 || space || startsWithSpace(text)) && !atLineStart(&b) {
					b.WriteByte(' ')
				}
				b.WriteString(w)
				space = false
			}
			space = space || (text != "" && endsWithSpace(text))
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style || a == atom.Title || a == atom.Textarea:
				// The tokenizer gives their content as one raw text token.
				hidden = tt == html.StartTagToken
			case a == atom.Br:
				b.WriteByte('\n')
			case a == atom.Td || a == atom.Th:
				space = true
			case blockElements[a] && !atLineStart(&b):
				b.WriteByte('\n')
			}
		}
	}
	return normalizeText(b.String()) // cut to MaxText by the caller
}

func atLineStart(b *strings.Builder) bool {
	s := b.String()
	return s == "" || s[len(s)-1] == '\n'
}

func startsWithSpace(s string) bool { return s != "" && strings.TrimLeft(s[:1], " \t\n\r\f") == "" }

func endsWithSpace(s string) bool {
	return s != "" && strings.TrimLeft(s[len(s)-1:], " \t\n\r\f") == ""
}
