package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of line in a plain-text body, one letter each so that the rules in
// trim.go can match regular expressions over the string of kinds, as
// email_reply_trimmer does.
const (
	kindEmpty       = 'e' // blank
	kindDelimiter   = 'd' // "-- ", "____", a list footer: the rest is not the reply
	kindRule        = 'r' // "-----", "=====": a delimiter or a markdown rule, see resolveRules
	kindSignature   = 's' // "Sent from my iPhone"
	kindQuoteHeader = 'b' // "On <date>, <someone> wrote:", possibly wrapped over lines
	kindForward     = 'f' // "---------- Forwarded message ---------"
	kindField       = 'h' // "From: …" in a quoted or forwarded header block
	kindQuote       = 'q' // "> …"
	kindText        = 't'
	kindCode        = 'c' // inside a ``` fence: text that no rule may touch
	kindDrop        = 'x' // PGP armour
)

// doc is a body split into lines, with the kind of each line and, for
// header-field lines, the field's role (fieldFrom, …; 0 for a continuation).
type doc struct {
	lines []string
	kinds []byte
	roles []byte
}

// scan normalises body and classifies its lines.
func scan(body string) *doc {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	lines := strings.Split(body, "\n")
	d := &doc{lines: lines, kinds: make([]byte, len(lines)), roles: make([]byte, len(lines))}
	signed := d.markPGP()
	d.markFences()
	d.markEnclosedQuotes()
	d.markQuoteHeaders()
	for i, l := range lines {
		if d.kinds[i] != 0 {
			continue
		}
		if signed && strings.HasPrefix(l, "- ") {
			l = l[2:] // dash-escaped (RFC 4880 §7.1): "- -- " is a signature delimiter
		}
		d.kinds[i], d.roles[i] = classify(l)
	}
	d.resolveHeaderBlocks()
	d.resolveQuoteWraps()
	d.resolveRules()
	return d
}

// markPGP drops the armour of a clear-signed message (RFC 4880 §7): the
// "BEGIN PGP SIGNED MESSAGE" line with its Hash header, and the signature.
// It reports whether the body is clear-signed.
func (d *doc) markPGP() (signed bool) {
	for i, l := range d.lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.TrimSpace(l) == "-----BEGIN PGP SIGNED MESSAGE-----" {
			signed = true
			d.kinds[i] = kindDrop
			for j := i + 1; j < len(d.lines) && strings.HasPrefix(d.lines[j], "Hash:"); j++ {
				d.kinds[j] = kindDrop
			}
		}
		break
	}
	for i := 0; i < len(d.lines); i++ {
		if strings.TrimSpace(d.lines[i]) != "-----BEGIN PGP SIGNATURE-----" {
			continue
		}
		end := -1
		for j := i + 1; j < len(d.lines); j++ {
			if strings.TrimSpace(d.lines[j]) == "-----END PGP SIGNATURE-----" {
				end = j
				break
			}
		}
		if end < 0 {
			return signed
		}
		for j := i; j <= end; j++ {
			d.kinds[j] = kindDrop
		}
		i = end
	}
	return signed
}

// markFences protects fenced code blocks: a line starting with ``` up to a
// line of ``` (at most three spaces before, nothing after). An opening fence
// that never closes protects nothing.
func (d *doc) markFences() {
	for i := 0; i < len(d.lines); i++ {
		if d.kinds[i] != 0 || !strings.HasPrefix(d.lines[i], "```") {
			continue
		}
		end := -1
		for j := i + 1; j < len(d.lines); j++ {
			if isFenceClose(d.lines[j]) {
				end = j
				break
			}
		}
		if end < 0 {
			return
		}
		for j := i; j <= end; j++ {
			d.kinds[j] = kindCode
		}
		i = end
	}
}

func isFenceClose(l string) bool {
	t := strings.TrimLeft(l, " ")
	return len(l)-len(t) <= 3 && strings.TrimRight(t, " \t") == "```"
}

// markEnclosedQuotes turns the enclosed-quote style (a line ">>>" or
// ">>> text", the quoted lines, a closing ">>>") into ordinary quote lines.
func (d *doc) markEnclosedQuotes() {
	for i := 0; i < len(d.lines); i++ {
		if d.kinds[i] != 0 || !strings.HasPrefix(d.lines[i], ">>>") {
			continue
		}
		if l := strings.TrimRight(d.lines[i], " \t"); !(l == ">>>" || strings.HasPrefix(l, ">>> ")) {
			continue
		}
		end := -1
		for j := i + 1; j < len(d.lines); j++ {
			if d.kinds[j] == 0 && strings.TrimRight(d.lines[j], " \t") == ">>>" {
				end = j
				break
			}
		}
		if end < 0 {
			return
		}
		for j := i; j <= end; j++ {
			if d.kinds[j] == 0 {
				d.kinds[j] = kindQuote
			}
		}
		i = end
	}
}

// markQuoteHeaders finds forward markers and "On … wrote:" lines, joining a
// header that the sender's client wrapped over up to five lines.
func (d *doc) markQuoteHeaders() {
	n := len(d.lines)
	for i := 0; i < n; i++ {
		if d.kinds[i] != 0 || len(d.lines[i]) > 300 {
			continue
		}
		core := lineCore(d.lines[i])
		if core == "" {
			continue
		}
		lower, may := mayIntroduce(core) // lower once for every test of the line
		if !may {
			continue
		}
		if isForward(core, lower) {
			d.kinds[i] = kindForward
			continue
		}
		end := -1
		may = mayStartHeaderLower(core, lower) // once: both shapes want it
		switch {
		case may && headerShape(core, lower):
			end = i
			// "Am 3.7.2025 um 16:05 schrieb" can stand alone, but the
			// name and colon may follow on the next line.
			if next := i + 1; !hasColonEnd(core) && next < n && d.kinds[next] == 0 {
				if c := lineCore(d.lines[next]); len(c) <= 100 && hasColonEnd(c) && isHeader(core+" "+c) {
					end = next
				}
			}
		case may && !hasColonEnd(core):
			end = d.joinQuoteHeader(i, core)
		}
		if end < 0 {
			continue
		}
		for end+1 < n && d.kinds[end+1] == 0 && isHeaderTail(d.lines[end+1]) {
			end++
		}
		for j := i; j <= end; j++ {
			d.kinds[j] = kindQuoteHeader
		}
		i = end
	}
}

// joinQuoteHeader reports the last line of a quote header that starts at
// line i and was wrapped, or -1.
func (d *doc) joinQuoteHeader(i int, core string) int {
	parts := [5]string{core} // and up to four lines, joined only to be tested
	n, size := 1, len(core)
	for j := i + 1; j <= i+4 && j < len(d.lines); j++ {
		l := d.lines[j]
		if d.kinds[j] != 0 || len(l) > 200 {
			return -1
		}
		c := lineCore(l)
		if c == "" {
			continue
		}
		if strings.HasPrefix(c, "On ") {
			return -1
		}
		parts[n], n, size = c, n+1, size+1+len(c)
		if size > 400 {
			return -1
		}
		if endsHeader(c) {
			if isHeader(strings.Join(parts[:n], " ")) {
				return j
			}
			return -1 // a header ends once; a longer join would not end here
		}
	}
	return -1
}

// hasColonEnd reports whether s ends with a colon, full width or not.
func hasColonEnd(s string) bool {
	return strings.HasSuffix(s, ":") || strings.HasSuffix(s, "：")
}

// lineCore is l without leading blanks and quote marks and without
// trailing blanks; bidirectional marks around it go too (Gmail wraps a
// Hebrew or Arabic quote header in them).
func lineCore(l string) string {
	return strings.TrimRightFunc(strings.TrimLeftFunc(l, func(r rune) bool {
		return r == '>' || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
	}), func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) })
}

// classify tells the kind of a line that is not part of a fence, an
// enclosed quote or a quote header; for a header field it also tells the
// field's role.
func classify(l string) (kind, role byte) {
	s := strings.TrimSpace(l)
	switch {
	case s == "":
		return kindEmpty, 0
	case isQuoted(l):
		if len(s) >= 4 && strings.Trim(s, ">") == "" {
			return kindEmpty, 0
		}
		return kindQuote, 0
	case isDelimiter(s):
		if s == "--" || strings.Trim(s, "_") == "" {
			return kindDelimiter, 0
		}
		return kindRule, 0
	case len(l) > maxClassified:
		return kindText, 0
	case footerREs.MatchString(s):
		return kindDelimiter, 0
	case isSignature(s):
		return kindSignature, 0
	}
	if role, ok := headerField(s); ok {
		return kindField, role
	}
	return kindText, 0
}

// resolveHeaderBlocks keeps header fields that form a block: three fields or
// more with a date or an address among them, or a lone Outlook "From: x
// [mailto:…]". Up to two lines that wrap a field's value inside a block join
// it; fields outside a block are text, so "From: the old system\nTo: the new
// one\nSubject: billing" in a status stays.
func (d *doc) resolveHeaderBlocks() {
	n := len(d.kinds)
	for i := 0; i < n; {
		if d.kinds[i] != kindField {
			i++
			continue
		}
		last, fields := i, 0
		strong, dated := false, false
		for j := i; j < n; {
			switch {
			case d.kinds[j] == kindField:
				last, fields = j, fields+1
				strong = strong || d.roles[j] == fieldFrom && strings.Contains(d.lines[j], "mailto:")
				dated = dated || d.roles[j] == fieldDate || strings.Contains(d.lines[j], "@")
				j++
				continue
			case d.kinds[j] == kindText && j+1 < n && d.kinds[j+1] == kindField:
				j++
				continue
			case d.kinds[j] == kindText && j+2 < n && d.kinds[j+1] == kindText && d.kinds[j+2] == kindField:
				j += 2
				continue
			}
			break
		}
		block := fields >= 3 && dated || strong
		// The last value may wrap too, right above the blank line that ends
		// the block: "Subject: Some subject that\nspans over 2 lines\n\n".
		if next := last + 1; block && next < n && d.kinds[next] == kindText && d.roles[last] != fieldDate &&
			(next+1 == n || d.kinds[next+1] == kindEmpty) && len(d.lines[next]) < 80 {
			last = next
		}
		for j := i; j <= last; j++ {
			switch {
			case block:
				d.kinds[j] = kindField
			case d.kinds[j] == kindField:
				d.kinds[j], d.roles[j] = kindText, 0
			}
		}
		i = last + 1
	}
}

// resolveQuoteWraps puts back into the quote a line that the quoting client
// wrapped without a ">": one text line between two quote lines that goes on
// from the line above (it starts in lower case, or the line above does not
// end a sentence). Inline answers start a sentence and stay text.
func (d *doc) resolveQuoteWraps() {
	for i := 1; i+1 < len(d.kinds); i++ {
		if d.kinds[i] != kindText || d.kinds[i-1] != kindQuote || d.kinds[i+1] != kindQuote {
			continue
		}
		above := lineCore(d.lines[i-1])
		if above == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(strings.TrimSpace(d.lines[i]))
		if unicode.IsLower(first) || !strings.ContainsAny(above[len(above)-1:], ".?!:;") {
			d.kinds[i] = kindQuote
		}
	}
}

// resolveRules decides what a line of dashes, equals signs or stars means.
// Above everything else it starts a signature, as email_reply_trimmer has
// it. Right under a text line it underlines a heading or a table header, so
// it is text. Elsewhere it ends the reply when what follows looks like a
// signature (see endsMessage) and is text otherwise; email_reply_trimmer
// always cuts there, which loses markdown sections of a status update.
func (d *doc) resolveRules() {
	top := true // no line with content yet
	for i, k := range d.kinds {
		switch {
		case k == kindRule && top:
			d.kinds[i] = kindDelimiter // a rule above everything: the body is all signature
		case k != kindRule:
		case i > 0 && (d.kinds[i-1] == kindText || d.kinds[i-1] == kindCode) || !d.endsMessage(i):
			d.kinds[i] = kindText
		default:
			d.kinds[i] = kindDelimiter
		}
		top = top && (k == kindEmpty || k == kindDrop)
	}
}

// endsMessage reports whether what follows the rule at line i is a
// signature, a list footer, quoted mail or nothing: no text, at most four
// short name-or-title lines, or a contact line (address, link, phone).
func (d *doc) endsMessage(i int) bool {
	texts, short, contact := 0, true, false
	for j := i + 1; j <= i+40; j++ {
		if j == len(d.kinds) {
			return texts == 0 || contact || short && texts <= 4
		}
		switch d.kinds[j] {
		case kindDelimiter, kindSignature, kindQuoteHeader, kindForward, kindField:
			return texts == 0 || contact || short && texts <= 4
		case kindText, kindCode:
			texts++
			s := strings.TrimSpace(d.lines[j])
			contact = contact || contactKind(s) != 0
			short = short && isTitleLine(s, 40)
		}
	}
	return contact
}
