package mailin

import (
	"testing"

	"github.com/preread/preread"
)

func TestCategorize(t *testing.T) {
	tests := []struct {
		subject, text string
		want          preread.Category
	}{
		{"", "", preread.CategoryOther},
		{"Offsite logistics", "Which hotel?", preread.CategoryOther},
		{"#growth", "", preread.CategoryGrowth},
		{"Next steps #Career", "", preread.CategoryGrowth},
		{"Conference budget", "#LEARNING", preread.CategoryGrowth},
		{"I'm stuck on the deploy #idea", "", preread.CategoryIdea},         // the hashtag wins over a keyword
		{"(#feedback) on my talk", "#help", preread.CategoryFeedback},       // the subject's hashtag comes first
		{"Q3 plan #offer #help", "", preread.CategoryOffer},                 // the first hashtag wins
		{"Rota", "I'd like to take on-call. #other", preread.CategoryOther}, // #other keeps it out
		{"See docs#help", "", preread.CategoryOther},
		{"Read https://wiki.corp.example/page#help", "", preread.CategoryOther},
		{"#helpful links", "", preread.CategoryOther},
		{"#help-wanted", "", preread.CategoryOther},
		{"Promotion case", "", preread.CategoryGrowth},
		{"How am I doing?", "", preread.CategoryFeedback},
		{"Perf", "What should I stop doing?", preread.CategoryFeedback},
		{"Deploy", "I'm blocked by the firewall change", preread.CategoryHelp},
		{"Onboarding", "I can help with the new hires", preread.CategoryOffer},
		{"Onboarding", "Happy to help. Bob is stuck though.", preread.CategoryHelp},
		{"On-call", "I can take Friday", preread.CategoryOffer},
		{"What if we ship weekly?", "", preread.CategoryIdea},
		{"Proposal: weekly demos", "", preread.CategoryIdea},
		{"Mentoring idea", "", preread.CategoryGrowth},                      // growth before idea
		{"Feedback on my proposal", "also need help", preread.CategoryHelp}, // help first of all
		{"Of course", "we meet Tuesday", preread.CategoryOther},
		{"Helpful links", "helping hands", preread.CategoryOther},
		{"Mail me", "at help@corp.example", preread.CategoryOther},
		{"Weiterbildung", "", preread.CategoryGrowth},
		{"Ich hänge", "brauche Hilfe beim Release", preread.CategoryHelp},
		{"Idee: Pairing-Tage", "", preread.CategoryIdea},
		{"I can. Help", "", preread.CategoryHelp}, // no phrase across a sentence end
	}
	for _, tt := range tests {
		if got := Categorize(tt.subject, tt.text); got != tt.want {
			t.Errorf("Categorize(%q, %q) = %q; want %q", tt.subject, tt.text, got, tt.want)
		}
	}
}

func TestStripHashtags(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"no tags here", "no tags here"},
		{"#help", ""},
		{"#help deploy access", "deploy access"},
		{"deploy access #help", "deploy access"},
		{"deploy #Help access", "deploy access"},
		{"deploy #help, please", "deploy, please"},
		{"deploy access (#help)", "deploy access"},
		{"deploy [#idea] access", "deploy access"},
		{"#feedback: my talk", "my talk"},
		{"#growth #career promo", "promo"},
		{"ship it #q3 #idea", "ship it #q3"},
		{"docs#help and #helpful stay", "docs#help and #helpful stay"},
		{"see https://x.example/#help", "see https://x.example/#help"},
		{"first line\n#help\nthird  line", "first line\nthird  line"},
		{"  indented #idea text", "  indented text"},
		{"#offer\n\nbody", "\nbody"},
	}
	for _, tt := range tests {
		if got := StripHashtags(tt.in); got != tt.want {
			t.Errorf("StripHashtags(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestNamedReport(t *testing.T) {
	tests := []struct {
		line       string
		name, rest string
		ok         bool
	}{
		{"", "", "", false},
		{"AGENDA for Alice: promotion case", "Alice", "promotion case", true},
		{"Agenda for Alice - promotion case", "Alice", "promotion case", true},
		{"agenda FOR alice@corp.example: raise", "alice@corp.example", "raise", true},
		{"[AGENDA] for Alice Liddell: growth plan", "Alice Liddell", "growth plan", true},
		{"AGENDA: for Bob: x", "Bob", "x", true},
		{"for Alice: after a stripped tag", "Alice", "after a stripped tag", true},
		{"for Alice", "", "", false},
		{"AGENDA for Alice", "Alice", "", true},
		{"AGENDA for Alice -", "Alice", "", true},
		{"Agenda for Mary-Jane van Dyke: leave", "Mary-Jane van Dyke", "leave", true},
		{"AGENDA for <bob@corp.example>: y", "bob@corp.example", "y", true},
		{"for the offsite: ideas", "", "", false},
		{"Agenda for tomorrow's meeting", "", "", false},
		{"AGENDA for Alice: time: 10:00", "Alice", "time: 10:00", true},
		{"AGENDA for Zoë — Q3", "Zoë", "Q3", true},
		{"AGENDA for @: x", "", "", false},
		{"Re: AGENDA for Alice: x", "", "", false}, // strip prefixes with SubjectTag first
		{"for Alice: line one\nline two", "Alice", "line one", true},
		{"Please add for Alice: x", "", "", false},
		{"forAlice: x", "", "", false},
	}
	for _, tt := range tests {
		name, rest, ok := NamedReport(tt.line)
		if name != tt.name || rest != tt.rest || ok != tt.ok {
			t.Errorf("NamedReport(%q) = %q, %q, %v; want %q, %q, %v", tt.line, name, rest, ok, tt.name, tt.rest, tt.ok)
		}
	}
}
