// Package preread holds the domain types that every part of preread shares:
// the directory (people, teams, pairs), the calendar and meeting rules, the
// notebook (status entries, agenda items, notes) and outgoing emails.
//
// It does no I/O. The store, mailin, mailout and digest packages, and the
// command in cmd/preread, all speak in these types.
package preread
