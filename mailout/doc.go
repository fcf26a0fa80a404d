// Package mailout sends what preread has to say: it renders each Email to
// MIME once, keeps it in the outbox, and delivers it through the SMTP relay
// until the relay accepts it. Probe tries the relay step by step for
// `preread check --connect`, sending nothing.
//
// It does not decide what is due or what an email says; digest does.
package mailout
