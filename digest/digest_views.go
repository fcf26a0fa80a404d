package digest

import (
	"sync"
	"time"
)

// written is a team digest as written for readers in one time zone: all
// of it but the headers that name the reader.
type written struct {
	subject, text, html string
}

// digestViews keeps a TeamDay's digest as written for each time zone, so
// a team of 100 readers is written once a zone, not 100 times (each took
// ~2 ms at 100 members).
type digestViews struct {
	mu    sync.Mutex
	byLoc map[string]written
}

// write writes d's digest with times in loc, once for each zone; a nil
// digestViews writes it every time.
func (v *digestViews) write(d TeamDay, loc *time.Location) written {
	if v == nil {
		return writeDigest(d, loc)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if w, ok := v.byLoc[loc.String()]; ok {
		return w
	}
	w := writeDigest(d, loc)
	if v.byLoc == nil {
		v.byLoc = map[string]written{}
	}
	v.byLoc[loc.String()] = w
	return w
}

func writeDigest(d TeamDay, loc *time.Location) written {
	v := buildDigest(d, loc)
	return written{subject: v.Subject, text: digestText(v), html: renderHTML("digest", v)}
}
