package message

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxVisits bounds the nodes one check looks at, so that the checks stay
// linear on huge or hostile documents.
const maxVisits = 5000

// walkAction tells walkHTML what to do after visiting a node.
type walkAction int

const (
	walkDescend walkAction = iota
	walkSkip
	walkStop
)

// walkHTML visits root and the nodes under it in document order without
// recursion (mail HTML can nest deeper than a stack should): enter before
// a node's children, leave after them.
func walkHTML(root *html.Node, enter func(*html.Node) walkAction, leave func(*html.Node)) {
	n := root
	for {
		act := enter(n)
		if act == walkStop {
			return
		}
		if act == walkDescend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for {
			if leave != nil {
				leave(n)
			}
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
		}
	}
}

// isHidden reports elements whose content is never text.
func isHidden(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Head, atom.Script, atom.Style, atom.Title, atom.Template, atom.Noscript, atom.Svg, atom.Object, atom.Iframe:
		return true
	}
	return n.Type == html.CommentNode || n.Type == html.DoctypeNode
}

// isBlock reports elements that stand on lines of their own.
func isBlock(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Br || blockElements[n.DataAtom])
}

// blockElements are the elements that stand on lines of their own, but
// <br>.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Hr: true, atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Table: true, atom.Tr: true, atom.Blockquote: true, atom.Pre: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Center: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.Header: true, atom.Main: true, atom.Nav: true,
	atom.Section: true, atom.Fieldset: true,
}

// invisibleChars drops characters that show as nothing but break matching.
var invisibleChars = strings.NewReplacer("\u200b", "", "\u200e", "", "\u200f", "", "\ufeff", "", "\u00ad", "", "\u00a0", " ")

// flatText collects the text of a few nodes for the quote checks, one
// line per block, up to a limit.
type flatText struct {
	b         strings.Builder
	limit     int
	visits    int
	unbounded bool // visit every node, however many
}

func (f *flatText) enter(n *html.Node) walkAction {
	f.visits++
	switch {
	case f.b.Len() >= f.limit || (f.visits > maxVisits && !f.unbounded):
		return walkStop
	case isHidden(n):
		return walkSkip
	case n.Type == html.TextNode:
		f.b.WriteString(" " + strings.Join(strings.Fields(invisibleChars.Replace(n.Data)), " ") + " ")
	case isBlock(n):
		f.b.WriteString("\n")
	}
	return walkDescend
}

func (f *flatText) leave(n *html.Node) {
	if isBlock(n) {
		f.b.WriteString("\n")
	}
}

// textOf returns up to limit bytes of the text under n.
func textOf(n *html.Node, limit int) string {
	f := flatText{limit: limit}
	walkHTML(n, f.enter, f.leave)
	return f.b.String()
}

// textAfter returns up to limit bytes of the text that follows n in
// document order, outside n.
func textAfter(n *html.Node, limit int) string {
	f := flatText{limit: limit}
	for cur := n; cur != nil; cur = cur.Parent {
		for s := cur.NextSibling; s != nil && f.b.Len() < limit && f.visits <= maxVisits; s = s.NextSibling {
			walkHTML(s, f.enter, f.leave)
		}
	}
	return f.b.String()
}

// textBefore returns the last limit bytes of the text before n in document
// order.
func textBefore(n *html.Node, limit int) string {
	f := flatText{limit: 1 << 62, unbounded: true}
	walkHTML(rootOf(n), func(c *html.Node) walkAction {
		if c == n {
			return walkStop
		}
		return f.enter(c)
	}, f.leave)
	s := f.b.String()
	if len(s) > limit {
		s = s[len(s)-limit:]
	}
	return s
}

// rootOf returns the top of n's tree.
func rootOf(n *html.Node) *html.Node {
	for n.Parent != nil {
		n = n.Parent
	}
	return n
}

// attr returns the value of an attribute, "" when absent.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasClass reports whether n's class list has c.
func hasClass(n *html.Node, c string) bool {
	for _, f := range strings.Fields(attr(n, "class")) {
		if f == c {
			return true
		}
	}
	return false
}

// elements returns the elements under doc that match, in document order.
func elements(doc *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walkHTML(doc, func(n *html.Node) walkAction {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		return walkDescend
	}, nil)
	return out
}
