// Package demo owns `preread demo`: the sample team and its config, the
// week's script, the mail programs its people write with, and the account
// of the week, printed as it plays and kept as .eml and .html files.
//
// It plays the week on internal/loopback's IMAP and SMTP servers and a
// simulated clock, and drives the real service only through Service, which
// cmd/preread implements on its app; so it never imports package main, nor
// the store, the config or mailout. It sends nothing itself: every email it
// reports is one the service queued and delivered.
package demo
