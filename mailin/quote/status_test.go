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
		"- **Blocked by:** nothing.\n  1. Plans:\n\tz", "Hier :\n  a\n\n\nAujourd’hui : b",
		"昨日：テスト。今日：リリース。課題：なし", "Gestern: a; Heute: b\n\nViele Grüße\nJonas"} {
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

// TestSplitStatusLanguages reads the headings and the "none" words of each
// language, with ASCII and full-width colons.
func TestSplitStatusLanguages(t *testing.T) {
	tests := []struct {
		lang, text string
		want       Sections
	}{
		{"de", "Gestern: Rechnungslauf geprüft\nHeute: Export fertig machen\nHindernisse: keine",
			Sections{Yesterday: "Rechnungslauf geprüft", Today: "Export fertig machen"}},
		{"de", "Erledigt:\n- Import\nGeplant:\n- Export\nBlocker: warte auf VPN-Zugang",
			Sections{Yesterday: "- Import", Today: "- Export", Blockers: "warte auf VPN-Zugang"}},
		{"de", "Gestern: Import\nHeute: Export\nProbleme: keine bisher", Sections{Yesterday: "Import", Today: "Export"}},
		{"fr", "Hier : revue du schéma\nAujourd'hui : migration\nBlocages : aucun pour l'instant",
			Sections{Yesterday: "revue du schéma", Today: "migration"}},
		{"fr", "Fait : la facturation\nÀ faire : les relances\nPoints bloquants : accès à la base de prod",
			Sections{Yesterday: "la facturation", Today: "les relances", Blockers: "accès à la base de prod"}},
		{"es", "Ayer: revisé el esquema\nHoy: migración\nBloqueos: ninguno",
			Sections{Yesterday: "revisé el esquema", Today: "migración"}},
		{"es", "Ayer: pruebas\nHoy: despliegue\nImpedimentos: sin bloqueos", Sections{Yesterday: "pruebas", Today: "despliegue"}},
		{"pt", "Ontem: revisei o esquema\nHoje: migração\nImpedimentos: nenhum",
			Sections{Yesterday: "revisei o esquema", Today: "migração"}},
		{"pt", "Ontem: testes\nHoje: deploy\nBloqueios: espero acesso ao servidor",
			Sections{Yesterday: "testes", Today: "deploy", Blockers: "espero acesso ao servidor"}},
		{"nl", "Gisteren: schema bekeken\nVandaag: migratie\nBlokkades: geen",
			Sections{Yesterday: "schema bekeken", Today: "migratie"}},
		{"it", "Ieri: revisione dello schema\nOggi: migrazione\nBlocchi: nessuno",
			Sections{Yesterday: "revisione dello schema", Today: "migrazione"}},
		{"sv", "Igår: schemat\nIdag: migreringen\nHinder: inga", Sections{Yesterday: "schemat", Today: "migreringen"}},
		{"ja", "昨日：スキーマのレビュー\n今日：移行作業\nブロッカー：なし",
			Sections{Yesterday: "スキーマのレビュー", Today: "移行作業"}},
		{"ja", "昨日: テスト\n今日: リリース\n課題: 特にありません", Sections{Yesterday: "テスト", Today: "リリース"}},
		{"ja", "昨日：テスト\n今日：リリース\n課題：本番DBへのアクセス待ち",
			Sections{Yesterday: "テスト", Today: "リリース", Blockers: "本番DBへのアクセス待ち"}},
		{"zh", "昨天：审查数据库结构\n今天：迁移\n阻碍：无", Sections{Yesterday: "审查数据库结构", Today: "迁移"}},
		{"zh", "昨天: 测试\n今天: 发布\n阻碍: 没有", Sections{Yesterday: "测试", Today: "发布"}},
		{"zh", "昨天：测试\n今天：发布\n问题：等待生产环境权限",
			Sections{Yesterday: "测试", Today: "发布", Blockers: "等待生产环境权限"}},
		{"zh", "今天：发布\n明天：文档", Sections{Yesterday: "发布", Today: "文档"}},
		{"es greeting", "Hola equipo,\nAyer: pruebas\nHoy: despliegue", Sections{Yesterday: "pruebas", Today: "despliegue"}},
		{"pt greeting", "Olá pessoal!\nOntem: testes\nHoje: deploy", Sections{Yesterday: "testes", Today: "deploy"}},
		{"ja greeting", "お疲れ様です。\n昨日：テスト\n今日：リリース", Sections{Yesterday: "テスト", Today: "リリース"}},
		{"zh greeting", "大家好，\n昨天：测试\n今天：发布", Sections{Yesterday: "测试", Today: "发布"}},
		{"en on one line", "Yesterday: the importer. Today: tests. Blockers: none", Sections{Yesterday: "the importer.", Today: "tests."}},
		{"ja on one line", "昨日：テスト。今日：リリース。課題：なし", Sections{Yesterday: "テスト。", Today: "リリース。"}},
		{"zh on one line", "昨天: 测试 今天: 发布 阻碍: 无", Sections{Yesterday: "测试", Today: "发布"}},
		{"de on one line", "Gestern: Import; Heute: Export; Blocker: keine", Sections{Yesterday: "Import;", Today: "Export;"}},
		{"words inside a sentence stay", "Today: fix the flag where done: true is never set, next: unclear", Sections{Today: "fix the flag where done: true is never set, next: unclear"}},
		{"mixed markup", "**Gestern:** Import\n## Heute\n- Export\n\nSent from my iPhone",
			Sections{Yesterday: "Import", Today: "- Export"}},
	}
	for _, tt := range tests {
		got, ok := SplitStatus(tt.text)
		if got != tt.want || !ok {
			t.Errorf("%s: SplitStatus(%q) = %+v, %v; want %+v, true", tt.lang, tt.text, got, ok, tt.want)
		}
	}
	for _, text := range []string{"今日はテストを書きました。", "Hoyland fixed the build.", "Ieri sera ho finito i test."} {
		if got, ok := SplitStatus(text); ok {
			t.Errorf("SplitStatus(%q) = %+v, true; want no sections", text, got)
		}
	}
}
