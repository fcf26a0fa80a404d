package preread

// Directory is everyone preread knows and how they meet: what the config
// file says, as synced into the store.
type Directory struct {
	Holidays []Date
	People   []Person
	Teams    []Team
	Pairs    []Pair
}

// Person finds a person by address or alias, case-insensitively.
func (d Directory) Person(addr string) (Person, bool) {
	addr = CanonicalAddress(addr)
	for _, p := range d.People {
		for _, a := range p.Addresses() {
			if a == addr {
				return p, true
			}
		}
	}
	return Person{}, false
}
