package quote

import (
	"strings"
	"testing"
	"time"
)

func TestSplitForward(t *testing.T) {
	tests := []struct {
		name, in string
		note     string
		fwd      Forward
		ok       bool
	}{
		{
			name: "gmail",
			in: "Can we talk about this on Friday?\n\n---------- Forwarded message ---------\nFrom: Bob Builder <bob@example.com>\n" +
				"Date: Tue, Mar 5, 2024 at 9:14 AM\nSubject: Q3 plan\nTo: Alice <alice@example.com>\n\nHere is the plan.\n\nBob\n",
			note: "Can we talk about this on Friday?",
			fwd:  Forward{From: "Bob Builder <bob@example.com>", Date: "Tue, Mar 5, 2024 at 9:14 AM", Subject: "Q3 plan", Text: "Here is the plan."},
			ok:   true,
		},
		{
			name: "apple mail with a mobile signature in the note",
			in: "For our 1:1\n\nSent from my iPhone\n\nBegin forwarded message:\n\n> From: Bob <bob@example.com>\n" +
				"> Subject: Offsite\n> Date: 5 March 2024 at 09:14:00 CET\n> To: Alice <alice@example.com>\n>\n> Who is coming?\n",
			note: "For our 1:1",
			fwd:  Forward{From: "Bob <bob@example.com>", Date: "5 March 2024 at 09:14:00 CET", Subject: "Offsite", Text: "Who is coming?"},
			ok:   true,
		},
		{
			name: "apple mail unquoted",
			in: "FYI\n\nBegin forwarded message:\n\nFrom: Bob <bob@example.com>\nSubject: Offsite\nDate: 5 March 2024 at 09:14:00 CET\n" +
				"To: Alice <alice@example.com>\n\nWho is coming?\n",
			note: "FYI",
			fwd:  Forward{From: "Bob <bob@example.com>", Date: "5 March 2024 at 09:14:00 CET", Subject: "Offsite", Text: "Who is coming?"},
			ok:   true,
		},
		{
			name: "outlook original message",
			in: "See below.\n\n-----Original Message-----\nFrom: Bob [mailto:bob@example.com]\nSent: Tuesday, March 5, 2024 9:14 AM\n" +
				"To: Alice\nSubject: RE: Budget\n\nNumbers attached.\n\n-- \nBob\nFinance\n",
			note: "See below.",
			fwd:  Forward{From: "Bob <bob@example.com>", Date: "Tuesday, March 5, 2024 9:14 AM", Subject: "RE: Budget", Text: "Numbers attached."},
			ok:   true,
		},
		{
			name: "outlook block at the top",
			in: "From: Bob <bob@example.com<mailto:bob@example.com>>\nSent: Tuesday, March 5, 2024 9:14 AM\nTo: Alice\n" +
				"Subject: Hiring\nspans two lines\n\nWe have two offers out.\n",
			fwd: Forward{From: "Bob <bob@example.com>", Date: "Tuesday, March 5, 2024 9:14 AM", Subject: "Hiring spans two lines", Text: "We have two offers out."},
			ok:  true,
		},
		{
			name: "german gmail",
			in: "Bitte besprechen.\n\n---------- Weitergeleitete Nachricht ---------\nVon: Bob <bob@example.com>\n" +
				"Date: Di., 5. März 2024 um 09:14 Uhr\nSubject: Urlaub\nTo: <alice@example.com>\n\nIch bin im April weg.\n",
			note: "Bitte besprechen.",
			fwd:  Forward{From: "Bob <bob@example.com>", Date: "Di., 5. März 2024 um 09:14 Uhr", Subject: "Urlaub", Text: "Ich bin im April weg."},
			ok:   true,
		},
		{
			name: "french apple mail",
			in: "À voir.\n\nDébut du message réexpédié :\n\nDe: Bob <bob@example.com>\nObjet: Congés\nDate: 5 mars 2024 à 09:14:00 UTC+1\n" +
				"À: Alice <alice@example.com>\n\nJe serai absent en avril.\n",
			note: "À voir.",
			fwd:  Forward{From: "Bob <bob@example.com>", Date: "5 mars 2024 à 09:14:00 UTC+1", Subject: "Congés", Text: "Je serai absent en avril."},
			ok:   true,
		},
		{
			name: "french thunderbird",
			in: "\n-------- Message transféré --------\nSujet : Congés\nDate : Tue, 5 Mar 2024 09:14:00 +0100\n" +
				"De : Bob <bob@example.com>\nPour : Alice <alice@example.com>\n\nJe serai absent.\n",
			fwd: Forward{From: "Bob <bob@example.com>", Date: "Tue, 5 Mar 2024 09:14:00 +0100", Subject: "Congés", Text: "Je serai absent."},
			ok:  true,
		},
		{
			name: "forwarded text loses its own quote",
			in: "---------- Forwarded message ---------\nFrom: Bob <bob@example.com>\nDate: Tue, Mar 5, 2024 at 9:14 AM\n" +
				"Subject: Re: Plan\nTo: Alice\n\nAgreed.\n\nOn Mon, Mar 4, 2024 at 5:00 PM Carol <carol@example.com> wrote:\n> Shall we?\n",
			fwd: Forward{From: "Bob <bob@example.com>", Date: "Tue, Mar 5, 2024 at 9:14 AM", Subject: "Re: Plan", Text: "Agreed."},
			ok:  true,
		},
		{
			name: "original message without headers",
			in:   "Note.\n\n-----original message-----\n\nHi John,\n\nthe proposal.\n",
			note: "Note.",
			fwd:  Forward{Text: "Hi John,\n\nthe proposal."},
			ok:   true,
		},
		{name: "plain reply", in: "Looks good.\n\nOn Tue, Mar 5, 2024 at 9:14 AM Bob <bob@example.com> wrote:\n> Review?\n"},
		{name: "quoted forward", in: "Thanks.\n\n> ---------- Forwarded message ---------\n> From: Bob <bob@example.com>\n> Subject: x\n"},
		{name: "lone header-like lines", in: "Subject: the importer\nDate: Friday 3pm\n"},
		{name: "empty", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			note, fwd, ok := SplitForward(tt.in)
			if note != tt.note || fwd != tt.fwd || ok != tt.ok {
				t.Errorf("SplitForward(%q) = %q, %+v, %v, want %q, %+v, %v", tt.in, note, fwd, ok, tt.note, tt.fwd, tt.ok)
			}
		})
	}
}

// TestSplitForwardFast guards against backtracking on email_reply_trimmer's
// matcher fixture and on 1,000 lines that all look like the start of a
// wrapped quote header. The limit is loose for busy machines and -race; the
// benchmarks give the real numbers.
func TestSplitForwardFast(t *testing.T) {
	for _, body := range []string{
		"> am 09.09.2017 um 21:42 sssssss\nßßßßßßßß fffffff\n\n> in message from sssssss\nßßßßßßßß fffffff",
		strings.Repeat("> am 09.09.2017 um 21:42 sssssss schrieb am\nßßßßßßßß fffffff:\n", 500),
	} {
		start := time.Now()
		_, _, ok := SplitForward(body)
		if el := time.Since(start); ok || el > time.Second {
			t.Errorf("SplitForward(%q…) = %v in %v, want false in under 1s", body[:30], ok, el)
		}
	}
}

// FuzzSplitForward checks that SplitForward never panics and that the note
// and the forwarded text are made of lines of the input.
func FuzzSplitForward(f *testing.F) {
	for _, s := range []string{
		"note\n---------- Forwarded message ---------\nFrom: a <a@b.c>\nDate: 5 May 2024\nSubject: s\nTo: b\n\ntext",
		"From: a [mailto:a@b.c]\nSent: 5 May 2024\nTo: b\nSubject: s\nwrapped\n\ntext\n-- \nsig",
		"Begin forwarded message:\n\n> From: a\n> Subject: b",
		"-----Original Message-----\r\n\r\nx",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		note, fwd, ok := SplitForward(in)
		if !ok && (note != "" || fwd != Forward{}) {
			t.Fatalf("SplitForward(%q) = %q, %+v, false", in, note, fwd)
		}
		for _, part := range []string{note, fwd.Text} {
			for _, l := range strings.Split(part, "\n") {
				if !strings.Contains(in, l) {
					t.Fatalf("SplitForward(%q) = %q, %+v: line %q is not in the input", in, note, fwd, l)
				}
			}
		}
	})
}

// BenchmarkSplitForwardLongQuote runs SplitForward on github's ~750 KB
// quote (or a body like it).
func BenchmarkSplitForwardLongQuote(b *testing.B) {
	body := corpusFile("email_reply_parser", "emails", "email_long_quote.txt")
	if body == "" {
		body = "Hi folks\n\n" + strings.Repeat(">", 750_000) + "\n"
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		SplitForward(body)
	}
}
