package quote

import (
	"strings"
	"testing"
)

func TestSplitStatus(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Sections
		ok   bool
	}{
		{"empty", "", Sections{}, false},
		{"free text", "Worked on the importer, pairing with Bob after lunch.", Sections{}, false},
		{"heading words inside sentences",
			"I did today's review.\nToday I paired with Bob.\nDone with the migration, next up is QA.",
			Sections{}, false},
		{"plain",
			"Yesterday: shipped the importer\nToday: dedupe\nBlockers: none",
			Sections{Yesterday: "shipped the importer", Today: "dedupe"}, true},
		{"bullets under bare headings",
			"Yesterday\n- fixed #123\n- reviewed PRs\n\nToday\n- release\n  - notes first\n\nBlockers\n- waiting on infra",
			Sections{Yesterday: "- fixed #123\n- reviewed PRs", Today: "- release\n  - notes first", Blockers: "- waiting on infra"}, true},
		{"markdown bold and headings",
			"**Yesterday:** shipped\n**Today**: tests\n## Blockers\nCI is red",
			Sections{Yesterday: "shipped", Today: "tests", Blockers: "CI is red"}, true},
		{"bulleted bold headings",
			"- **Done:** the importer\n- **Next:** dedupe\n- **Blocked by:** nothing.",
			Sections{Yesterday: "the importer", Today: "dedupe"}, true},
		{"short forms", "Y: importer\nT: dedupe\nB: none",
			Sections{Yesterday: "importer", Today: "dedupe"}, true},
		{"lone short form", "A: option one\nB: option two", Sections{}, false},
		{"blockers none with period", "Did: a\nBlockers: none.", Sections{Yesterday: "a"}, true},
		{"blockers none with emoji", "Today: a\nBlockers: None 🎉", Sections{Today: "a"}, true},
		{"blockers no blockers so far", "Today: a\nBlockers:\n- No blockers so far!", Sections{Today: "a"}, true},
		{"blockers n/a and dash", "Today: a\nImpediments: n/a\nBlocked: -", Sections{Today: "a"}, true},
		{"blocker that is not none", "Today: a\nBlockers: none, but the VPN is flaky",
			Sections{Today: "a", Blockers: "none, but the VPN is flaky"}, true},
		{"greeting dropped", "Hi team,\n\nYesterday: a\nToday: b",
			Sections{Yesterday: "a", Today: "b"}, true},
		{"chatter dropped", "Hello Bob, here's my update:\nDone: a\nPlan: b",
			Sections{Yesterday: "a", Today: "b"}, true},
		{"preamble before today is yesterday", "Out sick yesterday morning.\nToday: catch up\nBlockers: none",
			Sections{Yesterday: "Out sick yesterday morning.", Today: "catch up"}, true},
		{"preamble before blockers is today", "Mostly meetings, then the QA pass.\nBlockers: waiting on Carol",
			Sections{Today: "Mostly meetings, then the QA pass.", Blockers: "waiting on Carol"}, true},
		{"preamble before yesterday opens it", "Short week.\nYesterday: a\nToday: b",
			Sections{Yesterday: "Short week.\na", Today: "b"}, true},
		{"lone today heading", "Today: pairing with Bob", Sections{Today: "pairing with Bob"}, true},
		{"lone bare word", "Finished the report.\nDone\nThen lunch.", Sections{}, false},
		{"bulleted bare word is a list item", "- Done\n- Today", Sections{}, false},
		{"tomorrow without today", "Done: a\nTomorrow: b", Sections{Yesterday: "a", Today: "b"}, true},
		{"end of day: today and tomorrow", "Today: wrote tests\nTomorrow: release\nBlockers: none",
			Sections{Yesterday: "wrote tests", Today: "release"}, true},
		{"tomorrow with yesterday and today", "Yesterday: a\nToday: b\nTomorrow: c",
			Sections{Yesterday: "a", Today: "b\nTomorrow: c"}, true},
		{"repeated section", "Doing: a\nBlockers: none\nNext: b",
			Sections{Today: "a\nb"}, true},
		{"content on both lines", "Yesterday: the importer\n    and its tests\n\n\n    and docs\nToday: b",
			Sections{Yesterday: "the importer\nand its tests\n\nand docs", Today: "b"}, true},
		{"sign-off dropped", "Yesterday: a\nBlockers: none\n\nThanks,\nAlice",
			Sections{Yesterday: "a"}, true},
		{"sign-off on one line", "Today: a\nBlockers: none\nCheers, Al", Sections{Today: "a"}, true},
		{"german", "Gestern: Import\nHeute: Tests\nBlocker: keine", Sections{Yesterday: "Import", Today: "Tests"}, true},
		{"french", "Hier : import\nAujourd’hui : tests\nBloquants : aucun", Sections{Yesterday: "import", Today: "tests"}, true},
		{"case and spacing", "YESTERDAY :a\n  today:   b  \nhelp needed: c",
			Sections{Yesterday: "a", Today: "b", Blockers: "c"}, true},
		{"numbered headings", "1. Done: a\n2. Up next: b", Sections{Yesterday: "a", Today: "b"}, true},
		{"today's is not a heading", "Today's review went fine.\nBlockers: none", Sections{Today: "Today's review went fine."}, true},
	}
	for _, tt := range tests {
		got, ok := SplitStatus(tt.text)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: SplitStatus(%q) = %+v, %v; want %+v, %v", tt.name, tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzSplitStatus(f *testing.F) {
	for _, s := range []string{"", "Yesterday: a\nToday: b\nBlockers: none", "Y: a\nT: b\nB: c",
		"Hi,\n**Done:** x\n## Next\n- y\n\nThanks,\nBob", "Today: a\nTomorrow: b", "free text only",
		"- **Blocked by:** nothing.\n  1. Plans:\n\tz", "Hier :\n  a\n\n\nAujourd’hui : b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, ok := SplitStatus(text)
		if !ok && s != (Sections{}) {
			t.Fatalf("SplitStatus(%q) = %+v, false; want empty sections when not ok", text, s)
		}
		for _, field := range []string{s.Yesterday, s.Today, s.Blockers} {
			if strings.TrimRight(field, " \t\n") != field {
				t.Errorf("SplitStatus(%q) field %q has trailing space", text, field)
			}
			for line := range strings.SplitSeq(field, "\n") {
				if !strings.Contains(text, strings.TrimSpace(line)) {
					t.Errorf("SplitStatus(%q) line %q is not in the text", text, line)
				}
			}
		}
		if s2, ok2 := SplitStatus(text); s2 != s || ok2 != ok {
			t.Errorf("SplitStatus(%q) is not deterministic", text)
		}
	})
}
