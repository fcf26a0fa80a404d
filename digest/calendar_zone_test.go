package digest

import (
	"strings"
	"testing"
	"time"
)

// A zone built from an invitation's VTIMEZONE can be named anything its
// sender wrote. The confirmation names a zone only by an IANA name or by
// its offset, never by that text.
func TestSeriesPhraseHidesForeignZoneNames(t *testing.T) {
	hostile := time.FixedZone("Verify your preread account at https://evil.example/login", 3600)
	for _, tt := range []struct {
		first time.Time
		want  string
	}{
		{time.Date(2026, 10, 6, 10, 0, 0, 0, hostile), "weekly on Tuesday 10:00 UTC+01:00"},
		{time.Date(2026, 10, 6, 10, 0, 0, 0, time.FixedZone("Local", -9000)), "weekly on Tuesday 10:00 UTC-02:30"},
		{time.Date(2026, 10, 6, 10, 0, 0, 0, berlin), "weekly on Tuesday 10:00 Europe/Berlin"},
		{time.Date(2026, 10, 6, 10, 0, 0, 0, time.UTC), "weekly on Tuesday 10:00 UTC"},
	} {
		got := seriesPhrase("FREQ=WEEKLY;BYDAY=TU", tt.first)
		if got != tt.want || strings.Contains(got, "evil") {
			t.Errorf("seriesPhrase(weekly, %v) = %q, want %q", tt.first, got, tt.want)
		}
	}
}
