package digest

import "github.com/preread/preread"

// statusShown is how many blockers, and how many highlights, a pre-read
// lists: the latest ones. The rest are in the notebook.
const statusShown = 10

// prereadStatus is the report's status since the last 1:1, compacted so
// that it stays out of the meeting.
type prereadStatus struct {
	Title             string
	Empty             string // says there is no status
	Any               bool   // there were status entries at all
	Blockers          []datedView
	BlockersEarlier   int // older blockers left out
	Highlights        []datedView
	HighlightsEarlier int // older highlights left out
}

// datedView is one line of a status list: the workday and what was said.
type datedView struct {
	Day  string // "Mon 23 Nov"
	Text block
}

// buildStatus lists the blockers that stood at the end of each day of
// entries (oldest first), with their days, and one highlight per entry: its
// Today section or its free text (its Yesterday when that is all it has),
// on one line, cut short. first says there was no earlier 1:1.
func buildStatus(entries []preread.StatusEntry, first bool) prereadStatus {
	s := prereadStatus{
		Title: "Status since the last 1:1",
		Empty: "No status updates since the last 1:1.",
		Any:   len(entries) > 0,
	}
	if first {
		s.Title, s.Empty = "Recent status", "No recent status updates."
	}
	for _, b := range standingBlockers(entries) {
		if v := newBlock(b.Text, blockerLimit); !v.Empty() {
			s.Blockers = append(s.Blockers, datedView{dayString(b.Date, dayLayout), v})
		}
	}
	for _, e := range entries {
		if h := highlight(e); !h.Empty() {
			s.Highlights = append(s.Highlights, datedView{dayString(e.Date, dayLayout), h})
		}
	}
	s.Blockers, s.BlockersEarlier = latest(s.Blockers, statusShown)
	s.Highlights, s.HighlightsEarlier = latest(s.Highlights, statusShown)
	return s
}

// highlight is the one-line summary of an entry.
func highlight(e preread.StatusEntry) block {
	raw := e.Today
	switch {
	case raw != "":
	case e.Yesterday == "" && e.Blockers == "":
		raw = e.Text
	default:
		raw = e.Yesterday
	}
	// Bound the work first: oneLine reads all of what it is given.
	t, cut := userText(raw, 2*highlightLimit)
	t, c := cutText(oneLine(t), highlightLimit)
	return block{Text: t, Cut: cut || c}
}

// latest keeps the last n elements of list and says how many it dropped.
func latest(list []datedView, n int) ([]datedView, int) {
	if len(list) <= n {
		return list, 0
	}
	return list[len(list)-n:], len(list) - n
}

// dayBlocker is what blocked someone at the end of a day.
type dayBlocker struct {
	Date preread.Date
	Text string
}

// standingBlockers lists, for each day of entries (in day order), the
// blockers that stood at its end (statusOfDay), leaving out days without.
func standingBlockers(entries []preread.StatusEntry) []dayBlocker {
	var out []dayBlocker
	for i, e := range entries {
		if i < len(entries)-1 && entries[i+1].Date == e.Date {
			continue
		}
		first := i
		for first > 0 && entries[first-1].Date == e.Date {
			first--
		}
		if b := statusOfDay(entries[first : i+1]).Blockers; b != "" {
			out = append(out, dayBlocker{e.Date, b})
		}
	}
	return out
}
