package message

import (
	"regexp"
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
// "> " lines, and no style or script content.
func HTMLToText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil { // only a failing reader makes Parse fail
		return normalizeText(s)
	}
	removeQuotes(doc)
	var r textRenderer
	walkHTML(doc, r.enter, r.leave)
	return dropLeads(r.String())
}

// quoteMark stands where a quote was removed, until dropLeads has removed
// the attribution line before it. It is a private-use character.
const quoteMark = "\uE000"

// maxRemovals bounds the quotes one rule removes: each costs a walk of
// the document.
const maxRemovals = 20

// maxVisits bounds the nodes one check looks at, so that the checks stay
// linear on huge or hostile documents.
const maxVisits = 5000

// htmlWalkAction tells walkHTML what to do after visiting a node.
type htmlWalkAction int

const (
	walkDescend htmlWalkAction = iota
	walkSkip
	walkStop
)

// walkHTML visits root and the nodes under it in document order without
// recursion (mail HTML can nest deeper than a stack should): enter before
// a node's children, leave after them.
func walkHTML(htmlRoot *html.Node, enter func(*html.Node) htmlWalkAction, leave func(*html.Node)) {
	n := htmlRoot
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
			if n == htmlRoot {
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

// htmlSkipped reports elements whose content is never text.
func htmlSkipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Head, atom.Script, atom.Style, atom.Title, atom.Template, atom.Noscript, atom.Svg, atom.Object, atom.Iframe:
		return true
	}
	return n.Type == html.CommentNode || n.Type == html.DoctypeNode
}

// htmlBlock reports elements that stand on lines of their own.
func htmlBlock(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Br, atom.Hr, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd,
		atom.Table, atom.Tr, atom.Blockquote, atom.Pre, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Address, atom.Article, atom.Aside, atom.Center, atom.Figure, atom.Footer, atom.Form,
		atom.Header, atom.Main, atom.Nav, atom.Section, atom.Fieldset:
		return true
	}
	return false
}

// invisibleChars drops characters that show as nothing but break matching.
var invisibleChars = strings.NewReplacer("\u200b", "", "\u200e", "", "\u200f", "", "\ufeff", "", "\u00ad", "", "\u00a0", " ")

// htmlFlatText collects the text of a few nodes for the quote checks, one
// line per block, up to a limit.
type htmlFlatText struct {
	b         strings.Builder
	limit     int
	visits    int
	unbounded bool // visit every node, however many
}

func (f *htmlFlatText) enter(n *html.Node) htmlWalkAction {
	f.visits++
	switch {
	case f.b.Len() >= f.limit || (f.visits > maxVisits && !f.unbounded):
		return walkStop
	case htmlSkipped(n):
		return walkSkip
	case n.Type == html.TextNode:
		f.b.WriteString(" " + strings.Join(strings.Fields(invisibleChars.Replace(n.Data)), " ") + " ")
	case htmlBlock(n):
		f.b.WriteString("\n")
	}
	return walkDescend
}

func (f *htmlFlatText) leave(n *html.Node) {
	if htmlBlock(n) {
		f.b.WriteString("\n")
	}
}

// htmlTextOf returns up to limit bytes of the text under n.
func htmlTextOf(n *html.Node, limit int) string {
	f := htmlFlatText{limit: limit}
	walkHTML(n, f.enter, f.leave)
	return f.b.String()
}

// htmlTextAfter returns up to limit bytes of the text that follows n in
// document order, outside n.
func htmlTextAfter(n *html.Node, limit int) string {
	f := htmlFlatText{limit: limit}
	for cur := n; cur != nil; cur = cur.Parent {
		for s := cur.NextSibling; s != nil && f.b.Len() < limit && f.visits <= maxVisits; s = s.NextSibling {
			walkHTML(s, f.enter, f.leave)
		}
	}
	return f.b.String()
}

// htmlTextBefore returns the last limit bytes of the text before n in document
// order.
func htmlTextBefore(n *html.Node, limit int) string {
	f := htmlFlatText{limit: 1 << 62, unbounded: true}
	walkHTML(htmlRoot(n), func(c *html.Node) htmlWalkAction {
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

// htmlRoot returns the top of n's tree.
func htmlRoot(n *html.Node) *html.Node {
	for n.Parent != nil {
		n = n.Parent
	}
	return n
}

// htmlAttr returns the value of an attribute, "" when absent.
func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// htmlHasClass reports whether n's class list has c.
func htmlHasClass(n *html.Node, c string) bool {
	for _, f := range strings.Fields(htmlAttr(n, "class")) {
		if f == c {
			return true
		}
	}
	return false
}

// htmlElements returns the elements under doc that match, in document order.
func htmlElements(doc *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walkHTML(doc, func(n *html.Node) htmlWalkAction {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		return walkDescend
	}, nil)
	return out
}

// blankText reports whether s has no visible text.
func blankText(s string) bool {
	return strings.TrimSpace(strings.ReplaceAll(s, quoteMark, "")) == ""
}

// The labels of a quoted message's header block ("From: … Sent: …"), in
// the languages clients write them in.
const (
	fromLabels  = `from|von|de|da|van|från|fra|od|от|kimden|feladó|lähettäjä|mittente|remetente|差出人|送信者|发件人|寄件者|보낸 사람`
	otherLabels = `sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|à|objet|enviado|fecha|para|asunto|inviato|data|a|oggetto|verzonden|aan|onderwerp|skickat|till|ämne|sendt|til|emne|wysłano|do|temat|отправлено|дата|кому|копия|тема|日付|送信日時|宛先|件名|发送时间|收件人|主题|發送時間|收件者|主旨`
)

var (
	labelRE     = regexp.MustCompile(`(?i)^\*?(` + fromLabels + `|` + otherLabels + `)\*?\s*:`)
	fromLabelRE = regexp.MustCompile(`(?i)^\*?(` + fromLabels + `)\*?\s*:`)
	separatorRE = regexp.MustCompile(`(?i)^(-{2,}\s*original message\s*-{2,}|_{5,}|-{5,})$`)
	forwardRE   = regexp.MustCompile(`(?im)(-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|пересылаемое сообщение)\s*-{2,}|begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|^\s*\*?(subject|betreff|objet|asunto|assunto|oggetto|onderwerp|ämne|emne|temat|тема|件名|主题|主旨)\*?\s*:\s*(fwd?|fw|wg|tr|rv|enc|doorst|vs|vb|vl|pd)\s*:)`)
	wroteRE     = regexp.MustCompile(`(?i)(wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|skrev|napisał|escreveu|kirjoitti|написал|пишет|寫道|写道|のメッセージ)`)
	dateishRE   = regexp.MustCompile(`\d{1,2}:\d{2}|\b(19|20)\d{2}\b`)
)

// removeQuotes removes the quoted original from a reply: first what the
// clients mark (Outlook's reply header ids, Gmail, Yahoo, Thunderbird and
// Apple Mail containers), then a header block with everything after it
// (Outlook's border-top box, an <hr> then From:/Sent:), then an unmarked
// blockquote that nothing follows (Mail.ru, Yandex, Hotmail).
func removeQuotes(doc *html.Node) {
	for _, id := range []string{"divRplyFwdMsg", "appendonsend", "OLK_SRC_BODY_SECTION"} {
		for _, n := range htmlElements(doc, func(n *html.Node) bool { return htmlAttr(n, "id") == id }) {
			if htmlAttached(n, doc) {
				cutQuote(n)
				break
			}
		}
	}
	// A forward is kept whole, with the quotes it carries.
	forwards := map[*html.Node]bool{}
	inForward := func(n *html.Node) bool {
		for p := n.Parent; p != nil; p = p.Parent {
			if forwards[p] {
				return true
			}
		}
		return false
	}
	for i, n := range htmlElements(doc, markedQuote) {
		if i < maxRemovals && htmlAttached(n, doc) && !inForward(n) && !removeQuote(n) {
			forwards[n] = true
		}
	}
	cutHeaderBlock(doc)
	for i, n := range htmlElements(doc, func(n *html.Node) bool { return n.DataAtom == atom.Blockquote }) {
		if i < maxRemovals && htmlAttached(n, doc) && !inForward(n) && !htmlHasText(n, true) && !removeQuote(n) {
			forwards[n] = true
		}
	}
}

// markedQuote reports the containers mail clients put a quote in.
func markedQuote(n *html.Node) bool {
	return htmlHasClass(n, "gmail_quote") || htmlHasClass(n, "gmail_attr") || htmlHasClass(n, "yahoo_quoted") ||
		htmlHasClass(n, "moz-cite-prefix") ||
		(n.DataAtom == atom.Blockquote && strings.EqualFold(htmlAttr(n, "type"), "cite"))
}

// htmlAttached reports whether n is still in doc.
func htmlAttached(n, doc *html.Node) bool {
	return htmlRoot(n) == doc
}

// htmlHasText reports visible text after n (after is true) or under n.
func htmlHasText(n *html.Node, after bool) bool {
	found, visits := false, 0
	look := func(c *html.Node) htmlWalkAction {
		visits++
		switch {
		case found || visits > maxVisits:
			return walkStop
		case htmlSkipped(c):
			return walkSkip
		case c.Type == html.TextNode && !blankText(invisibleChars.Replace(c.Data)):
			found = true
			return walkStop
		}
		return walkDescend
	}
	if !after {
		walkHTML(n, look, nil)
		return found
	}
	for cur := n; cur != nil && !found; cur = cur.Parent {
		for s := cur.NextSibling; s != nil && !found; s = s.NextSibling {
			walkHTML(s, look, nil)
		}
	}
	return found || visits > maxVisits
}

// removeQuote replaces a quote container by quoteMark and reports
// whether it did. A container that holds a forwarded message stays, as
// text rather than a quote, and so does one that is all the text there is.
func removeQuote(n *html.Node) bool {
	before := htmlTextBefore(n, 400)
	if forwardRE.MatchString(lastTextLine(before) + "\n" + htmlTextOf(n, 800)) {
		if n.DataAtom == atom.Blockquote {
			n.DataAtom, n.Data = atom.Div, "div"
		}
		return false
	}
	if blankText(before) && !htmlHasText(n, true) {
		return false
	}
	n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: quoteMark}, n)
	n.Parent.RemoveChild(n)
	return true
}

// cutQuote removes n and everything after it, leaving quoteMark, unless
// it starts a forward or nothing would be left. Outlook's <hr> before its
// reply header goes too.
func cutQuote(n *html.Node) bool {
	before := htmlTextBefore(n, 400)
	if blankText(before) || forwardRE.MatchString(lastTextLine(before)+"\n"+htmlTextOf(n, 800)+htmlTextAfter(n, 800)) {
		return false
	}
	if p := htmlPrevElement(n); p != nil && p.DataAtom == atom.Hr {
		n = p
	}
	for cur := n; cur.Parent != nil; cur = cur.Parent {
		for cur.NextSibling != nil {
			cur.Parent.RemoveChild(cur.NextSibling)
		}
	}
	n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: quoteMark}, n)
	n.Parent.RemoveChild(n)
	return true
}

// htmlPrevElement returns the element before n among its siblings, skipping
// blank text.
func htmlPrevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			return p
		}
		if p.Type == html.TextNode && !blankText(p.Data) {
			return nil
		}
	}
	return nil
}

// cutHeaderBlock finds the first element that starts a line with a quoted
// header block ("From: …" and "Sent: …" or "Subject: …" lines) and cuts
// the quote from there. When that element is an <hr> in a box of its own
// with a short sign-off before it, the box goes too, as talon does.
func cutHeaderBlock(doc *html.Node) {
	type start struct {
		n   *html.Node
		off int
	}
	var starts []start
	f := htmlFlatText{limit: 1 << 62, unbounded: true}
	walkHTML(doc, func(n *html.Node) htmlWalkAction {
		if n.Type == html.ElementNode {
			starts = append(starts, start{n, f.b.Len()})
		}
		return f.enter(n)
	}, f.leave)
	flat := f.b.String()
	last, nl, scanned := -1, -1, 0 // nl: the last newline before the current start
	for _, s := range starts {
		if i := strings.LastIndexByte(flat[scanned:s.off], '\n'); i >= 0 {
			nl = scanned + i
		}
		scanned = s.off
		if s.off == last || !(htmlBlock(s.n) || strings.TrimSpace(flat[nl+1:s.off]) == "") {
			continue
		}
		last = s.off
		// A cheap look at the first line before the full test.
		if first := strings.TrimLeft(flat[s.off:min(len(flat), s.off+80)], " \n"); !strings.Contains(first, ":") {
			continue
		}
		head := flat[s.off:min(len(flat), s.off+800)]
		if !labelRE.MatchString(strings.TrimSpace(head)) || !isHeaderBlock(head) {
			continue
		}
		parent := s.n.Parent
		if cutQuote(s.n) && s.n.DataAtom == atom.Hr && parent.DataAtom == atom.Div {
			if t := strings.TrimSpace(strings.ReplaceAll(htmlTextOf(parent, 100), quoteMark, "")); len([]rune(t)) <= 40 && !strings.Contains(t, "\n") && !blankText(htmlTextBefore(parent, 100)) {
				parent.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: quoteMark}, parent)
				parent.Parent.RemoveChild(parent)
			}
		}
		return // the first header block decides, cut or kept
	}
}

// isHeaderBlock reports text that opens with the header of a quoted
// message: label lines, one of them From, another Sent, Date, To or
// Subject, after an optional "-----Original Message-----" line.
func isHeaderBlock(text string) bool {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || (len(lines) == 0 && separatorRE.MatchString(l)) {
			continue
		}
		if lines = append(lines, l); len(lines) == 8 {
			break
		}
	}
	if len(lines) < 2 || !labelRE.MatchString(lines[0]) {
		return false
	}
	from, other := false, false
	for _, l := range lines {
		if fromLabelRE.MatchString(l) {
			from = true
		} else if labelRE.MatchString(l) {
			other = true
		}
	}
	return from && other
}

// lastTextLine returns the last line of s that is not blank.
func lastTextLine(s string) string {
	s = strings.TrimRight(s, " \t\n")
	return strings.TrimSpace(s[strings.LastIndex(s, "\n")+1:])
}

// dropLeads removes each quoteMark and the line that led its quote ("On …
// wrote:", "26.06.2014, 14:41, "Alexander L" <abc@example.com>:",
// "-----Original Message-----"), possibly wrapped onto two lines.
func dropLeads(s string) string {
	for {
		before, after, ok := strings.Cut(s, quoteMark)
		if !ok {
			return normalizeText(s)
		}
		for try := 0; try < 2; try++ {
			t := strings.TrimRight(before, " \t\n>")
			i := strings.LastIndex(t, "\n") + 1
			line := strings.TrimSpace(strings.TrimLeft(t[i:], "> "))
			if !isQuoteLead(line) && (try == 0 || !dateishRE.MatchString(line) && !strings.Contains(line, "@")) {
				break
			}
			before = t[:i]
			if try == 1 || len(line) > len("wrote:")+3 {
				break
			}
		}
		s = before + after
	}
}

// isQuoteLead reports the line a client writes before a quote.
func isQuoteLead(line string) bool {
	if separatorRE.MatchString(line) {
		return true
	}
	if !strings.HasSuffix(line, ":") || len(line) > 400 {
		return false
	}
	return wroteRE.MatchString(line) || strings.Contains(line, "@") || dateishRE.MatchString(line)
}

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

func (r *textRenderer) enter(n *html.Node) htmlWalkAction {
	switch {
	case n.Type == html.TextNode:
		r.text(n.Data)
		return walkDescend
	case htmlSkipped(n):
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
		if htmlHasClass(n, "MsoNormal") && r.words == r.pWords {
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
		if htmlHasClass(n, "MsoNormal") {
			return 1
		}
		return 2
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table:
		return 2
	}
	if htmlBlock(n) {
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
