// Package calendar reads the iCalendar data of calendar invitations (iMIP,
// RFC 6047; iTIP, RFC 5546; iCalendar, RFC 5545) that calendar servers send
// to preread's calendar address, and expands the series they describe.
//
// It owns the reading: Parse turns the bytes of a text/calendar part into
// Invitations (method, UID, SEQUENCE and DTSTAMP, organizer and attendees,
// the series and its overrides); Series.Apply merges them in revision
// order; Series.Between lists the meetings in a span. go-ical is the
// parser only. Time zones are resolved here (IANA names, Windows names
// through CLDR's table, VTIMEZONE definitions built into zones, UTC and
// floating times), and so is recurrence expansion (with rrule-go), because
// go-ical's Prop.DateTime ignores VTIMEZONE and its RecurrenceSet mishandles
// RDATE and EXDATE.
//
// It does not find the MIME parts (the caller hands it their bytes), match
// an event to a pair, store anything or decide what to send. All-day events
// are read and marked, and left for the caller to ignore.
//
// Hostile input is normal input here: Parse bounds the size, lines,
// components, events and rules it reads, refuses rules that repeat more
// often than daily, and never panics; Between bounds what it expands.
package calendar
