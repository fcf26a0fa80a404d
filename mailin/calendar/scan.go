package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// MaxSize is the largest input Parse reads, in bytes. An invitation is a
// few kilobytes; Outlook's can carry attachments, which are skipped.
const MaxSize = 4 << 20

// Bounds on what Parse hands to go-ical. Its decoder recurses once a
// nesting level, builds each parameter value a byte at a time (quadratic in
// its length) and panics on some malformed parameters; scan keeps only what
// this package reads, so these bound its time and memory.
const (
	maxKept       = 256 << 10 // bytes of the content lines kept
	maxLine       = 16 << 10  // bytes of one kept content line (EXDATE lists)
	maxParams     = 1 << 10   // bytes of a kept line's parameters
	maxDepth      = 8         // nesting of components
	maxComponents = 512       // components kept
	maxCalendars  = 16        // VCALENDAR objects in one input
)

// scan unfolds the content lines of data (RFC 5545 §3.1) and returns each
// VCALENDAR in it, keeping only the components and properties this package
// reads, one content line a line. Text around the calendars (a forward's
// note, a signature) is skipped.
func scan(data []byte) ([][]byte, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("calendar data over %d bytes", MaxSize)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var (
		cals  [][]byte
		cur   []byte
		stack []string // open components
		keep  []bool   // whether each is kept
		kept  int      // bytes kept in all
		comps int
	)
	for line := range unfold(data) {
		name, rest := lineName(line)
		switch {
		case name == "BEGIN":
			comp := strings.ToUpper(strings.TrimSpace(rest))
			if len(stack) == 0 && comp != "VCALENDAR" {
				continue // not in a calendar
			}
			if len(stack) == maxDepth {
				return nil, fmt.Errorf("components nested over %d deep", maxDepth)
			}
			k := keptComponent(comp, stack, keep)
			stack, keep = append(stack, comp), append(keep, k)
			if !k {
				continue
			}
			if comps++; comps > maxComponents {
				return nil, fmt.Errorf("over %d components", maxComponents)
			}
		case name == "END":
			if len(stack) == 0 {
				continue
			}
			comp := strings.ToUpper(strings.TrimSpace(rest))
			if comp != stack[len(stack)-1] {
				return nil, fmt.Errorf("END:%s inside %s", comp, stack[len(stack)-1])
			}
			k := keep[len(keep)-1]
			stack, keep = stack[:len(stack)-1], keep[:len(keep)-1]
			if !k {
				continue
			}
		case len(stack) == 0 || !keep[len(keep)-1] || !keptProp(stack[len(stack)-1], name):
			continue
		}
		if err := checkLine(line, name); err != nil {
			return nil, err
		}
		if kept += len(line) + 2; kept > maxKept {
			return nil, fmt.Errorf("calendar data kept over %d bytes", maxKept)
		}
		cur = append(append(cur, line...), '\r', '\n')
		if len(stack) == 0 {
			if len(cals) == maxCalendars {
				return nil, fmt.Errorf("over %d calendars", maxCalendars)
			}
			cals, cur = append(cals, cur), nil
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("calendar ends inside %s", stack[len(stack)-1])
	}
	if len(cals) == 0 {
		return nil, errors.New("no VCALENDAR")
	}
	return cals, nil
}

// keptComponent reports whether a component opened inside stack is kept:
// VCALENDAR, its VEVENT and VTIMEZONE, and their STANDARD and DAYLIGHT.
func keptComponent(comp string, stack []string, keep []bool) bool {
	parent := ""
	switch comp {
	case "VCALENDAR":
	case "VEVENT", "VTIMEZONE":
		parent = "VCALENDAR"
	case "STANDARD", "DAYLIGHT":
		parent = "VTIMEZONE"
	default:
		return false
	}
	if len(stack) == 0 {
		return parent == ""
	}
	return keep[len(keep)-1] && stack[len(stack)-1] == parent
}

// keptProp reports whether a property of a kept component is one this
// package reads. DESCRIPTION, X-ALT-DESC, ATTACH and the like are dropped.
func keptProp(comp, name string) bool {
	switch comp {
	case "VCALENDAR":
		return name == "METHOD"
	case "VTIMEZONE":
		return name == "TZID"
	case "STANDARD", "DAYLIGHT":
		switch name {
		case "DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "RRULE", "RDATE":
			return true
		}
	case "VEVENT":
		switch name {
		case "UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE",
			"EXDATE", "RECURRENCE-ID", "STATUS", "ORGANIZER", "ATTENDEE", "SUMMARY",
			"X-MICROSOFT-CDO-ALLDAYEVENT":
			return true
		}
	}
	return false
}

// checkLine bounds a kept content line and its parameters.
func checkLine(line, name string) error {
	if len(line) > maxLine {
		return fmt.Errorf("%s line over %d bytes", name, maxLine)
	}
	quoted := false
	for i := len(name); i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ':':
			if !quoted {
				if i-len(name) > maxParams {
					return fmt.Errorf("%s parameters over %d bytes", name, maxParams)
				}
				return nil
			}
		}
	}
	return nil // no value: go-ical will say so
}

// lineName splits a content line into its name, upper case, and what
// follows the name's colon (for BEGIN and END, the component).
func lineName(line string) (name, rest string) {
	i := strings.IndexAny(line, ";:")
	if i < 0 {
		return strings.ToUpper(line), ""
	}
	name = strings.ToUpper(line[:i])
	if _, after, ok := strings.Cut(line[i:], ":"); ok {
		rest = after
	}
	return name, rest
}

// unfold yields the content lines of data: physical lines ending in LF or
// CRLF, each line that begins with a space or tab joined to the one before
// without that character (RFC 5545 §3.1). Empty lines are skipped.
func unfold(data []byte) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		var cur strings.Builder
		flush := func() bool {
			if cur.Len() == 0 {
				return true
			}
			s := cur.String()
			cur.Reset()
			return yield(s)
		}
		for len(data) > 0 {
			line := data
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				line, data = data[:i], data[i+1:]
			} else {
				data = nil
			}
			line = bytes.TrimSuffix(line, []byte("\r"))
			if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
				cur.Write(line[1:])
				continue
			}
			if !flush() {
				return
			}
			cur.Write(line)
		}
		flush()
	}
}
