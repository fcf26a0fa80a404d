package message

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToText turns an HTML mail body into plain text. It first removes the
// quoted original a reply carries, as the common clients mark it (Gmail,
// Apple Mail, Outlook, Thunderbird, Yahoo; an unmarked blockquote only when
// nothing follows it) together with the "On … wrote:" line that leads it;
// a forwarded message is kept. The rest becomes text: blocks and <br> as
// line breaks, list items as "- item", links as their text, kept quotes as
// "> " lines, and no style or script content. HTML over maxParsedHTML
// bytes is read by stripTags instead.
func HTMLToText(s string) string {
	return htmlText(s, nil)
}

// maxParsedHTML is the most HTML that goes to the HTML parser. The parser
// is super-linear on some shapes (text between tags it ignores, such as
// "<tr><td>x" outside a table or stray "</span>", costs it the square of
// the size in time and garbage); up to this size it stays well under a
// second, and a bigger document is read by the linear stripTags.
const maxParsedHTML = 512 << 10

// parseShare is the part of a message's remaining time budget the HTML
// parser may take; past it, stripTags reads the document instead.
const parseShare = 2

// htmlText is HTMLToText within c's deadline: the parser, given a share of
// the time left, then stripTags on what it could not finish.
func htmlText(s string, c *clock) string {
	if len(s) > maxParsedHTML {
		return stripTags(s, c)
	}
	doc, err := html.Parse(clockReader{r: strings.NewReader(s), c: c.share(parseShare)})
	if err != nil { // the parser's clock ran out
		return stripTags(s, c)
	}
	removeQuotes(doc)
	var r textRenderer
	walkHTML(doc, r.enter, r.leave)
	return dropLeads(r.String())
}

// quoteMark stands where a quote was removed, until dropLeads has removed
// the attribution line before it. It is a private-use character.
const quoteMark = "\uE000"

// maxIndent bounds the quote and list depth the text shows, so that
// hostile nesting can't make the text grow with the square of its size.
const maxIndent = 8

// textRenderer writes the text of an HTML tree as walkHTML visits it.
type textRenderer struct {
	b         strings.Builder
	owed      int    // line breaks owed before the next word
	space     bool   // a space is owed before the next word
	marker    string // a list marker owed before the next word
	quote     int    // depth of kept blockquotes
	lastQuote int    // quote depth of the last word written
	pre       int    // depth of <pre>
	lists     []int  // open lists: 0 for <ul>, the next number for <ol>
	words     int    // words written
	pWords    int    // words written before the open <p class=MsoNormal>
}

func (r *textRenderer) enter(n *html.Node) walkAction {
	switch {
	case n.Type == html.TextNode:
		r.text(n.Data)
		return walkDescend
	case isHidden(n):
		return walkSkip
	case n.Type != html.ElementNode:
		return walkDescend
	}
	switch n.DataAtom {
	case atom.Br:
		r.owed++
	case atom.Img:
		return walkSkip
	case atom.Td, atom.Th:
		r.space = true
	case atom.Li:
		r.breakLine(1)
		r.marker = strings.Repeat("  ", min(max(len(r.lists)-1, 0), maxIndent)) + "- "
		if k := len(r.lists) - 1; k >= 0 && r.lists[k] > 0 {
			r.marker = r.marker[:len(r.marker)-2] + strconv.Itoa(r.lists[k]) + ". "
			r.lists[k]++
		}
	case atom.Ul, atom.Ol:
		r.breakLine(2 - min(len(r.lists), 1))
		next := 0
		if n.DataAtom == atom.Ol {
			next = 1
		}
		r.lists = append(r.lists, next)
	case atom.Blockquote:
		r.breakLine(2)
		r.quote++
	case atom.Pre:
		r.breakLine(2)
		r.pre++
	case atom.P:
		r.pWords = r.words
		r.breakLine(r.gap(n))
	default:
		r.breakLine(r.gap(n))
	}
	return walkDescend
}

func (r *textRenderer) leave(n *html.Node) {
	if n.Type != html.ElementNode {
		return
	}
	switch n.DataAtom {
	case atom.Ul, atom.Ol:
		r.lists = r.lists[:len(r.lists)-1]
		r.breakLine(2 - min(len(r.lists), 1))
	case atom.Blockquote:
		r.quote--
		r.breakLine(2)
	case atom.Pre:
		r.pre--
		r.breakLine(2)
	case atom.Li:
		r.marker = ""
		r.breakLine(1)
	case atom.Br, atom.Td, atom.Th:
	case atom.P:
		// Word writes a blank line as an empty <p class=MsoNormal>.
		if hasClass(n, "MsoNormal") && r.words == r.pWords {
			r.owed++
		}
		r.breakLine(r.gap(n))
	default:
		r.breakLine(r.gap(n))
	}
}

// gap returns the line breaks around an element: a blank line around a
// paragraph, heading or table, one break around other blocks. Word's
// <p class=MsoNormal> is one line, not a paragraph.
func (r *textRenderer) gap(n *html.Node) int {
	switch n.DataAtom {
	case atom.P:
		if hasClass(n, "MsoNormal") {
			return 1
		}
		return 2
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table:
		return 2
	}
	if isBlock(n) {
		return 1
	}
	return 0
}

// breakLine owes at least n line breaks.
func (r *textRenderer) breakLine(n int) {
	r.owed = max(r.owed, n)
}

// text writes a text node: whitespace collapsed, or kept inside <pre>.
func (r *textRenderer) text(s string) {
	s = invisibleChars.Replace(s)
	if r.pre > 0 {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				r.owed++
			}
			if strings.TrimSpace(line) != "" {
				r.word(strings.TrimRight(line, " \t\r"))
			}
		}
		return
	}
	if s != "" && strings.TrimLeft(s[:1], " \t\n\r\f") == "" {
		r.space = true
	}
	for i, w := range strings.Fields(s) {
		if i > 0 {
			r.space = true
		}
		r.word(w)
	}
	if s != "" && strings.TrimLeft(s[len(s)-1:], " \t\n\r\f") == "" {
		r.space = true
	}
}

// word writes w after the breaks, quote prefix, list marker or space it
// is owed.
func (r *textRenderer) word(w string) {
	lineStart := r.b.Len() == 0
	if r.owed > 0 && r.b.Len() > 0 {
		r.b.WriteString("\n")
		if r.owed > 1 { // a blank line is inside a quote only if both its neighbours are
			r.b.WriteString(strings.Repeat(">", min(r.quote, r.lastQuote, maxIndent)) + "\n")
		}
		lineStart = true
	}
	r.owed = 0
	switch {
	case lineStart:
		if r.quote > 0 {
			r.b.WriteString(strings.Repeat(">", min(r.quote, maxIndent)) + " ")
		}
		r.b.WriteString(r.marker)
		r.marker = ""
	case r.space:
		r.b.WriteString(" ")
	}
	r.space = false
	r.b.WriteString(w)
	r.words++
	r.lastQuote = r.quote
}

// String returns the text written so far.
func (r *textRenderer) String() string {
	return r.b.String()
}
