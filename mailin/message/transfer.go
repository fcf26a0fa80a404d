package message

import (
	"bytes"
	"encoding/base64"
)

// decodeTransfer undoes a Content-Transfer-Encoding leniently. An unknown
// encoding, and a "base64" body that is plainly not base64, are taken as
// they are.
func decodeTransfer(b []byte, cte string) []byte {
	switch headerWord(cte) {
	case "base64":
		if looksBase64(b) {
			return decodeBase64(b)
		}
	case "quoted-printable":
		return decodeQP(b)
	}
	return b
}

// isBase64 reports the characters of the base64 alphabet (RFC 2045 §6.8).
func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}

// looksBase64 reports a body that is base64 apart from a few stray
// characters: encoded lines hold no spaces, and prose mislabelled as
// base64 does.
func looksBase64(b []byte) bool {
	stray := 0
	for _, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if bytes.ContainsAny(line, " \t") {
			return false
		}
		for _, c := range line {
			if !isBase64(c) && c != '=' {
				stray++
			}
		}
	}
	return stray <= len(b)/100+1
}

// decodeBase64 decodes base64, skipping whitespace and stray characters.
// Padding may be missing, or appear mid-body where encoded chunks were
// concatenated.
func decodeBase64(b []byte) []byte {
	var out, chunk []byte
	flush := func() {
		if len(chunk)%4 == 1 {
			chunk = chunk[:len(chunk)-1]
		}
		dst := make([]byte, base64.RawStdEncoding.DecodedLen(len(chunk)))
		n, _ := base64.RawStdEncoding.Decode(dst, chunk)
		out = append(out, dst[:n]...)
		chunk = chunk[:0]
	}
	for _, c := range b {
		switch {
		case isBase64(c):
			chunk = append(chunk, c)
		case c == '=' && len(chunk) > 0:
			flush()
		}
	}
	flush()
	return out
}

// decodeQP decodes quoted-printable (RFC 2045 §6.7) leniently: a "=" that
// starts no escape stays as it is, and every other byte passes through
// (Go's reader stops at the first control character).
func decodeQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		line, rest, hasNL := bytes.Cut(b, []byte("\n"))
		b = rest
		for len(line) > 0 && (line[len(line)-1] == ' ' || line[len(line)-1] == '\t' || line[len(line)-1] == '\r') {
			line = line[:len(line)-1] // bytes.TrimRight builds a set on every call
		}
		soft := bytes.HasSuffix(line, []byte("="))
		if soft {
			line = line[:len(line)-1]
		}
		for {
			i := bytes.IndexByte(line, '=')
			if i < 0 {
				out = append(out, line...)
				break
			}
			out = append(out, line[:i]...)
			if i+2 < len(line) && isHexDigit(line[i+1]) && isHexDigit(line[i+2]) {
				out = append(out, unhex(line[i+1])<<4|unhex(line[i+2]))
				line = line[i+3:]
			} else {
				out = append(out, '=')
				line = line[i+1:]
			}
		}
		if hasNL && !soft {
			out = append(out, '\n')
		}
	}
	return out
}

// isHexDigit reports a hex digit, either case.
func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unhex returns the value of a hex digit.
func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
