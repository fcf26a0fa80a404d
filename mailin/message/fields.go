package message

import (
	"net/textproto"
	"strings"
)

// field is one header field: its canonical name and its value unfolded.
type field struct {
	key, value string
}

// fieldList is a message's header fields in the order they stand. It is read
// from the header block as go-message's textproto.ReadHeader reads it (the
// tests compare the two), without copying the block into a reader and
// every value out of it again: a value on one line is a slice of the
// block.
type fieldList []field

// readFields splits a header block that headerEnd has checked (every line
// a field with a colon, or a continuation) into its fields. Values are
// unfolded as go-message does: each line trimmed of spaces and tabs, the
// ones left joined by a space. A field with an empty name is dropped, as
// go-message drops it.
func readFields(block string) fieldList {
	var h fieldList // grown as fields come: a block of continuation lines holds few
	for len(block) > 0 {
		first, rest := cutLine(block)
		for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
			_, rest = cutLine(rest)
		}
		raw := block[:len(block)-len(rest)] // the field, continuations and line ends included
		block = rest
		colon := strings.IndexByte(first, ':')
		if colon < 0 {
			continue // not a field: headerEnd lets none through
		}
		if name := trimBlank(first[:colon]); name != "" {
			h = append(h, field{key: textproto.CanonicalMIMEHeaderKey(name), value: unfold(raw[colon+1:])})
		}
	}
	return h
}

// cutLine returns the first line of s without its line end (a "\n" with
// at most one "\r" before it, or the end of s, as bufio.Reader.ReadLine
// reads lines) and what follows it.
func cutLine(s string) (line, rest string) {
	line, rest, _ = strings.Cut(s, "\n")
	return strings.TrimSuffix(line, "\r"), rest
}

// unfold returns a field's value from what follows its colon, its
// continuation lines and line ends included.
func unfold(raw string) string {
	line, rest := cutLine(raw)
	if rest == "" {
		return trimBlank(line) // one line: no copy
	}
	var b strings.Builder
	b.Grow(len(raw))
	for {
		if line = trimBlank(line); line != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(line)
		}
		if rest == "" {
			return b.String()
		}
		line, rest = cutLine(rest)
	}
}

// trimBlank trims spaces and tabs, and nothing else (not a bare CR).
func trimBlank(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return trimLeftBlank(s)
}

// trimLeftBlank trims spaces and tabs at the start of s. (strings.Trim
// builds a set from its cutset on every call.)
func trimLeftBlank(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// Get returns the first value of the field named key (canonical), ""
// when there is none.
func (h fieldList) Get(key string) string {
	for _, f := range h {
		if f.key == key {
			return f.value
		}
	}
	return ""
}

// byName returns the fields as a map from canonical name to values, in
// order, as textproto.Header.Map does: the first value of each name in
// one shared array, capped so that an append copies.
func (h fieldList) byName() map[string][]string {
	m := make(map[string][]string, len(h))
	firsts := make([]string, len(h))
	for i, f := range h {
		if vs, ok := m[f.key]; ok {
			m[f.key] = append(vs, f.value)
			continue
		}
		firsts[i] = f.value
		m[f.key] = firsts[i : i+1 : i+1]
	}
	return m
}

// MessageIDIn returns the Message-ID a header block gives, as
// Message.MessageID has it, or "" when it gives none: for matching a
// message fetched by its Message-ID field alone.
func MessageIDIn(block []byte) string {
	if ids := parseMsgIDs(readFields(string(block)).Get("Message-Id")); len(ids) > 0 {
		return ids[0]
	}
	return ""
}
