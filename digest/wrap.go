package digest

import (
	"strings"
	"unicode/utf8"
)

// minColumns is the least room a wrapped line keeps for text, however deep
// the user's own indent (at most half the width).
const minColumns = 24

// wrap lays out s, which may hold several lines, in rows of at most width
// columns: the first row starts with first, the others with rest. Lines
// that fit are kept as written; longer ones break between words, and a word
// longer than a row is cut hard. A line that is a list item of its own
// ("- x", "2. y") continues under its text, not under its marker.
func wrap(s string, width int, first, rest string) []string {
	var rows []string
	prefix := first
	for _, line := range strings.Split(s, "\n") {
		rows = append(rows, wrapLine(line, width, prefix, rest)...)
		prefix = rest
	}
	return rows
}

// wrapLine lays out one line of text as wrap does.
func wrapLine(line string, width int, first, rest string) []string {
	if line == "" {
		return []string{strings.TrimRight(first, " ")}
	}
	if textWidth(first)+textWidth(line) <= width {
		return []string{first + line}
	}
	body := strings.TrimLeft(line, " ")
	indent := len(line) - len(body)
	hang := indent + len(listMarker(body))
	if room := width - textWidth(rest) - min(minColumns, width/2); hang > room {
		hang = max(room, 0)
	}
	cont := rest + strings.Repeat(" ", hang)

	var rows []string
	row := first + line[:indent]
	rowW, contW := textWidth(row), textWidth(cont)
	empty := true // row holds no word yet
	for _, word := range strings.Fields(body) {
		w := textWidth(word)
		switch {
		case empty:
		case rowW+1+w <= width:
			row += " "
			rowW++
		default:
			rows = append(rows, row)
			row, rowW, empty = cont, contW, true
		}
		// A word longer than the row fills rows with pieces of itself.
		for room := max(width-rowW, 1); w > room; room = max(width-contW, 1) {
			piece, tail := splitWidth(word, room)
			rows = append(rows, row+piece)
			row, rowW, word = cont, contW, tail
			w = textWidth(word)
		}
		row += word
		rowW += w
		empty = false
	}
	return append(rows, row)
}

// splitWidth splits s after at most n columns, keeping combining marks with
// the character before them. The head holds at least one character.
func splitWidth(s string, n int) (head, tail string) {
	cols, i := 0, 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		w := runeWidth(r)
		if cols+w > n && i > 0 {
			break
		}
		cols += w
		i += size
	}
	return s[:i], s[i:]
}

// textWriter builds the plain-text part of an email.
type textWriter struct {
	b strings.Builder
}

// line writes one line as it is.
func (t *textWriter) line(s string) {
	t.b.WriteString(strings.TrimRight(s, " "))
	t.b.WriteByte('\n')
}

// blank writes an empty line, unless the text is empty or already ends
// with one.
func (t *textWriter) blank() {
	s := t.b.String()
	if s != "" && !strings.HasSuffix(s, "\n\n") {
		t.b.WriteByte('\n')
	}
}

// para writes s wrapped at the line width, each row after the first
// indented by rest.
func (t *textWriter) para(first, rest, s string) {
	for _, r := range wrap(s, lineWidth, first, rest) {
		t.line(r)
	}
}

// heading writes a section heading, underlined.
func (t *textWriter) heading(s string) {
	t.blank()
	t.line(s)
	t.line(strings.Repeat("-", textWidth(s)))
}

// signature writes the signature separator, "-- " with its trailing
// space, so that mail clients can tell the footer from the text.
func (t *textWriter) signature() {
	t.blank()
	t.b.WriteString("-- \n")
}

// String returns the text written so far, ending in one line break.
func (t *textWriter) String() string {
	return strings.TrimRight(t.b.String(), "\n") + "\n"
}
