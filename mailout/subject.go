package mailout

import (
	"bufio"
	"bytes"
	"io"
	"mime"
	"net/textproto"
)

// Subject reads the decoded Subject of an email we rendered from its header
// (the raw bytes up to the blank line, or all of them); "" when there is
// none or it can't be read.
func Subject(header []byte) string {
	r := textproto.NewReader(bufio.NewReader(io.MultiReader(bytes.NewReader(header), bytes.NewReader([]byte("\r\n")))))
	h, err := r.ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		return ""
	}
	s := h.Get("Subject")
	if decoded, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		return decoded
	}
	return s
}
