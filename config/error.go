package config

import (
	"fmt"
	"strings"
)

// Error lists every problem found in a config file.
type Error struct {
	Path     string // the file, as Load or Parse was given it
	Problems []Problem
}

// Error returns the problems one a line, each as FILE:LINE: field: problem.
func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		path := e.Path
		if p.File != "" {
			path = p.File
		}
		fmt.Fprintf(&b, "%s:%d: %s: %s", path, p.Line, p.Field, p.Msg)
	}
	return b.String()
}

// Problem is one mistake in the config file, at a line, in a field.
type Problem struct {
	File  string // the people file when the mistake is there; "" for the config file
	Line  int
	Field string
	Msg   string
}
