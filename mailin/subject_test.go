package mailin

import (
	"strings"
	"testing"
)

func TestSubjectTag(t *testing.T) {
	tests := []struct {
		subject string
		tag     Tag
		rest    string
		fwd     bool
	}{
		{"", TagNone, "", false},
		{"   ", TagNone, "", false},
		{"Lunch?", TagNone, "Lunch?", false},
		{"[STATUS] What are you working on? (Tue 24 Nov)", TagStatus, "What are you working on? (Tue 24 Nov)", false},
		{"Re: [STATUS] What are you working on? (Tue 24 Nov)", TagStatus, "What are you working on? (Tue 24 Nov)", false},
		{"RE: [status] today", TagStatus, "today", false},
		{"[Status]", TagStatus, "", false},
		{"STATUS: shipped the importer", TagStatus, "shipped the importer", false},
		{"status : shipped", TagStatus, "shipped", false},
		{"Re[2]: STATUS: foo", TagStatus, "foo", false},
		{"Re(3): Re: Fwd: [AGENDA] Q3", TagAgenda, "Q3", true},
		{"AW: WG: [STATUS] Mi 25 Nov", TagStatus, "Mi 25 Nov", true},
		{"AW: [AGENDA] Gehalt", TagAgenda, "Gehalt", false},
		{"SV: VS: Antw: agenda: notes", TagAgenda, "notes", false},
		{"TR : [AGENDA] réorg", TagAgenda, "réorg", true},
		{"Réf. : AGENDA: budget", TagAgenda, "budget", false},
		{"RV: Doorst: [agenda] x", TagAgenda, "x", true},
		{"FW: Offsite plan", TagNone, "Offsite plan", true},
		{"Fwd:Fwd:Re:[AGENDA]y", TagAgenda, "y", true},
		{"AGENDA: Fwd: Q3 plan", TagAgenda, "Q3 plan", true},
		{"[AGENDA]: Re: hiring", TagAgenda, "hiring", false},
		{"Re: [STATUS] Re: [STATUS] Wed", TagStatus, "Wed", false},
		{"[STATUS] [AGENDA] mixed", TagStatus, "[AGENDA] mixed", false},
		{"Re: my status: update", TagNone, "my status: update", false},
		{"Statusupdate: done", TagNone, "Statusupdate: done", false},
		{"[STATUS report] x", TagNone, "[STATUS report] x", false},
		{"Status - Tuesday", TagNone, "Status - Tuesday", false},
		{"Re something", TagNone, "Re something", false},
		{"Ref: invoice 12", TagNone, "Ref: invoice 12", false},
		{"[External] Re: [STATUS] x", TagNone, "[External] Re: [STATUS] x", false},
		{"Re: AGENDA for Alice: promotion case", TagAgenda, "for Alice: promotion case", false},
		{"Agenda for Alice Liddell - growth", TagAgenda, "for Alice Liddell - growth", false},
		{"Agenda for Monday", TagNone, "Agenda for Monday", false},
		{"Agenda for the offsite: ideas", TagNone, "Agenda for the offsite: ideas", false},
		{"Re：[STATUS] 進捗", TagStatus, "進捗", false},
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
		case TagNone, TagStatus, TagAgenda:
		default:
			t.Errorf("SubjectTag(%q) tag = %q", subject, tag)
		}
		if tag != TagNone && !strings.Contains(strings.ToLower(subject), string(tag)) {
			t.Errorf("SubjectTag(%q) tag %q is not in the subject", subject, tag)
		}
	})
}
