package main

import (
	"github.com/preread/preread"
	"gopkg.in/yaml.v3"
)

func (dd *directoryDecoder) teams(n *yaml.Node) {
	d := dd.d
	names := map[string]bool{}
	d.each(n, "teams", func(item *yaml.Node, path string) {
		t := preread.Team{TimeZone: dd.def.TimeZone, DigestAt: dd.def.DigestAt, Workdays: dd.def.Workdays,
			DigestTo: preread.DigestToTeam, Active: true}
		var nameNode *yaml.Node
		var manager located
		var members []located
		d.fields(item, path, map[string]func(*yaml.Node, string){
			"name":      func(v *yaml.Node, p string) { t.Name, nameNode = d.str(v, p), v },
			"manager":   func(v *yaml.Node, p string) { manager = dd.ref(v, p) },
			"members":   func(v *yaml.Node, p string) { members = d.strs(v, p) },
			"timezone":  func(v *yaml.Node, p string) { setZone(d, v, p, &t.TimeZone) },
			"digest_at": func(v *yaml.Node, p string) { setClock(d, v, p, &t.DigestAt) },
			"workdays":  func(v *yaml.Node, p string) { setWorkdays(d, v, p, &t.Workdays) },
			"digest_to": func(v *yaml.Node, p string) { dd.digestTo(v, p, &t) },
		})
		switch {
		case t.Name == "":
			d.add(item, path+".name", "missing")
		case names[t.Name]:
			d.add(nameNode, path+".name", "team %q is named twice", t.Name)
		}
		names[t.Name] = true
		if manager.val == "" {
			d.add(item, path+".manager", "missing")
		} else if m, ok := dd.person(manager); ok {
			t.Manager = m.Email
		}
		if len(members) == 0 {
			d.add(item, path+".members", "missing: list the team's members")
		}
		seen := map[string]bool{}
		for _, l := range members {
			if m, ok := dd.person(l); ok {
				if seen[m.Email] {
					d.add(l.node, l.path, "%s is listed twice", m.Email)
					continue
				}
				seen[m.Email] = true
				t.Members = append(t.Members, m.Email)
			}
		}
		dd.out.Teams = append(dd.out.Teams, t)
	})
}

// digestTo reads "team", "manager" or a list of people.
func (dd *directoryDecoder) digestTo(n *yaml.Node, path string, t *preread.Team) {
	if resolve(n).Kind == yaml.SequenceNode {
		t.DigestTo = preread.DigestToList
		for _, l := range dd.d.strs(n, path) {
			if p, ok := dd.person(l); ok {
				t.DigestList = append(t.DigestList, p.Email)
			}
		}
		if len(t.DigestList) == 0 {
			dd.d.add(n, path, "an empty list: name at least one person, or use team or manager")
		}
		return
	}
	switch s := dd.d.str(n, path); s {
	case "team", "manager":
		t.DigestTo = preread.DigestTo(s)
	default:
		dd.d.add(n, path, "want team, manager or a list of addresses, got %q", s)
	}
}

func (dd *directoryDecoder) pairs(n *yaml.Node) {
	d := dd.d
	keys := map[string]bool{}
	d.each(n, "pairs", func(item *yaml.Node, path string) {
		p := preread.Pair{PrereadTo: preread.PrereadToManager, Active: true}
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
		if meets.val == "" {
			d.add(item, path+".meets", `missing: say when they meet, like "weekly tue 10:00"`)
		} else if p.TimeZone != nil {
			rule, err := preread.ParseMeetingRule(meets.val, p.TimeZone)
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
