package mailin

import (
	"context"
	"testing"
	"time"

	"github.com/preread/preread"
)

// TestStatusDayFollowsDelivery: a status counts for the day its Date header
// says when the server took it in within 12 hours of that, else for the day
// the server took it in, never for the day of the pass: mail read after a
// week of downtime counts for the days it was written.
func TestStatusDayFollowsDelivery(t *testing.T) {
	c := memClassifier() // Alice in Berlin; the clock on Tue 24 Nov 2026, 12:00 UTC
	berlin := c.Directory.People[0].TimeZone
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, berlin) }
	cases := []struct {
		name           string
		date, received time.Time
		want           string
	}{
		{"written late, delivered after midnight", at(16, 23, 50), at(17, 0, 20), "2026-11-16"},
		{"a Date three days off", at(13, 9, 0), at(16, 9, 5), "2026-11-16"},
		{"a Date in the future", at(20, 9, 0), at(16, 9, 5), "2026-11-16"},
		{"read a week late", at(16, 9, 0), at(16, 9, 1), "2026-11-16"},
		{"delivered on a Saturday: the next workday", at(21, 10, 0), at(21, 10, 1), "2026-11-23"},
		{"no INTERNALDATE: the Date near the clock", at(24, 8, 0), time.Time{}, "2026-11-24"},
		{"no INTERNALDATE, a Date far off: the clock", at(2, 8, 0), time.Time{}, "2026-11-24"},
	}
	for _, tc := range cases {
		raw := []byte("From: alice@corp.example\r\nTo: preread+status.aaaaaaaaaaaaaaaa@corp.example\r\n" +
			"Message-ID: <" + tc.name + "@corp.example>\r\nDate: " + tc.date.Format(time.RFC1123Z) + "\r\n\r\nToday: x\r\n")
		p, err := c.Process(t.Context(), raw, tc.received)
		if err != nil {
			t.Fatal(err)
		}
		if p.Outcome != preread.OutcomeFiled || p.Status == nil || p.Status.Date.String() != tc.want {
			t.Errorf("%s: filed %s %+v, want for %s", tc.name, p.Outcome, p.Status, tc.want)
		}
	}
}

// TestAReplyOfOnlyTheQuoteIsExplained: a reply with nothing of its own
// files nothing and asks for one explanation (at most one a day), never a
// status made of our own prompt.
func TestAReplyOfOnlyTheQuoteIsExplained(t *testing.T) {
	c := memClassifier()
	raw := []byte("From: alice@corp.example\r\nTo: preread+status.aaaaaaaaaaaaaaaa@corp.example\r\n" +
		"Subject: Re: [STATUS] What are you working on? (Tue 24 Nov)\r\nMessage-ID: <only-quote@corp.example>\r\n\r\n" +
		"On Tue, 24 Nov 2026 at 09:00, preread <preread@corp.example> wrote:\r\n> What are you working on today?\r\n>\r\n> Yesterday:\r\n> Today:\r\n> Blockers:\r\n")
	p, err := c.Process(t.Context(), raw, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Outcome != preread.OutcomeIgnored || p.Status != nil || p.Due == nil || p.Due.Kind != preread.ReplyOnlyQuote || p.Due.To != "alice@corp.example" {
		t.Errorf("Process(only a quote) = %s %q, due %+v; want ignored with the only-quote reply to Alice", p.Outcome, p.Reason, p.Due)
	}
	// An empty reply is no mistake to explain.
	empty := []byte("From: alice@corp.example\r\nTo: preread+status.aaaaaaaaaaaaaaaa@corp.example\r\nMessage-ID: <empty@corp.example>\r\n\r\n \r\n")
	if p, _ := c.Process(t.Context(), empty, time.Time{}); p.Outcome != preread.OutcomeIgnored || p.Due != nil {
		t.Errorf("Process(empty) = %s, due %+v; want ignored, nothing due", p.Outcome, p.Due)
	}
}

// TestAReplyToADigestIsTheDigestsDay: replying to the digest is the
// natural thing; it files as the replier's status for the digest's day.
func TestAReplyToADigestIsTheDigestsDay(t *testing.T) {
	c := memClassifier()
	raw := []byte("From: alice@corp.example\r\nTo: preread+status.aaaaaaaaaaaaaaaa@corp.example\r\n" +
		"Subject: Re: [Platform] Status, Mon 23 Nov: all clear\r\nIn-Reply-To: <digest@corp.example>\r\n" +
		"Message-ID: <digest-reply@corp.example>\r\n\r\nToday: the importer\r\n\r\n" +
		"On Mon, 23 Nov 2026 at 11:00, preread <preread@corp.example> wrote:\r\n> Bob: Today: reviews\r\n")
	p, err := c.Process(t.Context(), raw, time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if p.Status == nil || p.Status.Date.String() != "2026-11-23" || p.Status.Text != "Today: the importer" {
		t.Errorf("a reply to Monday's digest filed %+v, want Alice's status for 2026-11-23 without the quote", p.Status)
	}
	// Carol reads the digest but is not asked for status: hers is no status.
	raw = []byte("From: carol@corp.example\r\nTo: preread+status.aaaaaaaaaaaaaaaa@corp.example\r\n" +
		"Subject: Re: [Platform] Status\r\nIn-Reply-To: <digest@corp.example>\r\nMessage-ID: <carol-digest-reply@corp.example>\r\n\r\nBob, ping me.\r\n")
	memToken := memClassifier()
	memToken.Lookup = carolsToken{memLookup{}}
	p, err = memToken.Process(t.Context(), raw, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != nil || p.Due == nil || p.Due.Kind != preread.ReplyNotice {
		t.Errorf("Carol's reply to the digest = %s %+v, due %+v; want nothing filed and a notice", p.Outcome, p.Status, p.Due)
	}
}

// carolsToken is memLookup with the token aaaa… Carol's.
type carolsToken struct{ memLookup }

func (carolsToken) TokenOwner(context.Context, string) (string, bool, error) {
	return "carol@corp.example", true, nil
}

// TestAnOldTokenIsToldNotFiled: mail to an address with the sender's own
// replaced token files nothing but tells them (at their directory
// address) which address to use; someone else's old token tells nobody.
func TestAnOldTokenIsToldNotFiled(t *testing.T) {
	c := memClassifier()
	raw := func(from string) []byte {
		return []byte("From: " + from + "\r\nTo: preread+status.bbbbbbbbbbbbbbbb@corp.example\r\nSubject: Re: status\r\n" +
			"Message-ID: <old-" + from + ">\r\n\r\nToday: x\r\n")
	}
	p, err := c.Process(t.Context(), raw("alice@corp.example"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Outcome != preread.OutcomeRejected || p.Status != nil || p.Due == nil || p.Due.Kind != preread.ReplyNotice || p.Due.To != "alice@corp.example" {
		t.Errorf("old token = %s %q, due %+v; want rejected with a notice to Alice", p.Outcome, p.Reason, p.Due)
	}
	if p, _ := c.Process(t.Context(), raw("carol@corp.example"), time.Time{}); p.Outcome != preread.OutcomeRejected || p.Due != nil {
		t.Errorf("someone else's old token = %s, due %+v; want rejected, nobody told", p.Outcome, p.Due)
	}
}

// TestTheBounceTokenOnlyTellsWhoseAutoReplyItIs: an auto-reply to a
// person's bounce address sets them away; their reply token there does
// not, and the bounce token files nothing, even with their From.
func TestTheBounceTokenOnlyTellsWhoseAutoReplyItIs(t *testing.T) {
	c := memClassifier()
	ooo := func(to string) preread.Processed {
		t.Helper()
		p, err := c.Process(t.Context(), []byte("From: Alice <alice@corp.example>\r\nTo: "+to+"\r\nSubject: Automatic reply: status\r\n"+
			"Auto-Submitted: auto-replied\r\nMessage-ID: <ooo-"+to+">\r\n\r\nI'm out of the office until 2026-11-27.\r\n"), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := ooo("preread+bounce.cccccccccccccccc@corp.example"); p.Command == nil || p.Command.Person != "alice@corp.example" ||
		p.Command.Away.To.String() != "2026-11-27" || p.Outcome != preread.OutcomeRejected || p.Due != nil {
		t.Errorf("an out-of-office to Alice's bounce address = %s %q, command %+v; want her away until 27 Nov, unanswered", p.Outcome, p.Reason, p.Command)
	}
	if p := ooo("preread+bounce.aaaaaaaaaaaaaaaa@corp.example"); p.Command != nil {
		t.Errorf("her reply token in a bounce address set her away: %+v", p.Command)
	}
	p, err := c.Process(t.Context(), []byte("From: alice@corp.example\r\nTo: preread+bounce.cccccccccccccccc@corp.example\r\n"+
		"Subject: [STATUS] x\r\nMessage-ID: <to-bounce@corp.example>\r\n\r\nToday: x\r\n"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != nil || p.Outcome == preread.OutcomeFiled {
		t.Errorf("a status to the bounce address was filed: %s %q", p.Outcome, p.Reason)
	}
}
