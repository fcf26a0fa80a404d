// Package ascii has the byte-level text tests the inbound hot path uses
// before anything costlier: most mail is ASCII, and a test that reads a
// line as bytes, folding letters as it goes, allocates nothing.
package ascii

import "unicode/utf8"

// Lower lower-cases an ASCII letter and leaves any other byte alone.
func Lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Is reports whether s is all ASCII.
func Is(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// AppendLower appends s to b with its ASCII letters lower-cased.
func AppendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b = append(b, Lower(s[i]))
	}
	return b
}

// HasPrefixFold reports whether s starts with prefix, a lower-case ASCII
// word, in any case of its letters.
func HasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if Lower(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// ContainsFold reports whether s holds word, a lower-case ASCII word, in
// any case of its letters, without copying s.
func ContainsFold(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		if HasPrefixFold(s[i:], word) {
			return true
		}
	}
	return false
}
