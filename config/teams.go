package config

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
		if len(members) == 0 && !dd.inFile[t.Name] {
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
