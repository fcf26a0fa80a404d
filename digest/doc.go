// Package digest decides what is due when, and what the team digest and the
// 1:1 pre-read say, in text and HTML. It is pure: data and a clock in,
// emails out. It does not read mail, touch the database or send anything.
package digest
