package message

import (
	"regexp"
	"strings"

	"mime"
)

// partHeader is what a MIME walk reads of an entity's header: a
// message's own (header) or a part's (go-message's textproto.Header).
type partHeader interface {
	Get(key string) string // the first value of the field named key, canonical
}

// contentType is a part's media type, read leniently.
type contentType struct {
	media  string            // lower case; text/plain when missing (RFC 2045 §5.2)
	params map[string]string // parameter names in lower case
}

// charset returns the charset parameter in lower case.
func (ct contentType) charset() string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(ct.params["charset"]), `"'`))
}

var looseParamRE = regexp.MustCompile(`(?i)\b(charset|boundary|name|filename|format|delsp)\s*=\s*(?:"([^"]*)"?|([^;\s]+))`)

// readContentType returns the Content-Type of a part. When the field is
// malformed it keeps the media type and the parameters it can find.
func readContentType(h partHeader, digest bool) contentType {
	def := "text/plain"
	if digest {
		def = "message/rfc822"
	}
	raw := h.Get("Content-Type")
	v := strings.TrimSpace(raw)
	if v == "" {
		return contentType{media: def, params: map[string]string{}}
	}
	if media, params, err := parseWithParams(raw); err == nil {
		return contentType{media: strings.ToLower(media), params: params}
	}
	media, rest, _ := strings.Cut(v, ";")
	media = strings.ToLower(strings.Join(strings.Fields(media), ""))
	if !strings.Contains(media, "/") {
		media = def
	}
	return contentType{media: media, params: looseParams(rest)}
}

// looseParams picks the parameters Parse uses out of a malformed field.
func looseParams(s string) map[string]string {
	params := map[string]string{}
	for _, m := range looseParamRE.FindAllStringSubmatch(s, -1) {
		key := strings.ToLower(m[1])
		if _, dup := params[key]; !dup {
			params[key] = decodeWords(m[2] + m[3])
		}
	}
	return params
}

// headerWord returns the value before any parameters or comment, in lower
// case.
func headerWord(v string) string {
	v, _, _ = strings.Cut(v, ";")
	v, _, _ = strings.Cut(v, "(")
	return strings.ToLower(strings.TrimSpace(v))
}

// isAttachment reports a Content-Disposition of attachment.
func isAttachment(h partHeader) bool {
	v := strings.ToLower(strings.TrimSpace(h.Get("Content-Disposition")))
	return strings.HasPrefix(v, "attachment")
}

// fileName returns a part's file name: the Content-Disposition filename,
// else the Content-Type name (RFC 2047 and RFC 2231 decoded).
func fileName(h partHeader, ct contentType) string {
	var name string
	if v := h.Get("Content-Disposition"); v != "" {
		if _, params, err := parseWithParams(v); err == nil {
			name = params["filename"]
		} else {
			name = looseParams(v)["filename"]
		}
	}
	if name == "" {
		name = ct.params["name"]
	}
	return oneLine(name)
}

// parseWithParams parses a Content-Type or Content-Disposition value and
// decodes RFC 2047 words in its parameters, as go-message's
// Header.ContentType and ContentDisposition do.
func parseWithParams(v string) (string, map[string]string, error) {
	media, params, ok := simpleMediaType(v)
	if !ok {
		var err error
		if media, params, err = mime.ParseMediaType(v); err != nil {
			return v, nil, err
		}
	}
	for k, p := range params {
		params[k] = decodeWords(p)
	}
	return media, params, nil
}

// simpleMediaType parses the values most parts have, such as
// `text/plain; charset="UTF-8"`, as mime.ParseMediaType does, without its
// copies: a type/subtype (or a disposition) and parameters of tokens or
// quoted strings without escapes or line breaks, spaces and tabs around
// them, no RFC 2231 parameters. It reports false for anything else, which
// is left to mime.ParseMediaType, and gives what that gives where it
// reports true (FuzzSimpleMediaType).
func simpleMediaType(v string) (string, map[string]string, bool) {
	base, _, _ := strings.Cut(v, ";")
	rest := v[len(base):]
	base = strings.Trim(base, " \t")
	if typ, sub, ok := strings.Cut(base, "/"); !isToken(typ) || ok && !isToken(sub) {
		return "", nil, false
	}
	params := map[string]string{}
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			return strings.ToLower(base), params, true
		}
		if rest[0] != ';' {
			return "", nil, false
		}
		if rest = strings.TrimLeft(rest[1:], " \t"); rest == "" {
			return strings.ToLower(base), params, true // a trailing ";"
		}
		key, value, after, ok := simpleParam(rest)
		if old, dup := params[key]; !ok || dup && old != value {
			return "", nil, false
		}
		params[key], rest = value, after
	}
}

// simpleParam reads one parameter, key=value, at the start of s; the key
// in lower case.
func simpleParam(s string) (key, value, rest string, ok bool) {
	n := tokenLen(s)
	key, rest = strings.ToLower(s[:n]), strings.TrimLeft(s[n:], " \t")
	if n == 0 || strings.IndexByte(key, '*') >= 0 || !strings.HasPrefix(rest, "=") {
		return "", "", "", false
	}
	rest = strings.TrimLeft(rest[1:], " \t")
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
		if c := s[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return i
		}
	}
	return len(s)
}
