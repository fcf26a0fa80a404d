package config

import (
	"strings"
	"time"

	"github.com/preread/preread"
	"gopkg.in/yaml.v3"
)

func (dd *directoryDecoder) pairs(n *yaml.Node) {
	d := dd.d
	keys := map[string]bool{}
	if l := resolve(n); l != nil && l.Kind == yaml.SequenceNode {
		dd.out.Pairs = make([]preread.Pair, 0, len(l.Content))
	}
	d.each(n, "pairs", func(item *yaml.Node, path string) {
		p := preread.Pair{PrereadTo: preread.PrereadToManager, FollowupTo: preread.FollowupToManager,
			Duration: preread.DefaultDuration, Reviews: dd.reviews, Active: true}
		var manager, report, meets located
		var zone *yaml.Node
		var skip []located
		d.fields(item, path, map[string]func(*yaml.Node, string){
			"manager":  func(v *yaml.Node, pth string) { manager = dd.ref(v, pth) },
			"report":   func(v *yaml.Node, pth string) { report = dd.ref(v, pth) },
			"meets":    func(v *yaml.Node, pth string) { meets = dd.ref(v, pth) },
			"timezone": func(v *yaml.Node, pth string) { zone = v; setZone(d, v, pth, &p.TimeZone) },
			"skip":     func(v *yaml.Node, pth string) { skip = d.strs(v, pth) },
			"preread_to": func(v *yaml.Node, pth string) {
				switch s := d.str(v, pth); s {
				case "manager", "both":
					p.PrereadTo = preread.PrereadTo(s)
				default:
					d.add(v, pth, "want manager or both, got %q", s)
				}
			},
			"followup_to": func(v *yaml.Node, pth string) {
				switch s := d.str(v, pth); s {
				case "manager", "both", "none":
					p.FollowupTo = preread.FollowupTo(s)
				default:
					d.add(v, pth, "want manager, both or none, got %q", s)
				}
			},
			"duration": func(v *yaml.Node, pth string) {
				if dur := d.duration(v, pth, 5*time.Minute, 8*time.Hour, "45m"); dur > 0 {
					p.Duration = dur
				}
			},
			// The pair's own list replaces the organisation's; an empty one
			// means no reviews for this pair.
			"reviews": func(v *yaml.Node, pth string) { p.Reviews = dates(d, v, pth) },
		})
		m, mok := dd.required(item, path+".manager", manager)
		r, rok := dd.required(item, path+".report", report)
		if mok && rok {
			p.Manager, p.Report = m.Email, r.Email
			switch {
			case m.Email == r.Email:
				d.add(report.node, report.path, "%s can't be their own report", r.Email)
			case keys[p.Key()]:
				d.add(item, path, "pair %s is listed twice", p.Key())
			}
			keys[p.Key()] = true
		}
		if p.TimeZone == nil && zone == nil {
			p.TimeZone = dd.def.TimeZone
			if mok {
				p.TimeZone = m.TimeZone
			}
		}
		for _, s := range skip {
			if day, ok := parseDate(d, s); ok {
				p.Skip = append(p.Skip, day)
			}
		}
		if dd.meetsAt != nil {
			at := Place{Line: item.Line, Field: path + ".meets"} // in the config file
			if meets.node != nil {
				at.Line = meets.node.Line
			}
			dd.meetsAt[p.Key()] = at
		}
		// No rule, or meets: calendar, waits for a calendar invitation.
		if meets.val != "" && !strings.EqualFold(strings.TrimSpace(meets.val), "calendar") && p.TimeZone != nil {
			rule, err := d.meetingRule(meets.val, p.TimeZone)
			if err != nil {
				d.add(meets.node, meets.path, "%v", err)
			}
			p.Meets = rule
		}
		dd.out.Pairs = append(dd.out.Pairs, p)
	})
}

// required resolves a reference that must be given.
func (dd *directoryDecoder) required(parent *yaml.Node, path string, l located) (preread.Person, bool) {
	if l.val == "" {
		dd.d.add(parent, path, "missing")
		return preread.Person{}, false
	}
	return dd.person(l)
}
