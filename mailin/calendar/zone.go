package calendar

//go:generate go run ./internal/genwindows -xml /usr/share/unicode/cldr/common/supplemental/windowsZones.xml -license /usr/share/doc/unicode-cldr-core/copyright -out windows_zones.go

import (
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// maxZones bounds the distinct TZIDs one calendar object may name.
const maxZones = 32

// zones resolves the TZIDs of one calendar object. go-ical's Prop.DateTime
// would hand a TZID to time.LoadLocation and ignore the VTIMEZONE, which
// fails on Exchange's Windows names and Outlook's custom zones.
type zones struct {
	defs     map[string]*ical.Component // VTIMEZONE by TZID
	cache    map[string]*time.Location
	fallback *time.Location // for floating times and dates
}

// newZones collects the VTIMEZONE components of cal.
func newZones(cal *ical.Calendar, fallback *time.Location) *zones {
	if fallback == nil {
		fallback = time.UTC
	}
	z := &zones{defs: map[string]*ical.Component{}, cache: map[string]*time.Location{}, fallback: fallback}
	for _, c := range cal.Children {
		if c.Name != ical.CompTimezone {
			continue
		}
		// TZID is TEXT in a VTIMEZONE, so Outlook's "(UTC+01:00) Amsterdam\,
		// Berlin…" has escaped commas there and none in the quoted parameter.
		if id := strings.TrimSpace(text(c.Props.Get(ical.PropTimezoneID))); id != "" {
			if _, dup := z.defs[id]; !dup {
				z.defs[id] = c
			}
		}
	}
	return z
}

// location returns the zone a TZID names: an IANA name, a Windows name
// mapped by CLDR, or else the calendar's VTIMEZONE of that TZID.
func (z *zones) location(tzid string) (*time.Location, error) {
	tzid = strings.TrimSpace(tzid)
	if loc, ok := z.cache[tzid]; ok {
		return loc, nil
	}
	if len(z.cache) >= maxZones {
		return nil, fmt.Errorf("more than %d time zones", maxZones)
	}
	loc, err := z.resolve(tzid)
	if err != nil {
		return nil, err
	}
	z.cache[tzid] = loc
	return loc, nil
}

// resolve finds the zone of a TZID, named zones first: their history is
// complete, where a VTIMEZONE often gives only today's rule (Exchange's
// begin in 1601).
func (z *zones) resolve(tzid string) (*time.Location, error) {
	if tzid == "" {
		return nil, fmt.Errorf("empty TZID")
	}
	if loc := namedZone(tzid); loc != nil {
		return loc, nil
	}
	if def, ok := z.defs[tzid]; ok {
		loc, err := vtimezone(def)
		if err != nil {
			return nil, fmt.Errorf("time zone %q: %w", tzid, err)
		}
		return loc, nil
	}
	return nil, fmt.Errorf("unknown time zone %q and no VTIMEZONE for it", tzid)
}

// namedZone returns the zone a TZID names without a VTIMEZONE, or nil: an
// IANA name ("Europe/Berlin"), one behind a globally unique prefix
// ("/mozilla.org/20050126_1/Europe/Berlin", RFC 5545 §3.2.19), a Windows
// name ("W. Europe Standard Time"), or Exchange's "tzone://Microsoft/Utc".
func namedZone(tzid string) *time.Location {
	if strings.EqualFold(tzid, "tzone://Microsoft/Utc") {
		return time.UTC
	}
	if name := windowsZone(tzid); name != "" {
		if loc := ianaZone(name); loc != nil {
			return loc
		}
	}
	if loc := ianaZone(tzid); loc != nil {
		return loc
	}
	if strings.HasPrefix(tzid, "/") {
		for i := 1; i < len(tzid); i++ {
			if tzid[i] == '/' && strings.Contains(tzid[i+1:], "/") {
				if loc := ianaZone(tzid[i+1:]); loc != nil {
					return loc
				}
			}
		}
	}
	return nil
}

// ianaZone loads an IANA zone by name, or returns nil. "Local" names the
// machine's zone, not a calendar's, so it is not one.
func ianaZone(name string) *time.Location {
	if name == "" || name == "Local" || len(name) > 64 || strings.ContainsAny(name, " ,\\") {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}
