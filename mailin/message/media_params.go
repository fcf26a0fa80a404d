package message

import (
	"mime"
	"strings"
)

// mediaParams are the parameters of a Content-Type or Content-Disposition
// value: read by mime.ParseMediaType into a map, or, when simpleMediaType
// could read them, kept as written and read again on each get (a part has
// a few, and a map for them costs more).
type mediaParams struct {
	m      map[string]string // names in lower case, RFC 2047 words decoded
	simple string            // the parameters as written, when m is nil
}

// get returns the parameter named key (lower case), RFC 2047 words decoded.
func (p mediaParams) get(key string) string {
	if p.m != nil || p.simple == "" {
		return p.m[key]
	}
	var value string
	eachParam(p.simple, func(k, v string) bool {
		if k == key {
			value = v
			return false
		}
		return true
	})
	return decodeWords(value)
}

// parseWithParams parses a Content-Type or Content-Disposition value as
// go-message's Header.ContentType and ContentDisposition do:
// mime.ParseMediaType, then RFC 2047 words decoded in the parameters.
func parseWithParams(v string) (string, mediaParams, error) {
	if media, params, ok := simpleMediaType(v); ok {
		return media, mediaParams{simple: params}, nil
	}
	media, params, err := mime.ParseMediaType(v)
	if err != nil {
		return v, mediaParams{}, err
	}
	for k, p := range params {
		params[k] = decodeWords(p)
	}
	return media, mediaParams{m: params}, nil
}

// maxSimpleParams is the most parameters simpleMediaType reads: it checks
// each against the others.
const maxSimpleParams = 8

// simpleMediaType reads the values most parts have, such as
// `text/plain; charset="UTF-8"`, as mime.ParseMediaType does, without its
// copies: a type/subtype (or a disposition) and a few parameters of tokens
// or quoted strings without escapes or line breaks, spaces and tabs around
// them, no RFC 2231 parameters. It returns the media type in lower case
// and the parameters as written, and reports false for anything else,
// which is left to mime.ParseMediaType (FuzzSimpleMediaType).
func simpleMediaType(v string) (media, params string, ok bool) {
	base, _, _ := strings.Cut(v, ";")
	params = v[len(base):]
	base = trimBlank(base)
	if typ, sub, ok := strings.Cut(base, "/"); !isToken(typ) || ok && !isToken(sub) {
		return "", "", false
	}
	var seen [maxSimpleParams]struct{ key, value string }
	n := 0
	ok = eachParam(params, func(key, value string) bool {
		for _, p := range seen[:n] {
			if p.key == key && p.value != value {
				return false // mime.ParseMediaType fails
			}
		}
		if n == len(seen) {
			return false
		}
		seen[n].key, seen[n].value = key, value
		n++
		return true
	})
	if !ok {
		return "", "", false
	}
	return strings.ToLower(base), params, true
}

// eachParam calls f with each parameter in s, the "; key=value" list after
// a media type, until f returns false. It reports whether it read s to its
// end, every parameter simple.
func eachParam(s string, f func(key, value string) bool) bool {
	for {
		s = trimLeftBlank(s)
		if s == "" {
			return true
		}
		if s[0] != ';' {
			return false
		}
		if s = trimLeftBlank(s[1:]); s == "" {
			return true // a trailing ";"
		}
		key, value, rest, ok := simpleParam(s)
		if !ok || !f(key, value) {
			return false
		}
		s = rest
	}
}

// simpleParam reads one parameter, key=value, at the start of s; the key
// in lower case.
func simpleParam(s string) (key, value, rest string, ok bool) {
	n := tokenLen(s)
	key, rest = strings.ToLower(s[:n]), trimLeftBlank(s[n:])
	if n == 0 || strings.IndexByte(key, '*') >= 0 || !strings.HasPrefix(rest, "=") {
		return "", "", "", false
	}
	rest = trimLeftBlank(rest[1:])
	if quoted, ok := strings.CutPrefix(rest, `"`); ok {
		value, rest, ok = strings.Cut(quoted, `"`)
		if !ok || strings.ContainsAny(value, "\\\r\n") {
			return "", "", "", false
		}
		return key, value, rest, true
	}
	n = tokenLen(rest)
	return key, rest[:n], rest[n:], n > 0
}

// isToken reports a token of RFC 2045 §5.1.
func isToken(s string) bool {
	return s != "" && tokenLen(s) == len(s)
}

// tokenLen returns the length of the token at the start of s.
func tokenLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', ')', '<', '>', '@', ',', ';', ':', '\\', '"', '/', '[', ']', '?', '=': // tspecials
			return i
		default:
			if c <= ' ' || c >= 0x7f {
				return i
			}
		}
	}
	return len(s)
}
