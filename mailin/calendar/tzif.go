package calendar

import (
	"encoding/binary"
	"slices"
)

// zoneType is one local time type of a TZif blob.
type zoneType struct {
	offset int
	dst    bool
	abbr   string
}

// tzif encodes onsets, sorted by time, as a TZif version 2 blob (RFC 8536)
// for time.LoadLocationFromTZData. Its first type, used before the first
// transition, is the standard time in force then. It has no footer: the
// last transition's type holds after it, and onsets run to lastZoneYear.
func tzif(onsets []onset) []byte {
	first := zoneType{offset: onsets[0].offset, abbr: onsets[0].abbr}
	for _, o := range onsets {
		if !o.dst {
			first = zoneType{offset: o.offset, abbr: o.abbr}
			break
		}
	}
	types := []zoneType{first}
	index := make([]byte, len(onsets))
	for i, o := range onsets {
		t := zoneType{o.offset, o.dst, o.abbr}
		j := slices.Index(types, t)
		if j < 0 { // at most one type an observance: maxObservances+1 in all
			types = append(types, t)
			j = len(types) - 1
		}
		index[i] = byte(j)
	}
	var chars []byte
	at := make([]byte, len(types))
	for i, t := range types {
		if k := indexString(chars, t.abbr); k >= 0 {
			at[i] = byte(k)
			continue
		}
		at[i] = byte(len(chars))
		chars = append(append(chars, t.abbr...), 0)
	}
	if len(chars) > 255 { // an index is a byte: many long names are hostile
		chars, at = []byte("UNK\x00"), make([]byte, len(types))
	}

	var b []byte
	header := func(timecnt, typecnt, charcnt int) {
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		for _, n := range []int{0, 0, 0, timecnt, typecnt, charcnt} {
			b = binary.BigEndian.AppendUint32(b, uint32(n))
		}
	}
	// Version 1 block: no transitions, one type (RFC 8536 §4 lets a
	// version 2 reader skip it).
	header(0, 1, 1)
	b = append(b, 0, 0, 0, 0, 0, 0, 0)
	// Version 2 block.
	header(len(onsets), len(types), len(chars))
	for _, o := range onsets {
		b = binary.BigEndian.AppendUint64(b, uint64(o.at))
	}
	b = append(b, index...)
	for i, t := range types {
		b = binary.BigEndian.AppendUint32(b, uint32(int32(t.offset)))
		b = append(b, boolByte(t.dst), at[i])
	}
	b = append(b, chars...)
	return append(b, '\n', '\n') // an empty footer
}

// indexString returns where s begins NUL-terminated in chars, or -1.
func indexString(chars []byte, s string) int {
	for i := 0; i+len(s) < len(chars); i++ {
		if string(chars[i:i+len(s)]) == s && chars[i+len(s)] == 0 && (i == 0 || chars[i-1] == 0) {
			return i
		}
	}
	return -1
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}
