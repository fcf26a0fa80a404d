package quote

import "testing"

// TestTrimSignatureBlocks drops signatures that no "-- " introduced and
// keeps short status lines that look like them.
func TestTrimSignatureBlocks(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"closing, name and title", "Rolled out the cache.\n\nBest,\nPriya Raman\nSenior SRE, Platform\n", "Rolled out the cache."},
		{"german closing and company", "Cache ist live.\n\nViele Grüße\nJonas Weber\nTeamleiter Plattform\nBeispiel GmbH\n", "Cache ist live."},
		{"french closing and phone", "Cache en production.\n\nCordialement,\nLéa Martin\nTél. : +33 1 23 45 67 89\n", "Cache en production."},
		{"spanish closing and address", "Caché en producción.\n\nSaludos,\nDiego Ruiz\nCalle Mayor 12, 28013 Madrid\n+34 912 345 678\n", "Caché en producción."},
		{"cheers and a link", "Merged.\n\nCheers,\nTom\nhttps://tom.example.dev\n", "Merged."},
		{"closing and a name with a title", "Merged.\n\nRegards\n\nPriya Raman | Staff Engineer\nExample Corp\n", "Merged."},
		{"closing and name alone stay", "Merged.\n\nCheers,\nTom\n", "Merged.\n\nCheers,\nTom"},
		{"bare first name", "Rolled out the cache, no errors so far.\n\nPriya\n", "Rolled out the cache, no errors so far."},
		{"bare first name with a hyphen", "Cache en production.\n\nJean-Luc\n", "Cache en production."},
		{"name block with phone", "Migrated the last tenant.\n\nPriya Raman\n+49 151 2345 6789\n", "Migrated the last tenant."},
		{"name block with address", "Migrated the last tenant.\n\nJonas Weber\nBeispiel GmbH\nHauptstraße 5, 10115 Berlin\nTel: +49 30 1234567\n", "Migrated the last tenant."},
		{"name block with a postal address", "Migrated the last tenant.\n\nJonas Weber\nBeispiel GmbH\nHauptstraße 5\n10115 Berlin\n", "Migrated the last tenant."},
		{"name block with a street", "Migrated the last tenant.\n\nAmy Chen\nExample Inc.\n350 Fifth Avenue, Suite 300\nNew York, NY 10118\n", "Migrated the last tenant."},
		{"lone phone line", "Call me if the import fails.\n\nMobile: +44 7700 900123\n", "Call me if the import fails."},

		{"one-word status stays", "Importer:\n\nDone.\n", "Importer:\n\nDone."},
		{"one-word answer stays", "Can you take the on-call swap?\n\nAgreed\n", "Can you take the on-call swap?\n\nAgreed"},
		{"blockers none stays", "Yesterday: the importer\nToday: tests\n\nBlockers: none\n", "Yesterday: the importer\nToday: tests\n\nBlockers: none"},
		{"name introduced by a colon stays", "Blocked by:\n\nCarol\n", "Blocked by:\n\nCarol"},
		{"acronym stays", "Reviewed the design doc.\n\nLGTM\n", "Reviewed the design doc.\n\nLGTM"},
		{"heading word stays", "Yesterday: the importer\n\nToday\n", "Yesterday: the importer\n\nToday"},
		{"last word of a list stays", "Who is on call:\n- Priya\n- Tom\n", "Who is on call:\n- Priya\n- Tom"},
		{"phone in a sentence stays", "Call the vendor at +1 555 010 2000 before noon.\n", "Call the vendor at +1 555 010 2000 before noon."},
	}
	for _, tt := range tests {
		if got := Trim(tt.in); got != tt.want {
			t.Errorf("%s: Trim(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestSplitStatusSignatures drops a name under a status, as Trim does.
func TestSplitStatusSignatures(t *testing.T) {
	tests := []struct {
		text string
		want Sections
	}{
		{"Yesterday: importer\nToday: tests\nBlockers: none\n\nPriya", Sections{Yesterday: "importer", Today: "tests"}},
		{"Gestern: Import\nHeute: Tests\n\nViele Grüße\nJonas", Sections{Yesterday: "Import", Today: "Tests"}},
		{"Yesterday: importer\nToday: tests\nBlockers:\n\nCarol", Sections{Yesterday: "importer", Today: "tests", Blockers: "Carol"}},
	}
	for _, tt := range tests {
		if got, ok := SplitStatus(tt.text); got != tt.want || !ok {
			t.Errorf("SplitStatus(%q) = %+v, %v; want %+v, true", tt.text, got, ok, tt.want)
		}
	}
}
