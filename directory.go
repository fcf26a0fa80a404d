package preread

import "sync"

// Directory is everyone preread knows and how they meet: what the config
// file says, as synced into the store.
type Directory struct {
	Holidays []Date
	People   []Person
	Teams    []Team
	Pairs    []Pair

	// index finds people and pairs by address without reading them all:
	// 100,000 people make a scan per message or per pair cost seconds.
	// Copies share it; nil (a Directory built by hand) scans.
	index *directoryIndex
}

// directoryIndex holds positions in People and Pairs by address. With
// keeps both in order and every address as it was, so a directory and
// its copies share one index.
type directoryIndex struct {
	once    sync.Once
	people  int            // len(People) when built: another length is another directory
	pairs   int            // len(Pairs) when built
	byAddr  map[string]int // address or alias -> position in People
	pairsOf map[string][]int
}

// Indexed is d with an index for Person and PairsOf, built at the first
// lookup. People and Pairs must not change afterwards (With makes a new
// directory and may).
func (d Directory) Indexed() Directory {
	d.index = &directoryIndex{}
	return d
}

// built returns the index, built for d, or nil when d has none or is not
// the directory it was built for.
func (d Directory) built() *directoryIndex {
	x := d.index
	if x == nil {
		return nil
	}
	x.once.Do(func() {
		x.people, x.pairs = len(d.People), len(d.Pairs)
		x.byAddr = make(map[string]int, len(d.People))
		for i, p := range d.People {
			for _, a := range p.Addresses() {
				if _, seen := x.byAddr[a]; !seen { // the first, as a scan finds
					x.byAddr[a] = i
				}
			}
		}
		x.pairsOf = make(map[string][]int, len(d.People))
		for i, p := range d.Pairs {
			x.pairsOf[p.Manager] = append(x.pairsOf[p.Manager], i)
			if p.Report != p.Manager {
				x.pairsOf[p.Report] = append(x.pairsOf[p.Report], i)
			}
		}
	})
	if x.people != len(d.People) || x.pairs != len(d.Pairs) {
		return nil
	}
	return x
}

// Person finds a person by address or alias, case-insensitively.
func (d Directory) Person(addr string) (Person, bool) {
	addr = CanonicalAddress(addr)
	if x := d.built(); x != nil {
		if i, ok := x.byAddr[addr]; ok {
			return d.People[i], true
		}
		return Person{}, false
	}
	for _, p := range d.People {
		if p.Email == addr {
			return p, true
		}
		for _, a := range p.Aliases {
			if a == addr {
				return p, true
			}
		}
	}
	return Person{}, false
}

// PairsOf lists the pairs addr (a main address) is the manager or the
// report of, in directory order.
func (d Directory) PairsOf(addr string) []Pair {
	var out []Pair
	if x := d.built(); x != nil {
		for _, i := range x.pairsOf[addr] {
			out = append(out, d.Pairs[i])
		}
		return out
	}
	for _, p := range d.Pairs {
		if p.Manager == addr || p.Report == addr {
			out = append(out, p)
		}
	}
	return out
}
