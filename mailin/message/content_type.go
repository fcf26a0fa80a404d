package message

import (
	"regexp"
	"strings"
)

// partHeader is what a MIME walk reads of an entity's header: a
// message's own (header) or a part's (go-message's textproto.Header).
type partHeader interface {
	Get(key string) string // the first value of the field named key, canonical
}

// contentType is a part's media type, read leniently.
type contentType struct {
	media  string // lower case; text/plain when missing (RFC 2045 §5.2)
	params mediaParams
}

// charset returns the charset parameter in lower case.
func (ct contentType) charset() string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(ct.params.get("charset")), `"'`))
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
		return contentType{media: def}
	}
	if media, params, err := parseWithParams(raw); err == nil {
		return contentType{media: strings.ToLower(media), params: params}
	}
	media, rest, _ := strings.Cut(v, ";")
	media = strings.ToLower(strings.Join(strings.Fields(media), ""))
	if !strings.Contains(media, "/") {
		media = def
	}
	return contentType{media: media, params: mediaParams{m: looseParams(rest)}}
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
			name = params.get("filename")
		} else {
			name = looseParams(v)["filename"]
		}
	}
	if name == "" {
		name = ct.params.get("name")
	}
	return oneLine(name)
}
