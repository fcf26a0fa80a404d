package calendar

import (
	"bytes"
	"errors"
	"strings"

	"github.com/emersion/go-ical"
)

// Extract returns what a caller needs to keep of calendar data for one
// event (uid): each calendar object that has the event, with its METHOD,
// the event's VEVENTs and the VTIMEZONEs they name, one content line a
// line, as Parse reads them. The rest (other events, descriptions,
// attachments, alarms, unused zones) is left out, so what is kept is a
// few kilobytes however large the part was. Parse of the result gives
// the same invitation for uid as Parse of data.
func Extract(data []byte, uid string) ([]byte, error) {
	chunks, err := scan(data)
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, chunk := range chunks {
		out = append(out, extractChunk(chunk, uid)...)
	}
	if len(out) == 0 {
		return nil, errors.New("no VEVENT of the event")
	}
	return out, nil
}

// extractChunk keeps of one scanned calendar object (a VCALENDAR whose
// components are VEVENT and VTIMEZONE, see scan) the event's VEVENTs and
// the VTIMEZONEs they name; nothing when it has none of them.
func extractChunk(chunk []byte, uid string) []byte {
	cal, err := decode(chunk)
	if err != nil {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(string(chunk), "\r\n"), "\r\n")
	var head []string     // the VCALENDAR's own lines but its END
	var blocks [][]string // its components, in order: go-ical keeps that order
	depth := 0
	for _, line := range lines {
		name, _ := lineName(line)
		switch {
		case name == "BEGIN":
			depth++
			if depth == 2 {
				blocks = append(blocks, nil)
			}
		case name == "END":
			depth--
		}
		switch {
		case depth >= 2 || depth == 1 && name == "END":
			blocks[len(blocks)-1] = append(blocks[len(blocks)-1], line)
		case depth == 1:
			head = append(head, line)
		}
	}
	if len(blocks) != len(cal.Children) {
		return nil
	}
	keep := make([]bool, len(blocks))
	zones := map[string]bool{}
	for i, c := range cal.Children {
		if c.Name != ical.CompEvent || strings.TrimSpace(text(c.Props.Get(ical.PropUID))) != uid {
			continue
		}
		keep[i] = true
		for _, props := range c.Props {
			for _, p := range props {
				if id := p.Params.Get(ical.ParamTimezoneID); id != "" {
					zones[strings.TrimSpace(id)] = true
				}
			}
		}
	}
	for i, c := range cal.Children {
		if c.Name == ical.CompTimezone && zones[strings.TrimSpace(text(c.Props.Get(ical.PropTimezoneID)))] {
			keep[i] = true
		}
	}
	var b bytes.Buffer
	events := 0
	for i, block := range blocks {
		if keep[i] {
			if cal.Children[i].Name == ical.CompEvent {
				events++
			}
			for _, line := range block {
				b.WriteString(line + "\r\n")
			}
		}
	}
	if events == 0 {
		return nil
	}
	return []byte(strings.Join(head, "\r\n") + "\r\n" + b.String() + "END:VCALENDAR\r\n")
}
