package message

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset" // also registers the charsets go-message decodes
	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// isUnicodeOrASCII reports the charsets go-message passes through as they
// are, so their bytes still need checking.
func isUnicodeOrASCII(cs string) bool {
	switch cs {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		return true
	}
	return false
}

// toUTF8 decodes b from its charset label. Bytes that are not valid UTF-8
// under an ASCII label or none are taken as Windows-1252, which is what
// unlabelled 8-bit mail almost always is (HTML looks for a <meta> first);
// under any other label they are left for normalizeText to replace.
func toUTF8(b []byte, label string, isHTML bool) []byte {
	if !isUnicodeOrASCII(label) {
		if r, err := charset.Reader(label, bytes.NewReader(b)); err == nil {
			if out, err := io.ReadAll(r); err == nil {
				return out
			}
		}
	}
	if utf8.Valid(b) || !(label == "" || label == "us-ascii" || label == "ascii") {
		return b
	}
	enc := encoding.Encoding(charmap.Windows1252)
	if isHTML {
		enc, _, _ = htmlcharset.DetermineEncoding(b, "text/html")
	}
	if out, err := enc.NewDecoder().Bytes(b); err == nil {
		return out
	}
	return b
}

// normalizeText makes body text valid UTF-8 with LF line ends and no NULs,
// without leading blank lines or trailing space.
func normalizeText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, '\r') >= 0 || strings.IndexByte(s, 0) >= 0 { // faster than ContainsAny on a body
		s = unixLines.Replace(s)
	}
	s = strings.TrimRight(s, " \t\n")
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(line) != "" {
			return s
		}
		s = rest
	}
}

// unixLines turns CRLF and CR line ends into LF and drops NULs.
var unixLines = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\x00", "")
