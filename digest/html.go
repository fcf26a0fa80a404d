package digest

import (
	"embed"
	"fmt"
	"html/template"
	"strings"
)

//go:embed templates/*.html.tmpl
var templateFS embed.FS

// templates holds the HTML templates. They are parsed once and only read
// afterwards, so concurrent renders are safe.
var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"join":        func(names []string) string { return strings.Join(names, ", ") },
	"cutNote":     func() string { return cutNote },
	"noUpdates":   func() string { return noUpdates },
	"blockerOnly": func() string { return blockerOnly },
	"emptyReply":  func() string { return emptyReply },
	"unblocked":   func() string { return unblocked },
	"plural":      plural,
	"earlierNote": earlierNote,
}).ParseFS(templateFS, "templates/*.html.tmpl"))

// renderHTML executes the named template with view. The templates and views
// are ours, so an error is a bug in this package: it panics.
func renderHTML(name string, view any) string {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, name, view); err != nil {
		panic(fmt.Sprintf("digest: render %s: %v", name, err))
	}
	return b.String()
}

// block is a piece of user text as an email shows it: cleaned, cut to a
// limit, and marked when something was cut.
type block struct {
	Text string
	Cut  bool // the rest is only in the notebook
}

// newBlock cleans s and cuts it to limit characters.
func newBlock(s string, limit int) block {
	t, cut := userText(s, limit)
	return block{Text: t, Cut: cut}
}

// Empty reports whether the block has no text.
func (b block) Empty() bool { return b.Text == "" }

// breakEvery is the longest run of characters without a space that HTML
// shows without offering the client a place to break the line.
const breakEvery = 30

// Lines splits the text for HTML: one element per line, nil for an empty
// one, each line in pieces that the template joins with <wbr> so that a
// very long word cannot push the layout wider than the column.
// html/template escapes each piece.
func (b block) Lines() [][]string {
	lines := strings.Split(b.Text, "\n")
	out := make([][]string, len(lines))
	for i, l := range lines {
		if l != "" {
			out[i] = breakLongWords(l)
		}
	}
	return out
}

// breakLongWords splits l after every breakEvery characters of a run
// without spaces; a line of short words stays in one piece.
func breakLongWords(l string) []string {
	var pieces []string
	start, run := 0, 0
	for i, r := range l {
		if r == ' ' {
			run = 0
			continue
		}
		if run == breakEvery {
			pieces = append(pieces, l[start:i])
			start, run = i, 0
		}
		run++
	}
	return append(pieces, l[start:])
}
