package config

import (
	"github.com/preread/preread"
	"gopkg.in/yaml.v3"
)

// directoryDecoder reads people, teams and pairs, checking that every
// address is used once and every reference names someone in people.
type directoryDecoder struct {
	d       *decoder
	def     defaults
	reviews []preread.Date // the organisation's review days, for pairs without their own
	out     preread.Directory
	owner   map[string]string // address or alias -> the person's main address
	index   map[string]int    // main address -> index in out.People
	inFile  map[string]bool   // teams the people file puts someone in
	meetsAt map[string]Place  // where each pair's meets is written, by pair key
}

func newDirectoryDecoder(d *decoder, def defaults) *directoryDecoder {
	return &directoryDecoder{d: d, def: def, owner: map[string]string{}, index: map[string]int{},
		inFile: map[string]bool{}}
}

func (dd *directoryDecoder) people(n *yaml.Node) {
	d := dd.d
	if l := resolve(n); l != nil && l.Kind == yaml.SequenceNode {
		dd.out.People = make([]preread.Person, 0, len(l.Content))
	}
	d.each(n, "people", dd.person1)
}

// personFields are the fields of an item of people: (and the person's
// columns of the people file).
var personFields = map[string]func(*yaml.Node, string){"email": nil, "name": nil, "timezone": nil,
	"workdays": nil, "prompt_at": nil, "preread_at": nil, "aliases": nil, "away": nil}

// person1 reads one person from a mapping (an item of people:, or a row
// of the people file made into one) and adds them to the directory.
func (dd *directoryDecoder) person1(item *yaml.Node, path string) {
	d := dd.d
	p := preread.Person{TimeZone: dd.def.TimeZone, Workdays: dd.def.Workdays,
		PromptAt: dd.def.PromptAt, PrereadAt: dd.def.PrereadAt, Active: true}
	var email located
	var aliases []located
	d.fieldsOf(item, path, personFields, func(key string, v *yaml.Node, pth string) {
		switch key {
		case "email":
			email = located{d.str(v, pth), v, pth}
		case "name":
			p.Name = d.str(v, pth)
		case "timezone":
			setZone(d, v, pth, &p.TimeZone)
		case "workdays":
			setWorkdays(d, v, pth, &p.Workdays)
		case "prompt_at":
			setClock(d, v, pth, &p.PromptAt)
		case "preread_at":
			setClock(d, v, pth, &p.PrereadAt)
		case "aliases":
			aliases = d.strs(v, pth)
		case "away":
			for _, a := range d.strs(v, pth) {
				r, err := preread.ParseDateRange(a.val)
				if err != nil {
					d.add(a.node, a.path, "%v", err)
					continue
				}
				p.Away = append(p.Away, r)
			}
		}
	})
	if email.val == "" {
		d.add(item, join(path, "email"), "missing")
		return
	}
	addr, ok := dd.claim(email)
	if !ok {
		return
	}
	p.Email = addr
	for _, a := range aliases {
		if alias, ok := dd.claimFor(a, addr); ok {
			p.Aliases = append(p.Aliases, alias)
		}
	}
	dd.index[addr] = len(dd.out.People)
	dd.out.People = append(dd.out.People, p)
}

// claim registers a person's main address; false when it is malformed or taken.
func (dd *directoryDecoder) claim(l located) (string, bool) {
	addr, ok := checkAddress(dd.d, l.node, l.path, l.val)
	if !ok {
		return "", false
	}
	return dd.claimFor(l, addr)
}

// claimFor registers an address (main or alias) as owned by owner.
func (dd *directoryDecoder) claimFor(l located, owner string) (string, bool) {
	addr, ok := checkAddress(dd.d, l.node, l.path, l.val)
	if !ok {
		return "", false
	}
	if prev, taken := dd.owner[addr]; taken {
		dd.d.add(l.node, l.path, "%s is used twice (already an address of %s)", addr, prev)
		return "", false
	}
	dd.owner[addr] = owner
	return addr, true
}

// person resolves a reference (an address or alias) to someone in people.
func (dd *directoryDecoder) person(l located) (preread.Person, bool) {
	addr, ok := checkAddress(dd.d, l.node, l.path, l.val)
	if !ok {
		return preread.Person{}, false
	}
	owner, known := dd.owner[addr]
	if !known {
		dd.d.add(l.node, l.path, "%s is not in people: add them there first", addr)
		return preread.Person{}, false
	}
	return dd.out.People[dd.index[owner]], true
}

// ref reads one person reference from a node.
func (dd *directoryDecoder) ref(n *yaml.Node, path string) located {
	return located{dd.d.str(n, path), resolve(n), path}
}
