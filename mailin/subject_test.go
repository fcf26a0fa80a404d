package mailin

import (
	"strings"
	"testing"

	"github.com/preread/preread"
)

func TestSubjectTag(t *testing.T) {
	tests := []struct {
		subject string
		tag     preread.AddressKind
		rest    string
		fwd     bool
	}{
		{"", preread.AddressNone, "", false},
		{"   ", preread.AddressNone, "", false},
		{"Lunch?", preread.AddressNone, "Lunch?", false},
		{"[STATUS] What are you working on? (Tue 24 Nov)", preread.AddressStatus, "What are you working on? (Tue 24 Nov)", false},
		{"Re: [STATUS] What are you working on? (Tue 24 Nov)", preread.AddressStatus, "What are you working on? (Tue 24 Nov)", false},
		{"RE: [status] today", preread.AddressStatus, "today", false},
		{"[Status]", preread.AddressStatus, "", false},
		{"STATUS: shipped the importer", preread.AddressStatus, "shipped the importer", false},
		{"status : shipped", preread.AddressStatus, "shipped", false},
		{"Re[2]: STATUS: foo", preread.AddressStatus, "foo", false},
		{"Re(3): Re: Fwd: [AGENDA] Q3", preread.AddressAgenda, "Q3", true},
		{"AW: WG: [STATUS] Mi 25 Nov", preread.AddressStatus, "Mi 25 Nov", true},
		{"AW: [AGENDA] Gehalt", preread.AddressAgenda, "Gehalt", false},
		{"SV: VS: Antw: agenda: notes", preread.AddressAgenda, "notes", false},
		{"TR : [AGENDA] réorg", preread.AddressAgenda, "réorg", true},
		{"Réf. : AGENDA: budget", preread.AddressAgenda, "budget", false},
		{"RV: Doorst: [agenda] x", preread.AddressAgenda, "x", true},
		{"FW: Offsite plan", preread.AddressNone, "Offsite plan", true},
		{"Fwd:Fwd:Re:[AGENDA]y", preread.AddressAgenda, "y", true},
		{"AGENDA: Fwd: Q3 plan", preread.AddressAgenda, "Q3 plan", true},
		{"[AGENDA]: Re: hiring", preread.AddressAgenda, "hiring", false},
		{"Re: [STATUS] Re: [STATUS] Wed", preread.AddressStatus, "Wed", false},
		{"[STATUS] [AGENDA] mixed", preread.AddressStatus, "[AGENDA] mixed", false},
		{"Re: my status: update", preread.AddressNone, "my status: update", false},
		{"Statusupdate: done", preread.AddressNone, "Statusupdate: done", false},
		{"[STATUS report] x", preread.AddressNone, "[STATUS report] x", false},
		{"Status - Tuesday", preread.AddressNone, "Status - Tuesday", false},
		{"Re something", preread.AddressNone, "Re something", false},
		{"Ref: invoice 12", preread.AddressNone, "Ref: invoice 12", false},
		{"[External] Re: [STATUS] x", preread.AddressNone, "[External] Re: [STATUS] x", false},
		{"Re: AGENDA for Alice: promotion case", preread.AddressAgenda, "for Alice: promotion case", false},
		{"Agenda for Alice Liddell - growth", preread.AddressAgenda, "for Alice Liddell - growth", false},
		{"Agenda for Monday", preread.AddressNone, "Agenda for Monday", false},
		{"Agenda for the offsite: ideas", preread.AddressNone, "Agenda for the offsite: ideas", false},
		{"Re：[STATUS] 進捗", preread.AddressStatus, "進捗", false},
	}
	for _, tt := range tests {
		tag, rest, fwd := SubjectTag(tt.subject)
		if tag != tt.tag || rest != tt.rest || fwd != tt.fwd {
			t.Errorf("SubjectTag(%q) = %q, %q, %v; want %q, %q, %v", tt.subject, tag, rest, fwd, tt.tag, tt.rest, tt.fwd)
		}
	}
}

func FuzzSubjectTag(f *testing.F) {
	for _, s := range []string{"", "Re: [STATUS] x", "AW: WG: STATUS: y", "Re[2]: Fwd(3): [agenda]",
		"Réf. : TR : z", "AGENDA for Alice: q", "Re：[status]", "[STATUS", "Re[", "Re(12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, subject string) {
		tag, rest, _ := SubjectTag(subject)
		if !strings.Contains(subject, rest) {
			t.Errorf("SubjectTag(%q) rest %q is not part of the subject", subject, rest)
		}
		if rest != strings.TrimSpace(rest) {
			t.Errorf("SubjectTag(%q) rest %q is not trimmed", subject, rest)
		}
		switch tag {
		case preread.AddressNone, preread.AddressStatus, preread.AddressAgenda:
		default:
			t.Errorf("SubjectTag(%q) tag = %q", subject, tag)
		}
		if tag != preread.AddressNone && !strings.Contains(strings.ToLower(subject), string(tag)) {
			t.Errorf("SubjectTag(%q) tag %q is not in the subject", subject, tag)
		}
	})
}
