package digest

import (
	"context"
	"sync"
	"time"

	"github.com/preread/preread"
)

// DayCache is a Source that reads each day's entries (StatusOn) and the
// entries filed since an instant (StatusFiledSince) once, for every team
// whose digest it builds: each of those reads returns the whole
// company's, so 1,000 teams read 100,000 people's entries 1,000 times
// without it. Build one for the digests due at one instant and drop it;
// what is filed after its first read waits for the next digest, as it
// would for a team built earlier. The maps it returns are shared: read
// them, never change them. Safe for concurrent use.
type DayCache struct {
	Source
	mu    sync.Mutex
	on    map[preread.Date]map[string][]preread.StatusEntry
	since map[time.Time]map[string][]preread.StatusEntry
}

// NewDayCache wraps src.
func NewDayCache(src Source) *DayCache {
	return &DayCache{Source: src, on: map[preread.Date]map[string][]preread.StatusEntry{},
		since: map[time.Time]map[string][]preread.StatusEntry{}}
}

// StatusOn reads the day's entries the first time it is asked.
func (c *DayCache) StatusOn(ctx context.Context, day preread.Date) (map[string][]preread.StatusEntry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.on[day]; ok {
		return m, nil
	}
	m, err := c.Source.StatusOn(ctx, day)
	if err != nil {
		return nil, err
	}
	c.on[day] = m
	return m, nil
}

// StatusFiledSince reads the entries filed since the instant the first
// time it is asked.
func (c *DayCache) StatusFiledSince(ctx context.Context, since time.Time) (map[string][]preread.StatusEntry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := since.UTC()
	if s, ok := c.since[key]; ok {
		return s, nil
	}
	s, err := c.Source.StatusFiledSince(ctx, since)
	if err != nil {
		return nil, err
	}
	c.since[key] = s
	return s, nil
}
