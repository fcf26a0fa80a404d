package quote

import "testing"

// gmailReply is the text part of issue 19's Gmail-style reply
// (mailtest.GmailReply): a status, a signature, the quote header and an
// 8-line quote.
const gmailReply = "Yesterday: reviewed PR #1234 and fixed the flaky reconnect test – finally green\nToday: outbox retries with back-off, then the café offsite notes\nBlockers: none\n\n-- \nPerson 012\nSenior Engineer · Platform\nCorp Example GmbH · +49 30 1234567\n\nOn Tue, Nov 24, 2026 at 9:00 AM preread <preread+status.abcdefgh12345678@corp.example> wrote:\n\n> What are you working on?\n>\n> Reply above this line with three sections:\n>\n> Yesterday:\n> Today:\n> Blockers:\n>\n"

// BenchmarkWrittenGmailReply is the trimming of one reply of the ingest
// benchmark (BENCHMARKS.md, "Company scale").
func BenchmarkWrittenGmailReply(b *testing.B) {
	for b.Loop() {
		Written(gmailReply)
	}
}
