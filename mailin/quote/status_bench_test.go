package quote

import "testing"

// longStatus is a longer status as people write it: a greeting, headings
// with bullets, an inline blocker, a sign-off and a quoted prompt.
const longStatus = "Hi team,\n\nQuick update for today:\n\n" +
	"Yesterday:\n- reviewed PR #1234 and #1240 (the retry queue)\n- fixed the flaky reconnect test, finally green on CI\n" +
	"- paired with Bob on the calendar import; notes in the doc\n\n" +
	"Today:\n- outbox retries with back-off\n- write up the café offsite notes\n- 1:1 with Mara at 15:00\n\n" +
	"Blockers:\n- waiting on infra for the staging database credentials\n\n" +
	"Thanks,\nPriya\n\n" +
	"On Tue, Nov 24, 2026 at 9:00 AM preread <preread+status.abcdefgh12345678@corp.example> wrote:\n\n" +
	"> What are you working on?\n>\n> Reply above this line with three sections:\n>\n> Yesterday:\n> Today:\n> Blockers:\n>\n"

// BenchmarkSplitStatus splits the Gmail-style reply's text as Written
// leaves it, which is what ingest passes to SplitStatus.
func BenchmarkSplitStatus(b *testing.B) {
	text := Written(gmailReply)
	for b.Loop() {
		SplitStatus(text)
	}
}

// BenchmarkSplitStatusLong splits a longer status with bulleted sections.
func BenchmarkSplitStatusLong(b *testing.B) {
	text := Written(longStatus)
	for b.Loop() {
		SplitStatus(text)
	}
}

// BenchmarkWrittenLongStatus trims the longer status.
func BenchmarkWrittenLongStatus(b *testing.B) {
	for b.Loop() {
		Written(longStatus)
	}
}
