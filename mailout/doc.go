// Package mailout sends what preread has to say: it renders each Email to
// MIME once, keeps it in the outbox, and delivers it through the SMTP relay
// until the relay accepts it.
//
// It does not decide what is due or what an email says; digest does.
package mailout
