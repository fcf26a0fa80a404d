package e2e

import (
	"fmt"
	"strings"
)

// vevent is one VEVENT of Mara's 1:1 with Ravi (Mara organizes), its
// times in Berlin: the lines given, then the organizer and attendees.
func vevent(uid string, lines ...string) string {
	return "BEGIN:VEVENT\r\nUID:" + uid + "\r\n" + strings.Join(lines, "\r\n") + "\r\n" +
		"ORGANIZER;CN=Mara Manager:mailto:mara@corp.example\r\n" +
		"ATTENDEE;CN=Mara Manager:mailto:mara@corp.example\r\n" +
		"ATTENDEE;CN=Ravi Report:mailto:ravi@corp.example\r\n" +
		"SUMMARY:Mara / Ravi 1:1\r\nEND:VEVENT\r\n"
}

// vcalendar wraps events in a calendar object of the method given.
func vcalendar(method string, events ...string) string {
	return "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nMETHOD:" + method + "\r\n" +
		strings.Join(events, "") + "END:VCALENDAR\r\n"
}

// berlinLocal is a Berlin wall time as an iCalendar property value.
func berlinLocal(name string, day string, hhmm int) string {
	return fmt.Sprintf("%s;TZID=Europe/Berlin:%sT%04d00", name, day, hhmm)
}
