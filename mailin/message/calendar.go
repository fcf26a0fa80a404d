package message

import (
	"bytes"
	"io"
	"path"
	"strings"
)

// Bounds on the calendar parts a message keeps: an invitation is a few
// KiB, and a calendar server sends one object, twice at most (Google's
// text/calendar part and its invite.ics).
const (
	MaxCalendarSize  = 1 << 20 // bytes of one part, decoded
	maxCalendarParts = 4
)

// isCalendar reports a part that carries iCalendar data (RFC 5545 §8.1,
// RFC 6047 §2.4): text/calendar, application/ics (which Google and
// Outlook attach as invite.ics), or a file named .ics of any type.
func isCalendar(media, name string) bool {
	return media == "text/calendar" || media == "application/ics" ||
		strings.EqualFold(path.Ext(strings.TrimSpace(name)), ".ics")
}

// calendar keeps a calendar part's data, decoded, unless it is over
// MaxCalendarSize, the same as one kept already, or one too many.
func (w *partWalker) calendar(b body, cte string) {
	if len(w.calendars) >= maxCalendarParts {
		return
	}
	raw := b.raw
	if b.r != nil {
		// Encoded data takes up to 4/3 of its decoded size, and lines.
		raw, _ = io.ReadAll(io.LimitReader(b.r, 2*MaxCalendarSize))
	}
	data := decodeTransfer(raw, cte)
	if len(data) == 0 || len(data) > MaxCalendarSize {
		return
	}
	for _, kept := range w.calendars {
		if bytes.Equal(kept, data) {
			return
		}
	}
	w.calendars = append(w.calendars, bytes.Clone(data))
}
