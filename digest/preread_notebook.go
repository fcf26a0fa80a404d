package digest

import (
	"fmt"
	"time"

	"github.com/preread/preread"
)

// lastNoteLimit bounds each note of the last meeting in a pre-read; the
// notebook has them in full.
const lastNoteLimit = 400

// maxActionsShown is how many open action items a pre-read or a
// follow-up lists; the notebook has them all.
const maxActionsShown = 15

// moreActions says how many open action items were left out, if any.
func moreActions(open int) string {
	if open <= maxActionsShown {
		return ""
	}
	return fmt.Sprintf("… and %d more. %s", open-maxActionsShown, notebookPointer)
}

// notebookPointer says where the whole of something shortened is.
const notebookPointer = "Everything is in your 1:1 notebook: write NOTEBOOK to your agenda address and it comes by reply."

// buildBefore lays out what a pre-read shows before the agenda: the open
// action items, the notes of the last meeting, and the report's items the
// manager closed since the last pre-read. Times are in loc.
func buildBefore(m Meeting, loc *time.Location) []sectionView {
	who := people{m.Manager, m.Report}
	var out []sectionView
	if len(m.Actions) > 0 {
		s := sectionView{Title: "Action items: " + plural(len(m.Actions), "open", "open")}
		today := preread.DateOf(m.Now.In(loc))
		for _, a := range m.Actions[:min(len(m.Actions), maxActionsShown)] {
			s.Entries = append(s.Entries, actionEntry(a.ActionItem, who, today, a.Age))
		}
		s.Outro = moreActions(len(m.Actions))
		out = append(out, s)
	}
	if len(m.LastNotes) > 0 {
		s := sectionView{Title: "Notes from last time, " + m.LastNotes[0].Meeting.In(loc).Format(dayLayout)}
		for _, n := range m.LastNotes {
			e := rowView{Title: who.name(n.From), Body: newBlock(n.Text, lastNoteLimit)}
			e.Body.Cut = false // the pointer below says where the rest is
			s.Entries = append(s.Entries, e)
		}
		s.Outro = notebookPointer
		out = append(out, s)
	}
	if len(m.Closed) > 0 {
		s := sectionView{Title: "Closed since last time"}
		for _, it := range m.Closed {
			meta := "raised by " + who.name(it.From) + ", closed by " + who.name(it.ClosedBy)
			if !it.Closed.IsZero() {
				meta += " on " + it.Closed.In(loc).Format(dayLayout)
			}
			s.Entries = append(s.Entries, rowView{Title: itemTitle(it), Meta: meta, Done: true})
		}
		out = append(out, s)
	}
	return out
}
