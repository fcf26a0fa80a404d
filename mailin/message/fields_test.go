package message

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-message/textproto"
)

// goMessageFields reads the header block of b the way splitMessage did
// before it split fields itself: go-message's ReadHeader. It is the
// reference readFields is held to.
func goMessageFields(block []byte) (fieldList, error) {
	hb := slices.Concat(block, []byte("\n\n"))
	h, err := textproto.ReadHeader(bufio.NewReaderSize(bytes.NewReader(hb), min(len(hb), 4096)))
	if err != nil {
		return nil, err
	}
	var out fieldList
	for f := h.Fields(); f.Next(); {
		out = append(out, field{key: f.Key(), value: f.Value()})
	}
	return out, nil
}

// checkFieldsLikeGoMessage checks that splitMessage reads the header of
// raw as go-message does: the same fields, the same values, and an error
// exactly when go-message has one.
func checkFieldsLikeGoMessage(t *testing.T, raw []byte) {
	t.Helper()
	got, _, err := splitMessage(raw)
	b := bytes.TrimLeft(raw, " \t\r\n")
	if bytes.HasPrefix(b, []byte("From ")) {
		_, b, _ = bytes.Cut(b, []byte("\n"))
	}
	end, _, endErr := headerEnd(b)
	if endErr != nil {
		if err == nil {
			t.Fatalf("splitMessage(%q) has no error, headerEnd has %v", raw, endErr)
		}
		return
	}
	want, wantErr := goMessageFields(b[:end])
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("splitMessage(%q) error %v, go-message's %v", raw, err, wantErr)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("splitMessage(%q) fields\n%q\nwant go-message's\n%q", raw, got, want)
	}
}

func TestFieldsLikeGoMessage(t *testing.T) {
	inputs := []string{
		"",
		"From: a@b.example\r\nTo: c@d.example\r\n\r\nbody",
		"From: a@b.example\nSubject: one\n two\n\tthree \n\nbody",
		"From: a@b.example\nSubject:\n \n\t\n\nbody",
		"From: a@b.example\rTo: c@d.example\r\rbody",                      // bare CR
		"From: a@b.example\r\nSubject: x\ry\r\r\nTo: c@d\r\n\r\nbody",     // CR inside and before CRLF
		"From: a@b.example\nSub\x00ject: x\nTo: c\x00@d.example\n\nbody",  // NULs
		"From: Jos\xe9 <a@b.example>\nSubject: caf\xe9\n\xe9X: y\n\nbody", // 8-bit
		"From: a@b.example\nno colon here\nTo: x@y\n\nbody",
		"From : a@b.example\nTo\t: x@y\nSubject  :  hi  \n\nbody",
		"From: a@b.example\n: no name\n more\nTo: x@y\n\nbody",
		"From: a@b.example\nTo: x@y", // no line end, no body
		"From: a@b.example\nTo: x@y\r",
		"From: a@b.example\nTo: x@y\n \r",
		"From mbox line\n continued: x\n\nbody",   // a header can't start with a continuation
		"From mbox line\n\nFrom: a@b.example\n\n", // an empty header
		"mime-version: 1.0\nmessage-ID: <a@b>\nX-GM-THRID: 1\nDKIM-Signature: v=1\nx(y): z\n\n",
		"From: a@b.example\nX-Long: " + strings.Repeat("x", 5000) + "\r\n " + strings.Repeat("y", 5000) + "\r\n\r\n",
	}
	for _, in := range inputs {
		checkFieldsLikeGoMessage(t, []byte(in))
	}
}

// TestFieldsHostile reads headers built to be slow: one field of 64 KiB,
// and a million tiny fields, in linear time.
func TestFieldsHostile(t *testing.T) {
	big := "From: a@b.example\nX-Big: " + strings.Repeat("x", 64<<10) + "\n" + strings.Repeat(" "+strings.Repeat("y", 70)+"\n", 1000) + "\nbody"
	checkFieldsLikeGoMessage(t, []byte(big))
	tiny := "From: a@b.example\n" + strings.Repeat("A: b\n", 1_000_000) + "\nbody"
	h, body, err := splitMessage([]byte(tiny))
	if err != nil || len(h) != 1_000_001 || string(body) != "body" {
		t.Fatalf("splitMessage(a million fields) = %d fields, body %q, %v", len(h), body, err)
	}
	if vs := h.byName()["A"]; len(vs) != 1_000_000 || vs[999_999] != "b" {
		t.Fatalf("byName(a million fields)[A] has %d values", len(vs))
	}
}

// FuzzFieldsLikeGoMessage holds readFields to go-message's ReadHeader on
// any bytes, from the fixtures as seeds.
func FuzzFieldsLikeGoMessage(f *testing.F) {
	addParseSeeds(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkFieldsLikeGoMessage(t, raw)
	})
}

// TestByNameLikeGoMessage checks the map ParseHeader puts in
// Message.Header against go-message's Header.Map.
func TestByNameLikeGoMessage(t *testing.T) {
	block := []byte("Received: a\nFrom: x@y\nreceived: b\nTo: c@d\nRECEIVED: c\n d\n")
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(append(block, '\n'))))
	if err != nil {
		t.Fatal(err)
	}
	got, want := readFields(string(block)).byName(), h.Map()
	if len(got) != len(want) {
		t.Fatalf("byName() = %q, want %q", got, want)
	}
	for k, vs := range want {
		if !slices.Equal(got[k], vs) {
			t.Errorf("byName()[%q] = %q, want %q", k, got[k], vs)
		}
	}
}
