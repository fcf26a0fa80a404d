package mailtest

import "time"

// Zone loads a time zone, for test fixtures that are package variables;
// a name the zone database lacks is a bug in the test, so it panics.
func Zone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
