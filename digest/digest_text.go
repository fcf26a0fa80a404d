package digest

import "strings"

// Phrases the text and HTML layouts share.
const (
	cutNote      = "(Cut short: the full text is in the notebook, see preread export.)"
	noUpdates    = "No updates yet today."
	blockerOnly  = "Only a blocker, listed above."
	emptyReply   = "(An empty reply.)"
	unblocked    = "No longer blocked."
	digestFooter = "To add or change your update, reply to today's status prompt."
)

// digestText lays out the plain-text part of a team digest.
func digestText(v digestView) string {
	var t textWriter
	t.para("", "", v.Team+" daily status")
	t.line(v.Day)
	if len(v.Blockers) > 0 {
		t.heading("Blockers")
		for _, b := range v.Blockers {
			head := b.Name
			if n := b.StreakNote(); n != "" {
				head += " (" + n + ")"
			}
			t.para("* ", "  ", head)
			t.para("  ", "  ", b.Text.Text)
			if b.Text.Cut {
				t.para("  ", "  ", cutNote)
			}
		}
	}
	t.heading("Updates")
	if len(v.Updates) == 0 {
		t.line(noUpdates)
	}
	for i, m := range v.Updates {
		if i > 0 {
			t.blank()
		}
		t.para("", "  ", m.Name)
		for j, e := range m.Entries {
			if j > 0 {
				t.line("")
			}
			entryText(&t, e)
		}
	}
	t.blank()
	if len(v.Missing) > 0 {
		t.para("", "  ", "No update yet: "+strings.Join(v.Missing, ", "))
	}
	if len(v.Away) > 0 {
		t.para("", "  ", "Away: "+strings.Join(v.Away, ", "))
	}
	t.blank()
	t.signature()
	t.para("", "", v.Footer)
	return t.String()
}

// entryText writes one reply, indented under the member's name.
func entryText(t *textWriter, e entryView) {
	if e.At != "" {
		t.line("  " + e.At)
	}
	switch {
	case e.BlockerOnly:
		t.line("  " + blockerOnly)
	case len(e.Sections) == 0:
		t.line("  " + emptyReply)
	}
	for _, s := range e.Sections {
		if s.Label == "" {
			t.para("  ", "  ", s.Text.Text)
			continue
		}
		t.line("  " + s.Label + ":")
		t.para("    ", "    ", s.Text.Text)
	}
	if e.Unblocked {
		t.line("  " + unblocked)
	}
	if e.Cut {
		t.para("  ", "  ", cutNote)
	}
}
