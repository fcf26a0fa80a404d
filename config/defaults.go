package config

import (
	"slices"
	"time"

	"github.com/preread/preread"
	"gopkg.in/yaml.v3"
)

// defaults apply to every person, team and pair that does not say otherwise.
// They are folded into the Directory, so File does not keep them.
type defaults struct {
	TimeZone  *time.Location
	Workdays  preread.Weekdays
	PromptAt  preread.Clock
	DigestAt  preread.Clock
	PrereadAt preread.Clock
}

// decodeDefaults reads defaults:, starting from preread's own.
func decodeDefaults(d *decoder, n *yaml.Node) defaults {
	def := defaults{TimeZone: time.UTC, Workdays: preread.DefaultWorkdays,
		PromptAt: preread.Clock{Hour: 9}, DigestAt: preread.Clock{Hour: 11}, PrereadAt: preread.Clock{Hour: 16}}
	d.fields(n, "defaults", map[string]func(*yaml.Node, string){
		"timezone":   func(v *yaml.Node, p string) { setZone(d, v, p, &def.TimeZone) },
		"workdays":   func(v *yaml.Node, p string) { setWorkdays(d, v, p, &def.Workdays) },
		"prompt_at":  func(v *yaml.Node, p string) { setClock(d, v, p, &def.PromptAt) },
		"digest_at":  func(v *yaml.Node, p string) { setClock(d, v, p, &def.DigestAt) },
		"preread_at": func(v *yaml.Node, p string) { setClock(d, v, p, &def.PrereadAt) },
	})
	return def
}

// setZone reads an IANA time zone name into *dst when it is valid.
func setZone(d *decoder, n *yaml.Node, path string, dst **time.Location) {
	name := d.str(n, path)
	if name == "" {
		return
	}
	loc, err := d.zone(name)
	if err != nil || name == "Local" {
		d.add(n, path, "unknown time zone %q: use an IANA name like Europe/Berlin or America/New_York", name)
		return
	}
	*dst = loc
}

func setClock(d *decoder, n *yaml.Node, path string, dst *preread.Clock) {
	s := d.str(n, path)
	c, err := preread.ParseClock(s)
	if err != nil {
		d.add(n, path, "%v", err)
		return
	}
	*dst = c
}

func setWorkdays(d *decoder, n *yaml.Node, path string, dst *preread.Weekdays) {
	var names []string
	items := d.strs(n, path)
	for _, it := range items {
		if _, err := preread.ParseWeekday(it.val); err != nil {
			d.add(it.node, it.path, "%v", err)
			return
		}
		names = append(names, it.val)
	}
	if resolve(n).Kind != yaml.SequenceNode {
		return
	}
	if len(names) == 0 {
		d.add(n, path, "no workdays: list at least one, like [mon, tue, wed, thu, fri]")
		return
	}
	w, err := preread.ParseWeekdays(names)
	if err != nil {
		d.add(n, path, "%v", err)
		return
	}
	*dst = w
}

func parseDate(d *decoder, l located) (preread.Date, bool) {
	day, err := preread.ParseDate(l.val)
	if err != nil {
		d.add(l.node, l.path, "%v", err)
		return day, false
	}
	return day, true
}

// dates reads a list of days, in order, each once.
func dates(d *decoder, n *yaml.Node, path string) []preread.Date {
	var out []preread.Date
	for _, l := range d.strs(n, path) {
		if day, ok := parseDate(d, l); ok && !slices.Contains(out, day) {
			out = append(out, day)
		}
	}
	slices.SortFunc(out, preread.Date.Compare)
	return out
}
