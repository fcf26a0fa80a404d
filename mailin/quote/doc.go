// Package quote finds what the author of a plain-text email wrote. Trim
// removes the quoted original with the "On … wrote:" line or header block
// above it (wrote.go has the phrasings of each language), signatures and
// list footers; Written is Trim's result, or nothing when only a quote is
// left, and OnlyQuoted tells such a reply from an empty one. SplitForward
// separates a forwarder's note from the forwarded message and its From,
// Date and Subject. SplitStatus finds the Yesterday/Today/Blockers sections
// of a status reply, in the languages headings.go lists. Trimming and
// sections share one list of sign-offs and one of mail-app signatures.
//
// It does not parse MIME or turn HTML into text (package message does,
// and removes the quotes of HTML mail there, on the tree), and it does not
// decide what a message is for (package mailin does). It is pure: strings
// in, strings out, standard library only.
package quote
