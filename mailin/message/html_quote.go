package message

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxRemovals bounds the quotes one rule removes: each costs a walk of
// the document.
const maxRemovals = 20

// blankText reports whether s has no visible text.
func blankText(s string) bool {
	return strings.TrimSpace(strings.ReplaceAll(s, quoteMark, "")) == ""
}

// The labels of a quoted message's header block ("From: … Sent: …"), in
// the languages clients write them in.
const (
	fromLabels = `from|von|de|da|van|från|fra|od|от|kimden|feladó|lähettäjä|mittente|remetente|差出人|送信者|发件人|寄件者|보낸 사람|` +
		`expéditeur|de la|από|מאת|من|từ|dari|від`
	otherLabels = `sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|à|objet|enviado|fecha|para|asunto|inviato|data|a|oggetto|verzonden|aan|onderwerp|skickat|till|ämne|sendt|til|emne|wysłano|do|temat|отправлено|дата|кому|копия|тема|日付|送信日時|宛先|件名|发送时间|收件人|主题|發送時間|收件者|主旨|` +
		`lähetetty|vastaanottaja|aihe|elküldve|címzett|tárgy|gönderildi|kime|konu|odesláno|komu|předmět|trimis|către|subiect|` +
		`στάλθηκε|προς|θέμα|보낸 날짜|받는 사람|제목|נשלח|אל|נושא|đã gửi|đến|chủ đề|dikirim|kepada|perihal|надіслано|enviat|per a|assumpte`
)

var (
	labelRE     = regexp.MustCompile(`(?i)^\*?(` + fromLabels + `|` + otherLabels + `)\*?\s*:`)
	fromLabelRE = regexp.MustCompile(`(?i)^\*?(` + fromLabels + `)\*?\s*:`)
	separatorRE = regexp.MustCompile(`(?i)^(-{2,}\s*original message\s*-{2,}|_{5,}|-{5,})$`)
	forwardRE   = regexp.MustCompile(`(?im)(-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|пересылаемое сообщение)\s*-{2,}|begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|^\s*\*?(subject|betreff|objet|asunto|assunto|oggetto|onderwerp|ämne|emne|temat|тема|件名|主题|主旨)\*?\s*:\s*(fwd?|fw|wg|tr|rv|enc|doorst|vs|vb|vl|pd)\s*:)`)
	wroteRE     = regexp.MustCompile(`(?i)(wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|skrev|napisał|escreveu|kirjoitti|написал|пишет|寫道|写道|のメッセージ|` +
		`geschreven|geschrieben|pisze|napsal|napísal|írta|yazdı|έγραψε|đã viết|menulis|a scris|va escriure|escribiu|書きました|작성)`)
	dateishRE = regexp.MustCompile(`\d{1,2}:\d{2}|\b(19|20)\d{2}\b`)
)

// removeQuotes removes the quoted original from a reply: first what the
// clients mark (Outlook's reply header ids, Gmail, Yahoo, Thunderbird and
// Apple Mail containers), then a header block with everything after it
// (Outlook's border-top box, an <hr> then From:/Sent:), then an unmarked
// blockquote that nothing follows (Mail.ru, Yandex, Hotmail).
func removeQuotes(doc *html.Node) {
	for _, id := range []string{"divRplyFwdMsg", "appendonsend", "OLK_SRC_BODY_SECTION"} {
		for _, n := range elements(doc, func(n *html.Node) bool { return attr(n, "id") == id }) {
			if attached(n, doc) {
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
	for i, n := range elements(doc, markedQuote) {
		if i < maxRemovals && attached(n, doc) && !inForward(n) && !removeQuote(n) {
			forwards[n] = true
		}
	}
	cutHeaderBlock(doc)
	for i, n := range elements(doc, func(n *html.Node) bool { return n.DataAtom == atom.Blockquote }) {
		if i < maxRemovals && attached(n, doc) && !inForward(n) && !hasText(n, true) && !removeQuote(n) {
			forwards[n] = true
		}
	}
}

// markedQuote reports the containers mail clients put a quote in.
func markedQuote(n *html.Node) bool {
	return hasClass(n, "gmail_quote") || hasClass(n, "gmail_attr") || hasClass(n, "yahoo_quoted") ||
		hasClass(n, "moz-cite-prefix") ||
		(n.DataAtom == atom.Blockquote && strings.EqualFold(attr(n, "type"), "cite"))
}

// attached reports whether n is still in doc.
func attached(n, doc *html.Node) bool {
	return rootOf(n) == doc
}

// hasText reports visible text after n (after is true) or under n.
func hasText(n *html.Node, after bool) bool {
	found, visits := false, 0
	look := func(c *html.Node) walkAction {
		visits++
		switch {
		case found || visits > maxVisits:
			return walkStop
		case isHidden(c):
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
	before := textBefore(n, 400)
	if forwardRE.MatchString(lastTextLine(before) + "\n" + textOf(n, 800)) {
		if n.DataAtom == atom.Blockquote {
			n.DataAtom, n.Data = atom.Div, "div"
		}
		return false
	}
	if blankText(before) && !hasText(n, true) {
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
	before := textBefore(n, 400)
	if blankText(before) || forwardRE.MatchString(lastTextLine(before)+"\n"+textOf(n, 800)+textAfter(n, 800)) {
		return false
	}
	if p := prevElement(n); p != nil && p.DataAtom == atom.Hr {
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

// prevElement returns the element before n among its siblings, skipping
// blank text.
func prevElement(n *html.Node) *html.Node {
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
	f := flatText{limit: 1 << 62, unbounded: true}
	walkHTML(doc, func(n *html.Node) walkAction {
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
		if s.off == last || !(isBlock(s.n) || strings.TrimSpace(flat[nl+1:s.off]) == "") {
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
			if t := strings.TrimSpace(strings.ReplaceAll(textOf(parent, 100), quoteMark, "")); len([]rune(t)) <= 40 && !strings.Contains(t, "\n") && !blankText(textBefore(parent, 100)) {
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
