package preread

// Outcome is what became of an inbound message.
type Outcome string

// A message is filed, rejected (unknown or unauthenticated sender, auto-reply),
// failed (unparseable, too large) or ignored (nothing to file, no reply due).
const (
	OutcomeFiled    Outcome = "filed"
	OutcomeRejected Outcome = "rejected"
	OutcomeFailed   Outcome = "failed"
	OutcomeIgnored  Outcome = "ignored"
)

// Processed records one inbound message once its result is committed.
type Processed struct {
	Key         string // Message-ID, or "sha256:…" of the raw bytes when it has none
	UIDValidity uint32
	UID         uint32
	Outcome     Outcome
	Reason      string
}
